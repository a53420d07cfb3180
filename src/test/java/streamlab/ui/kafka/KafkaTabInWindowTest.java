package streamlab.ui.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.monitor.MessageMark;
import streamlab.testing.TestBroker;
import streamlab.ui.MainWindowTestBase;

/** The Kafka tab in the window: Ctrl+4 shows it, and Export run writes its report and the tail's messages. */
class KafkaTabInWindowTest extends MainWindowTestBase {

    static TestBroker broker;
    static KafkaAdmin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start();
        admin = KafkaAdmin.connect(broker.bootstrap());
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Test
    void ctrl4ShowsTheTabAndExportWritesTopicsLagAndTheTailsMessages(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        assertEquals("kafka", main.selectedTabName());

        String topic = KafkaTestSupport.unique("export");
        String group = KafkaTestSupport.unique("readers");
        admin.createTopic(topic, 3);
        KafkaTestSupport.produce(broker.bootstrap(), topic, 20);
        // A group that committed offset 2 on each partition: 20 - 3 × 2 = 14 messages of lag.
        admin.resetOffsets(group, topic, KafkaAdmin.ResetTo.OFFSET, 2);

        robot.interact(() -> robot.lookup("#bootstrapField").queryAs(TextField.class).setText(broker.bootstrap()));
        robot.clickOn("#connectButton");
        @SuppressWarnings("unchecked")
        TableView<KafkaRows.TopicRow> topics = robot.lookup("#topicsTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> topics.getItems().stream()
                .anyMatch(t -> t.name().equals(topic) && t.endOffsets() == 20));
        robot.interact(() -> topics.getSelectionModel().select(topics.getItems().stream()
                .filter(t -> t.name().equals(topic)).findFirst().orElseThrow()));
        @SuppressWarnings("unchecked")
        TableView<MessageMark> tail = robot.lookup("#tailTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> tail.getItems().size() == 20);
        @SuppressWarnings("unchecked")
        TableView<KafkaRows.GroupRow> groups = robot.lookup("#groupsTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> groups.getItems().stream()
                .anyMatch(g -> g.groupId().equals(group) && g.lag() == 14));

        Path folder = exportRun(robot);
        assertTrue(folder.getFileName().toString().startsWith("kafka-"), folder.toString());
        String report = Files.readString(folder.resolve("report.md"));
        assertTrue(report.startsWith("# Kafka session"), report);
        assertTrue(report.contains("| " + topic + " | 3 | 20 |"), report);
        assertTrue(report.contains("- Topic " + topic + ": 3 partitions, end offsets summing to 20."), report);
        assertTrue(report.contains("- Group " + group + " (Empty, 0 members): total lag 14 (" + topic + "-0 "),
                report);
        assertTrue(report.contains("| topic | " + topic + " |"), report);
        assertTrue(report.contains("![Kafka session at the time of the export](screenshot.png)"), report);

        List<String> csv = Files.readAllLines(folder.resolve("messages.csv"), StandardCharsets.UTF_8);
        assertEquals(21, csv.size(), String.join("\n", csv));
        assertEquals("time,topic,partition,offset,key,value", csv.get(0));
        assertEquals(20, csv.stream().skip(1).filter(l -> l.contains("," + topic + ",")).count());
        for (int i = 0; i < 20; i++) {
            String end = ",k" + (i % 5) + ",value-" + i;
            assertEquals(1, csv.stream().filter(l -> l.endsWith(end)).count(), end);
        }
        assertTrue(Files.size(folder.resolve("screenshot.png")) > 1000);
        assertTrue(robot.lookup("#clusterStatus").queryAs(Label.class).getText().startsWith("Connected to "));
    }
}
