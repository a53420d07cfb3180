package streamlab.ui.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import streamlab.kafka.lab.CommitMode;
import streamlab.kafka.lab.LabSnapshot;
import streamlab.ui.FxTestSupport;

/** The built-in consumers panel on a real broker: two consumers share a topic; a kill costs a message at most once. */
class KafkaConsumersPanelTest extends KafkaTabTestBase {

    private KafkaView view;

    @Start
    void start(Stage stage) {
        view = showOnFreshContext(stage);
    }

    private static long figure(FxRobot robot, String id) {
        return Long.parseLong(robot.lookup(id).queryAs(Label.class).getText().replace(",", ""));
    }

    /** Connects, selects a new topic of 3 partitions holding 20 messages, and sets up the panel. */
    @SuppressWarnings("unchecked")
    private String prepare(FxRobot robot, String group, int processingMs, CommitMode mode) throws Exception {
        String topic = KafkaTestSupport.unique("lab");
        admin.createTopic(topic, 3);
        KafkaTestSupport.produce(broker.bootstrap(), topic, 20);
        robot.interact(() -> robot.lookup("#bootstrapField").queryAs(TextField.class).setText(broker.bootstrap()));
        robot.clickOn("#connectButton");
        TableView<KafkaRows.TopicRow> topics = robot.lookup("#topicsTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> topics.getItems().stream()
                .anyMatch(t -> t.name().equals(topic)));
        robot.interact(() -> {
            topics.getSelectionModel().select(topics.getItems().stream().filter(t -> t.name().equals(topic))
                    .findFirst().orElseThrow());
            robot.lookup("#labGroup").queryAs(TextField.class).setText(group);
            ((Spinner<Integer>) robot.lookup("#labConsumers").queryAs(Spinner.class)).getValueFactory().setValue(2);
            ((Spinner<Integer>) robot.lookup("#labProcessing").queryAs(Spinner.class)).getValueFactory()
                    .setValue(processingMs);
            ((ComboBox<CommitMode>) robot.lookup("#labMode").queryAs(ComboBox.class)).setValue(mode);
        });
        return topic;
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoConsumersShareTheTopicAndProcessAllTwenty(FxRobot robot) throws Exception {
        prepare(robot, KafkaTestSupport.unique("pair"), 0, CommitMode.AFTER_PROCESSING);
        robot.clickOn("#labStart");
        TableView<LabSnapshot.ConsumerState> rows = robot.lookup("#consumersTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> figure(robot, "#processedFigure") >= 20);
        assertEquals(20, figure(robot, "#processedFigure"));
        assertEquals(0, figure(robot, "#duplicatesFigure"));
        assertEquals(0, figure(robot, "#lostFigure"));
        assertEquals(2, rows.getItems().size());
        Set<Integer> held = rows.getItems().stream().flatMap(c -> c.assignment().stream()).collect(Collectors.toSet());
        assertEquals(Set.of(0, 1, 2), held, "the group's two members hold the three partitions between them");
        assertEquals(20, rows.getItems().stream().mapToLong(LabSnapshot.ConsumerState::processed).sum());
        assertTrue(robot.lookup("#labStart").queryAs(Button.class).isDisabled(), "one group at a time");

        robot.clickOn("#labStopAll");
        assertTrue(robot.lookup("#labStatus").queryAs(Label.class).getText()
                .startsWith("Consumers stopped. Processed 20, duplicates 0, lost 0."));
        assertEquals(20, figure(robot, "#processedFigure"), "the figures stay after a stop");
    }

    @Test
    @SuppressWarnings("unchecked")
    void killingAConsumerThatCommitsBeforeProcessingLosesTheMessageInHand(FxRobot robot) throws Exception {
        prepare(robot, KafkaTestSupport.unique("early"), 400, CommitMode.BEFORE_PROCESSING);
        robot.clickOn("#labStart");
        TableView<LabSnapshot.ConsumerState> rows = robot.lookup("#consumersTable").queryAs(TableView.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.getItems().stream()
                .anyMatch(c -> c.current() != null && c.status() == LabSnapshot.Status.RUNNING));
        int victim = rows.getItems().stream().filter(c -> c.current() != null).findFirst().orElseThrow().number();
        // Found and pressed in one step on the FX thread: the table reuses its cells as rows change.
        robot.interact(() -> robot.lookup(".row-button").queryAllAs(Button.class).stream()
                .filter(b -> b.getText().equals("Kill") && b.getScene() != null
                        && b.getParent().getParent() instanceof javafx.scene.control.TableCell<?, ?> cell
                        && cell.getItem() instanceof LabSnapshot.ConsumerState c && c.number() == victim)
                .findFirst().orElseThrow().fire());
        await().atMost(Duration.ofSeconds(30)).until(() -> figure(robot, "#lostFigure") >= 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> rows.getItems().stream()
                .anyMatch(c -> c.number() == victim && c.status() == LabSnapshot.Status.KILLED));
        // The lanes cross exactly the messages the figure counts.
        streamlab.ui.kafka.lanes.PartitionLanesCanvas lanes = robot.lookup(".partition-lanes")
                .queryAs(streamlab.ui.kafka.lanes.PartitionLanesCanvas.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> streamlab.ui.FxTestSupport.onFx(
                () -> lanes.model().lostMarked() == figure(robot, "#lostFigure")));
    }
}
