package streamlab.ui.kafka.lanes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.lab.ProcessedMessage;
import streamlab.kafka.monitor.GroupEvent;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.LagPoint;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.TopicPartitionId;
import streamlab.kafka.monitor.TopicState;
import streamlab.ui.Screenshots;
import streamlab.ui.Theme;

/** Pictures of the Kafka controls, light and dark, at 100 % and 150 %, written to target/kafka-lanes/. */
@ExtendWith(ApplicationExtension.class)
class LanesScreenshotsTest {

    static final Path OUT = Path.of("target", "kafka-lanes");

    private Pane root;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.LIGHT.apply();
        root = new Pane();
        // Fixed at the headless screen's size: each control takes the size the picture needs.
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }

    /** A demo topic: 4 partitions, keys sensor-1..5 and some without, two groups, a duplicate and a lost one. */
    static PartitionLanesModel demoModel() {
        TopicState topic = LanesData.topic("temperatures", new long[] {0, 0, 12, 0}, new long[] {58, 47, 61, 39});
        List<MessageMark> marks = new ArrayList<>();
        String[] keys = {"boiler", "pump-7", "sensor-3", "valve-a", "roof", null};
        for (int p = 0; p < 4; p++) {
            long start = topic.partitions().get(p).startOffset();
            long end = topic.partitions().get(p).endOffset();
            for (long o = start; o < end; o++) {
                // Keyed partitioning: each key lands on one partition.
                String key = keys[(int) ((p + (o % 3 == 0 ? 4 : 0)) % keys.length)];
                if (p == 3 && o % 5 == 2) {
                    key = null;
                }
                marks.add(LanesData.mark("temperatures", p, o, LanesData.T0 + o * 40 + p * 7, key));
            }
        }
        GroupState a = LanesData.group("dashboard", topic, 50, 47, 40, 20);
        GroupState b = LanesData.group("archiver", topic, 31, 22, 61, 39);
        PartitionLanesModel model = new PartitionLanesModel();
        List<ProcessedMessage> processed = List.of(
                new ProcessedMessage(1, 1, LanesData.T0, LanesData.T0 + 5, 0, 44, "sensor-1", true),
                new ProcessedMessage(2, 2, LanesData.T0, LanesData.T0 + 5, 1, 18, "sensor-2", true));
        model.update(LanesData.snapshot(List.of(topic), List.of(a, b)), topic, marks, processed,
                Map.of(2, Set.of(33L, 34L)));
        return model;
    }

    @Test
    void picturesOfTheLanes(FxRobot robot) throws Exception {
        PartitionLanesCanvas lanes = new PartitionLanesCanvas(demoModel());
        show(robot, lanes);
        eachThemeAndZoom(robot, lanes, 840, 400, "lanes", lanes::redraw);
        robot.interact(() -> {
            Theme.LIGHT.apply();
            root.setStyle("");
            lanes.setPrefSize(840, 400);
            lanes.axisProperty().set(PartitionLanesCanvas.Axis.TIME);
        });
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, lanes, "lanes-light-100-time");
    }

    /** A minute of polls twice a second: lag builds up, a member leaves, the group rebalances, lag drains. */
    static LagChart demoChart() {
        LagChart chart = new LagChart();
        chart.show("dashboard", "temperatures");
        List<LagPoint> points = new ArrayList<>();
        for (int i = 0; i <= 120; i++) {
            long t = LanesData.T0 + i * 500L;
            for (int p = 0; p < 4; p++) {
                long lag = i < 40 ? 2 + (i + p) % 4
                        : i < 70 ? (p < 2 ? (i - 40) * (3 + p) : 3 + p)
                        : Math.max(p, (p < 2 ? 30 * (3 + p) : 3) - (i - 70) * 3L);
                points.add(new LagPoint(t, "dashboard", "temperatures", p, lag));
            }
        }
        List<GroupEvent> events = List.of(
                new GroupEvent(LanesData.T0 + 20_000, "dashboard", GroupEvent.Kind.MEMBER_LEFT,
                        "streamlab-consumer-2 left; 2 partitions moved"),
                new GroupEvent(LanesData.T0 + 20_500, "dashboard", GroupEvent.Kind.REBALANCE, "4 partitions, 1 member"),
                new GroupEvent(LanesData.T0 + 35_000, "dashboard", GroupEvent.Kind.MEMBER_JOINED,
                        "streamlab-consumer-3 joined"),
                new GroupEvent(LanesData.T0 + 35_500, "dashboard", GroupEvent.Kind.REBALANCE, "4 partitions, 2 members"));
        chart.add(points, events);
        return chart;
    }

    static GroupState demoGroup() {
        TopicState topic = LanesData.topic("temperatures", 58, 47, 61, 39);
        GroupState g = LanesData.group("dashboard", topic, 50, 47, 40, -1);
        return new GroupState("dashboard", "Stable", "classic", List.of(
                new GroupState.Member("m-1", "streamlab-consumer-1", "/127.0.0.1", List.of(
                        new TopicPartitionId("temperatures", 0), new TopicPartitionId("temperatures", 1))),
                new GroupState.Member("m-3", "streamlab-consumer-3", "/127.0.0.1", List.of(
                        new TopicPartitionId("temperatures", 2)))),
                g.partitions());
    }

    @Test
    void picturesOfTheLagChartAndTheMembers(FxRobot robot) throws Exception {
        LagChart chart = demoChart();
        show(robot, chart);
        eachThemeAndZoom(robot, chart, 760, 280, "lag-chart", chart::redraw);
        GroupMembersPane members = new GroupMembersPane();
        robot.interact(() -> members.show(demoGroup(), "temperatures"));
        show(robot, members);
        eachThemeAndZoom(robot, members, 560, 170, "members", () -> { });
    }

    private void eachThemeAndZoom(FxRobot robot, Region node, int w, int h, String name, Runnable redraw)
            throws Exception {
        for (Theme theme : Theme.values()) {
            for (int zoom : new int[] {100, 150}) {
                robot.interact(() -> {
                    theme.apply();
                    root.setStyle("-fx-font-size: " + 14 * zoom / 100 + "px;");
                    node.setPrefSize(w * zoom / 100.0, h * zoom / 100.0);
                });
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(redraw);
                save(robot, node, name + "-" + theme.name().toLowerCase(java.util.Locale.ROOT) + "-" + zoom);
            }
        }
    }

    private void show(FxRobot robot, Region control) {
        robot.interact(() -> root.getChildren().setAll(control));
        WaitForAsyncUtils.waitForFxEvents();
    }

    static void save(FxRobot robot, Region node, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> Screenshots.snapshot(node)).get(10, TimeUnit.SECONDS);
        Path file = Screenshots.writePng(img, OUT.resolve(name + ".png"));
        assertTrue(Files.size(file) > 1000, file.toString());
    }
}
