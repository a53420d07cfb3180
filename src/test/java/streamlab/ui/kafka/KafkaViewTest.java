package streamlab.ui.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.monitor.MessageMark;
import streamlab.testing.TestBroker;

/** The Kafka tab against a real broker: connecting, topics, the message tail and its filter, an unreachable cluster. */
class KafkaViewTest extends KafkaTabTestBase {

    private KafkaView view;

    @Start
    void start(Stage stage) {
        view = showOnFreshContext(stage);
    }

    private String status(FxRobot robot) {
        return node(robot, "#clusterStatus", Label.class).getText();
    }

    private void connect(FxRobot robot, String bootstrap) {
        robot.interact(() -> node(robot, "#bootstrapField", TextField.class).setText(bootstrap));
        robot.clickOn("#connectButton");
    }

    private void connectToBroker(FxRobot robot) {
        connect(robot, broker.bootstrap());
        await().atMost(Duration.ofSeconds(15)).until(() -> status(robot).startsWith("Connected to "
                + broker.bootstrap() + " · "));
    }

    @Test
    void connectingShowsTheClusterAndACreatedTopicAppearsWithItsPartitions(FxRobot robot) {
        connectToBroker(robot);
        String topic = KafkaTestSupport.unique("created");
        robot.interact(() -> {
            node(robot, "#newTopicName", TextField.class).setText(topic);
            @SuppressWarnings("unchecked")
            Spinner<Integer> parts = node(robot, "#newTopicPartitions", Spinner.class);
            parts.getValueFactory().setValue(3);
        });
        robot.clickOn("#createButton");
        @SuppressWarnings("unchecked")
        TableView<KafkaRows.TopicRow> topics = node(robot, "#topicsTable", TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.getItems().stream()
                .anyMatch(t -> t.name().equals(topic) && t.partitions() == 3));
        assertEquals("Created " + topic + " with 3 partitions.", node(robot, "#topicMessage", Label.class).getText());
        await().atMost(Duration.ofSeconds(5)).until(() -> topic.equals(view.model().selectedTopicProperty().get()));
        assertTrue(status(robot).matches("Connected to localhost:\\d+ · \\d+ topics? · \\d+ groups?"), status(robot));
    }

