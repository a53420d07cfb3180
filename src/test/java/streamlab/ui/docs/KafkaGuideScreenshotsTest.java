package streamlab.ui.docs;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.testing.TestBroker;
import streamlab.ui.Theme;

/**
 * The user guide's pictures of the Kafka tab: a real broker, a topic of three partitions with keyed messages, and a
 * consumer group with lag; the built-in consumers at work, in the light and the dark theme; and the tab at 150 %.
 */
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
        robot.interact(() -> main.setZoom(1.0));
    }
}
