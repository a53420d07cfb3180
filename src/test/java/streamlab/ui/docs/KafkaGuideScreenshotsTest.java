package streamlab.ui.docs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.testing.TestBroker;
import streamlab.kafka.lab.CommitMode;
import streamlab.kafka.lab.LabSnapshot;
import streamlab.stream.SinkStats;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Theme;
import streamlab.ui.kafka.lanes.LagChart;
import streamlab.ui.kafka.lanes.PartitionLanesCanvas;

/**
 * The user guide's pictures of the Kafka tab: a real broker, a topic of three partitions with keyed messages, and a
 * consumer group with lag; the built-in consumers at work, in the light and the dark theme; and the tab at 150 %. Then
 * the Stream tab as the producer, writing the course file into a topic; and what a killed consumer costs under each
 * commit mode. The methods run in order: the first expects the broker's first two topics and groups.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaGuideScreenshotsTest extends GuideScreenshotsBase {

    static TestBroker broker;
    static KafkaAdmin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start();
        admin = KafkaAdmin.connect(broker.bootstrap());
        admin.createTopic("temperatures", 3);
        admin.createTopic("alerts", 1);
        var c = KafkaClients.common(broker.bootstrap());
        try (var p = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(c,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            String[] stations = {"oslo", "bergen", "tromso", "trondheim", "stavanger"};
            for (int i = 0; i < 60; i++) {
                String station = stations[i % stations.length];
                p.send(new org.apache.kafka.clients.producer.ProducerRecord<>("temperatures", station,
                        String.format(java.util.Locale.ROOT, "2017,1,%d,%02d:00,%.1f", 1 + i / 24, i % 24,
                                40 + (i * 7 % 13) / 2.0))).get();
            }
        }
        admin.resetOffsets("dashboard", "temperatures", KafkaAdmin.ResetTo.OFFSET, 8);
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Start
    void start(Stage stage) {
        openGuideWindow(stage);
    }

    @SuppressWarnings("unchecked")
    @Test
    @Order(1)
    void kafkaTabWithATopicItsMessagesAndAGroupsLag(FxRobot robot) throws Exception {
        robot.interact(() -> main.labTabs().select("kafka"));
        Node tab = tab(3);
        robot.interact(() -> robot.from(tab).lookup("#bootstrapField").queryAs(TextField.class)
                .setText(broker.bootstrap()));
        robot.clickOn(robot.from(tab).lookup("#connectButton").queryAs(Node.class));
        @SuppressWarnings("unchecked")
        TableView<Object> topics = robot.from(tab).lookup("#topicsTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> topics.getItems().size() == 2);
        robot.interact(() -> topics.getSelectionModel().select(1));
        @SuppressWarnings("unchecked")
        TableView<Object> tail = robot.from(tab).lookup("#tailTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> tail.getItems().size() == 60);
        @SuppressWarnings("unchecked")
        TableView<Object> groups = robot.from(tab).lookup("#groupsTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !groups.getItems().isEmpty());
        robot.interact(() -> groups.getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertImage(save(robot, "kafka-tab.png"));

        // The built-in consumers: two in a group of their own, a quarter of a second per message.
        robot.interact(() -> {
            robot.from(tab).lookup("#labGroup").queryAs(TextField.class).setText("lab");
            ((javafx.scene.control.Spinner<Integer>) robot.from(tab).lookup("#labProcessing")
                    .queryAs(javafx.scene.control.Spinner.class)).getValueFactory().setValue(250);
        });
        robot.clickOn(robot.from(tab).lookup("#labStart").queryAs(Node.class));
        javafx.scene.control.Label processed = robot.from(tab).lookup("#processedFigure")
                .queryAs(javafx.scene.control.Label.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> Integer.parseInt(processed.getText()) >= 16);
        // Groups are listed by id: dashboard, then lab.
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.getItems().size() == 2);
        robot.interact(() -> groups.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        // As captioned: both consumers joining share one label.
        LagChart chart = robot.from(tab).lookup((Node n) -> n instanceof LagChart).queryAs(LagChart.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> FxTestSupport.onFx(() -> {
            chart.redraw();
            return chart.drawnEventLabels().stream().anyMatch(l -> l.startsWith("2 joined"));
        }));
        assertImage(save(robot, "kafka-consumers.png"));

        robot.interact(() -> main.setTheme(Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        assertImage(save(robot, "kafka-tab-dark.png"));

        robot.interact(() -> {
            main.setTheme(Theme.LIGHT);
            main.setZoom(1.5);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertImage(save(robot, "kafka-tab-150.png"));
        // At 150 % the lanes' toolbar keeps every label whole.
        for (String id : List.of("#lanesZoomOut", "#lanesZoomIn", "#lanesFit", "#lanesFollow", "#lanesTimeAxis")) {
            ButtonBase b = robot.from(tab).lookup(id).queryAs(ButtonBase.class);
            assertTrue(FxTestSupport.onFx(() -> b.getWidth() >= b.prefWidth(-1) - 0.5),
                    id + " is " + b.getWidth() + " px wide for its " + b.prefWidth(-1) + " px text");
        }
        robot.interact(() -> main.setZoom(1.0));
    }

    @SuppressWarnings("unchecked")
    @Test
    @Order(2)
    void streamTabWritesTheCourseFileIntoATopic(FxRobot robot) throws Exception {
        robot.interact(() -> main.labTabs().select("stream"));
        Node tab = tab(1);
        robot.interact(() -> {
            robot.from(tab).lookup("#filePath").queryAs(TextField.class).setText("data/batchfile_0_farenheit.csv");
            robot.from(tab).lookup("#intervalField").queryAs(TextField.class).setText("0");
            robot.from(tab).lookup("#reverseBox").queryAs(CheckBox.class).setSelected(true);
            robot.from(tab).lookup("#fileSinkBox").queryAs(CheckBox.class).setSelected(false);
            robot.from(tab).lookup("#udpSinkBox").queryAs(CheckBox.class).setSelected(false);
            robot.from(tab).lookup("#tcpSinkBox").queryAs(CheckBox.class).setSelected(false);
            robot.from(tab).lookup("#kafkaSinkBox").queryAs(CheckBox.class).setSelected(true);
            robot.from(tab).lookup("#kafkaBootstrapField").queryAs(TextField.class).setText(broker.bootstrap());
            robot.from(tab).lookup("#kafkaTopicField").queryAs(TextField.class).setText("readings");
            ((Spinner<Integer>) robot.from(tab).lookup("#kafkaPartitionsSpinner").queryAs(Spinner.class))
                    .getValueFactory().setValue(3);
        });
        ComboBox<String> key = robot.from(tab).lookup("#kafkaKeyBox").queryAs(ComboBox.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> FxTestSupport.onFx(() -> key.getItems().contains("Time")));
        robot.interact(() -> key.setValue("Time"));
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        TableView<SinkStats> outputs = robot.from(tab).lookup("#sinkTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> FxTestSupport.onFx(() -> outputs.getItems().size() == 1
                && outputs.getItems().get(0).sent() == 168));
        SinkStats kafka = FxTestSupport.onFx(() -> outputs.getItems().get(0));
        assertTrue(kafka.name().startsWith("kafka ") && kafka.name().endsWith("readings"), kafka.name());
        assertEquals(0, kafka.failed());
        assertEquals(3, admin.partitions("readings").size(), "the output created the topic");
        // The Outputs box sits at the bottom of the settings column.
        robot.interact(() -> robot.from(tab).lookup("#settingsScroll").queryAs(ScrollPane.class).setVvalue(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertImage(save(robot, "kafka-stream-output.png"));
    }

    @Test
    @Order(3)
    void aKilledConsumerLosesTheMessageInHandOrProcessesItTwice(FxRobot robot) throws Exception {
        Node tab = connect(robot, "temperatures");
        @SuppressWarnings("unchecked")
        TableView<Object> groups = robot.from(tab).lookup("#groupsTable").queryAs(TableView.class);
        PartitionLanesCanvas lanes = robot.from(tab).lookup(".partition-lanes").queryAs(PartitionLanesCanvas.class);

        runAndKill(robot, tab, "crash", CommitMode.BEFORE_PROCESSING);
        await().atMost(Duration.ofSeconds(40)).until(() -> figure(robot, tab, "#lostFigure") >= 1);
        afterTheRebalance(robot, tab);
        showGroup(robot, groups, "crash");
        await().atMost(Duration.ofSeconds(5)).until(() -> FxTestSupport.onFx(() -> lanes.model().lostMarked() == 1));
        assertEquals(1, figure(robot, tab, "#lostFigure"));
        assertEquals(0, figure(robot, tab, "#duplicatesFigure"));
        assertEquals(1, FxTestSupport.onFx(() -> lanes.model().lost(0).size()), "the cross is in P0, as captioned");
        assertImage(save(robot, "kafka-kill-before.png"));

        robot.clickOn(robot.from(tab).lookup("#labStopAll").queryAs(Node.class));
        runAndKill(robot, tab, "retry", CommitMode.AFTER_PROCESSING);
        await().atMost(Duration.ofSeconds(40)).until(() -> figure(robot, tab, "#duplicatesFigure") >= 1);
        afterTheRebalance(robot, tab);
        showGroup(robot, groups, "retry");
        assertEquals(0, figure(robot, tab, "#lostFigure"));
        assertEquals(0, FxTestSupport.onFx(() -> lanes.model().lostMarked()));
        assertEquals(1, figure(robot, tab, "#duplicatesFigure"), "one message processed twice");
        assertEquals(List.of(2), FxTestSupport.onFx(() -> List.copyOf(lanes.model().duplicates(0).values())),
                "P0 rings one message, 2×, as captioned");
        assertImage(save(robot, "kafka-kill-after.png"));
        robot.clickOn(robot.from(tab).lookup("#labStopAll").queryAs(Node.class));
    }

    /** The Kafka tab connected to the test broker with {@code topic} selected. */
    @SuppressWarnings("unchecked")
    private Node connect(FxRobot robot, String topic) throws Exception {
        robot.interact(() -> main.labTabs().select("kafka"));
        Node tab = tab(3);
        robot.interact(() -> robot.from(tab).lookup("#bootstrapField").queryAs(TextField.class)
                .setText(broker.bootstrap()));
        robot.clickOn(robot.from(tab).lookup("#connectButton").queryAs(Node.class));
        TableView<Object> topics = robot.from(tab).lookup("#topicsTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> FxTestSupport.onFx(() -> topics.getItems().stream()
                .anyMatch(t -> named(t, "name", topic))));
        robot.interact(() -> topics.getSelectionModel().select(topics.getItems().stream()
                .filter(t -> named(t, "name", topic)).findFirst().orElseThrow()));
        return tab;
    }

    /**
     * Two built-in consumers in {@code group}, half a second a message, committing as {@code mode}; once both hold
     * their partitions and have done a few messages, the one with a message in hand is killed.
     */
    @SuppressWarnings("unchecked")
    private void runAndKill(FxRobot robot, Node tab, String group, CommitMode mode) throws Exception {
        robot.interact(() -> {
            robot.from(tab).lookup("#labGroup").queryAs(TextField.class).setText(group);
            ((Spinner<Integer>) robot.from(tab).lookup("#labConsumers").queryAs(Spinner.class)).getValueFactory()
                    .setValue(2);
            ((Spinner<Integer>) robot.from(tab).lookup("#labProcessing").queryAs(Spinner.class)).getValueFactory()
                    .setValue(500);
            ((ComboBox<CommitMode>) robot.from(tab).lookup("#labMode").queryAs(ComboBox.class)).setValue(mode);
        });
        robot.clickOn(robot.from(tab).lookup("#labStart").queryAs(Node.class));
        TableView<LabSnapshot.ConsumerState> rows = robot.from(tab).lookup("#consumersTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> figure(robot, tab, "#processedFigure") >= 6
                && FxTestSupport.onFx(() -> rows.getItems().stream().filter(c -> c.current() != null
                        && c.status() == LabSnapshot.Status.RUNNING).count() == 2));
        // Found and pressed in one step on the FX thread: the table reuses its cells as rows change.
        robot.interact(() -> robot.from(tab).lookup(".row-button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals("Kill") && b.getScene() != null
                        && b.getParent().getParent() instanceof javafx.scene.control.TableCell<?, ?> cell
                        && cell.getItem() instanceof LabSnapshot.ConsumerState c && c.number() == 1)
                .findFirst().orElseThrow().fire());
    }

    /** Waits until the consumer left holds all three partitions and has done two more messages. */
    @SuppressWarnings("unchecked")
    private void afterTheRebalance(FxRobot robot, Node tab) throws Exception {
        TableView<LabSnapshot.ConsumerState> rows = robot.from(tab).lookup("#consumersTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> FxTestSupport.onFx(() -> rows.getItems().stream()
                .anyMatch(c -> c.status() == LabSnapshot.Status.RUNNING && c.assignment().size() == 3)));
        long done = figure(robot, tab, "#processedFigure");
        await().atMost(Duration.ofSeconds(10)).until(() -> figure(robot, tab, "#processedFigure") >= done + 2);
    }

    private void showGroup(FxRobot robot, TableView<Object> groups, String id) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> FxTestSupport.onFx(() -> groups.getItems().stream()
                .anyMatch(g -> named(g, "groupId", id))));
        robot.interact(() -> groups.getSelectionModel().select(groups.getItems().stream()
                .filter(g -> named(g, "groupId", id)).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Whether a row of the tab's tables (records private to the tab) has {@code value} in its first field. */
    private static boolean named(Object row, String field, String value) {
        return row.toString().contains("[" + field + "=" + value + ",");
    }

    private static long figure(FxRobot robot, Node tab, String id) {
        return Long.parseLong(robot.from(tab).lookup(id).queryAs(Label.class).getText().replace(",", ""));
    }
}