    @Test
    void theTailShowsTheTopicsMessagesAndTheFilterNarrowsThem(FxRobot robot) throws Exception {
        String topic = KafkaTestSupport.unique("tail");
        admin.createTopic(topic, 3);
        connectToBroker(robot);
        KafkaTestSupport.produce(broker.bootstrap(), topic, 20);
        @SuppressWarnings("unchecked")
        TableView<KafkaRows.TopicRow> topics = node(robot, "#topicsTable", TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.getItems().stream()
                .anyMatch(t -> t.name().equals(topic) && t.endOffsets() == 20));
        robot.interact(() -> topics.getSelectionModel().select(topics.getItems().stream()
                .filter(t -> t.name().equals(topic)).findFirst().orElseThrow()));

        @SuppressWarnings("unchecked")
        TableView<MessageMark> tail = node(robot, "#tailTable", TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> tail.getItems().size() == 20);
        List<MessageMark> rows = List.copyOf(tail.getItems());
        assertTrue(rows.stream().allMatch(m -> m.topic().equals(topic)));
        assertEquals(20, rows.stream().map(m -> m.partition() + "/" + m.offset()).distinct().count());
        // The same key always lands in the same partition.
        rows.stream().collect(java.util.stream.Collectors.groupingBy(MessageMark::key))
                .forEach((k, ms) -> assertEquals(1, ms.stream().map(MessageMark::partition).distinct().count(), k));

        robot.interact(() -> node(robot, "#filterField", TextField.class).setText("k1"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, tail.getItems().size());
        assertTrue(tail.getItems().stream().allMatch(m -> m.key().equals("k1")));
        assertEquals("4 shown of 20 held", node(robot, "#tailCount", Label.class).getText().substring(0, 18));

        robot.interact(() -> node(robot, "#filterField", TextField.class).setText("value-19"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, tail.getItems().size());
        assertEquals("value-19", tail.getItems().get(0).value());
    }

    @Test
    void deleteAsksFirstAndThenRemovesTheTopic(FxRobot robot) throws Exception {
        String topic = KafkaTestSupport.unique("doomed");
        admin.createTopic(topic, 2);
        connectToBroker(robot);
        TableView<KafkaRows.TopicRow> topics = selectTopic(robot, topic);

        robot.clickOn("#deleteButton");
        javafx.scene.layout.HBox confirm = node(robot, "#topicConfirm", javafx.scene.layout.HBox.class);
        assertTrue(confirm.isVisible());
        assertEquals("Delete " + topic + " and all its messages?",
                robot.from(confirm).lookup(".label").queryAs(Label.class).getText());
        robot.clickOn("Cancel");
        assertFalse(confirm.isVisible());
        assertTrue(admin.topics(false).contains(topic), "Cancel deletes nothing");

        robot.clickOn("#deleteButton");
        robot.clickOn(robot.from(confirm).lookup("Delete").queryButton());
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.getItems().stream()
                .noneMatch(t -> t.name().equals(topic)));
        assertEquals("Deleted " + topic + ".", node(robot, "#topicMessage", Label.class).getText());
    }

    private TableView<KafkaRows.TopicRow> selectTopic(FxRobot robot, String topic) {
        @SuppressWarnings("unchecked")
        TableView<KafkaRows.TopicRow> topics = node(robot, "#topicsTable", TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.getItems().stream()
                .anyMatch(t -> t.name().equals(topic)));
        robot.interact(() -> topics.getSelectionModel().select(topics.getItems().stream()
                .filter(t -> t.name().equals(topic)).findFirst().orElseThrow()));
        return topics;
    }

    /**
     * The monitor's message reader keeps asking for a deleted topic's partitions, and the built-in broker creates a
     * topic a client asks for ({@code auto.create.topics.enable}), so a deleted topic comes back with one partition
     * within seconds, and Clear races with it. It waits for the engines' consumers to set
     * {@code allow.auto.create.topics=false}.
     */
    @Test
    void clearEmptiesTheTopicAndADeletedTopicStaysDeleted(FxRobot robot) throws Exception {
        String topic = KafkaTestSupport.unique("gone");
        admin.createTopic(topic, 2);
        KafkaTestSupport.produce(broker.bootstrap(), topic, 5);
        connectToBroker(robot);
        TableView<KafkaRows.TopicRow> topics = selectTopic(robot, topic);
        javafx.scene.layout.HBox confirm = node(robot, "#topicConfirm", javafx.scene.layout.HBox.class);
        robot.clickOn("#recreateButton");
        robot.clickOn(robot.from(confirm).lookup("Clear").queryButton());
        await().atMost(Duration.ofSeconds(20)).until(() -> topics.getItems().stream()
                .anyMatch(t -> t.name().equals(topic) && t.endOffsets() == 0 && t.partitions() == 2));

        robot.clickOn("#deleteButton");
        robot.clickOn(robot.from(confirm).lookup("Delete").queryButton());
        await().atMost(Duration.ofSeconds(10)).until(() -> !admin.topics(false).contains(topic));
        // Several monitor polls later, it is still gone.
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        assertFalse(admin.topics(false).contains(topic));
        assertTrue(topics.getItems().stream().noneMatch(t -> t.name().equals(topic)));
    }

    @Test
    void anUnreachableBootstrapIsToldInOneLineWithinSevenSeconds(FxRobot robot) {
        int nobody = TestBroker.freePort();
        long start = System.nanoTime();
        connect(robot, "localhost:" + nobody);
        await().atMost(Duration.ofSeconds(7)).until(() -> status(robot).startsWith("Unreachable: "));
        long ms = (System.nanoTime() - start) / 1_000_000;
        String text = status(robot);
        assertFalse(text.contains("\n"), text);
        assertTrue(text.contains("localhost:" + nobody), text);
        assertTrue(ms < 7_000, ms + " ms");
        assertTrue(node(robot, "#clusterStatus", Label.class).getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("error")));
        assertFalse(node(robot, "#connectButton", Button.class).isDisabled(), "Connect can be pressed again");
    }

    @Test
    void aBootstrapThatIsNotHostPortIsNamedAtOnce(FxRobot robot) {
        connect(robot, "localhost");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Unreachable: 'localhost' is not HOST:PORT; give the bootstrap servers such as localhost:9092",
                status(robot));
    }
}
