package streamlab.ui.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.event.ActionEvent;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.KafkaAdmin;
import streamlab.stream.SinkStats;
import streamlab.stream.StreamState;
import streamlab.testing.TestBroker;
import streamlab.ui.FxTestSupport;
import streamlab.ui.TabTestBase;

/** The Stream tab's Kafka output: its controls, its saved settings, and runs into a real broker. */
class StreamKafkaViewTest extends TabTestBase {

    private static TestBroker broker;

    StreamKafkaViewTest() {
        super("/streamlab/ui/stream/StreamView.fxml");
    }

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Start
    void start(Stage stage) {
        tab.start(stage);
    }

    private StreamViewModel vm() {
        return tab.<StreamView>controller().viewModel();
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> keyBox(FxRobot robot) {
        return node(robot, "#kafkaKeyBox", ComboBox.class);
    }

    private void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 20 s; status: " + vm().status.get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private SinkStats kafkaRow() {
        return vm().sinks.stream().filter(s -> s.name().startsWith("kafka ")).findFirst().orElse(null);
    }

    @Test
    void theKafkaControlsFollowTheirToggleOfferTheHeaderAsKeysAndComeBackWhenTheTabOpensAgain(FxRobot robot)
            throws Exception {
        tab.open(robot, FxTestSupport.context(outDir));
        waitFor(() -> vm().info.get() != null);
        GridPane grid = node(robot, "#kafkaGrid", GridPane.class);
        assertTrue(grid.isDisabled(), "off by default, its fields too");
        // Below the fold of the settings column: fired as a click would.
        robot.interact(() -> node(robot, "#kafkaSinkBox", CheckBox.class).fire());
        assertFalse(grid.isDisabled());
        assertEquals("localhost:9092", node(robot, "#kafkaBootstrapField", TextField.class).getText());
        ComboBox<String> keys = keyBox(robot);
        assertEquals(List.of("", "Year", "Month", "Day", "Time", "TempF"), keys.getItems());
        assertEquals("(none: round-robin)", keys.getConverter().toString(keys.getValue()));
        String keyTip = keys.getTooltip().getText();
        assertTrue(keyTip.contains("same key always lands in the same partition"), keyTip);
        String partitionsTip = node(robot, "#kafkaPartitionsSpinner", Spinner.class).getTooltip().getText();
        assertTrue(partitionsTip.contains("partitions"), partitionsTip);

        robot.interact(() -> {
            node(robot, "#kafkaBootstrapField", TextField.class).setText("127.0.0.1:9093");
            node(robot, "#kafkaTopicField", TextField.class).setText("temps");
            keys.setValue("Month");
            node(robot, "#kafkaPartitionsSpinner", Spinner.class).getValueFactory().setValue(3);
        });
        tab.reopen(robot);
        waitFor(() -> vm().info.get() != null);
        assertTrue(node(robot, "#kafkaSinkBox", CheckBox.class).isSelected());
        assertEquals("127.0.0.1:9093", node(robot, "#kafkaBootstrapField", TextField.class).getText());
        assertEquals("temps", node(robot, "#kafkaTopicField", TextField.class).getText());
        assertEquals("Month", keyBox(robot).getValue());
        assertEquals(3, node(robot, "#kafkaPartitionsSpinner", Spinner.class).getValue());
    }

    @Test
    void aRunIntoTheBrokerCountsInTheOutputsTableAndABadTopicIsAnInlineError(FxRobot robot) throws Exception {
        tab.open(robot, FxTestSupport.context(outDir.resolve("run")));
        waitFor(() -> vm().info.get() != null);
        robot.interact(() -> {
            vm().fileOn.set(false);
            vm().interval.set("0");
            vm().kafkaOn.set(true);
            vm().kafkaBootstrap.set(broker.bootstrap());
            vm().kafkaTopic.set("bad topic");
        });
        robot.clickOn("#startButton");
        waitFor(() -> vm().statusIsError.get());
        assertTrue(vm().status.get().contains("The topic name 'bad topic' is not valid"), vm().status.get());
        assertEquals(StreamState.IDLE, vm().state.get());

        robot.interact(() -> {
            vm().kafkaTopic.set("view-run");
            keyBox(robot).setValue("Time");
            vm().kafkaPartitions.set(3);
        });
        robot.clickOn("#startButton");
        waitFor(() -> vm().state.get() == StreamState.FINISHED && kafkaRow() != null && kafkaRow().sent() == 168);
        assertEquals(0, kafkaRow().failed());
        assertFalse(vm().statusIsError.get(), vm().status.get());
        assertTrue(node(robot, "#sinkTable", TableView.class).getItems().contains(kafkaRow()));
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            assertEquals(Map.of("view-run", 3), admin.partitionCounts(List.of("view-run")));
        }
    }

    @Test
    void aRecordKafkaRefusesShowsTheRunWithFailedDeliveriesNotAsSuccess(FxRobot robot) throws Exception {
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            admin.client().createTopics(List.of(new NewTopic("view-small", 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "1000")))).all().get(10, TimeUnit.SECONDS);
        }
        Path csv = Files.writeString(outDir.resolve("wide.csv"), "n,text\n1,a\n2," + "x".repeat(3000) + "\n3,c\n");
        tab.open(robot, FxTestSupport.context(outDir.resolve("small")));
        robot.interact(() -> {
            TextField file = node(robot, "#filePath", TextField.class);
            file.setText(csv.toString());
            file.fireEvent(new ActionEvent());
        });
        waitFor(() -> csv.equals(vm().file.get()) && vm().info.get() != null);
        robot.interact(() -> {
            vm().fileOn.set(false);
            vm().interval.set("0");
            vm().kafkaOn.set(true);
            vm().kafkaBootstrap.set(broker.bootstrap());
            vm().kafkaTopic.set("view-small");
        });
        robot.clickOn("#startButton");
        waitFor(() -> vm().state.get() == StreamState.FINISHED && kafkaRow() != null
                && kafkaRow().sent() + kafkaRow().failed() == 3 && vm().statusIsError.get());
        assertEquals(2, kafkaRow().sent());
        assertEquals(1, kafkaRow().failed());
        assertTrue(vm().status.get().contains("failed deliveries: kafka " + broker.bootstrap() + " view-small failed"
                + " 1 record (record 2 (line 3) not delivered"), vm().status.get());
        assertTrue(vm().errors.stream().anyMatch(e -> e.contains("record 2 (line 3) not delivered: message of")),
                vm().errors.toString());
    }
}
