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
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.lab.ProcessedMessage;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.TopicState;
import streamlab.ui.Screenshots;
import streamlab.ui.Theme;

/** Pictures of the Kafka controls, light and dark, at 100 % and 150 %, written to target/kafka-lanes/. */
@ExtendWith(ApplicationExtension.class)
class LanesScreenshotsTest {

    static final Path OUT = Path.of("target", "kafka-lanes");

    private StackPane root;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Theme.LIGHT.apply();
        root = new StackPane();
        stage.setScene(new Scene(root, 1100, 420));
        stage.show();
    }

    /** A demo topic: 4 partitions, keys sensor-1..5 and some without, two groups, a duplicate and a lost one. */
    static PartitionLanesModel demoModel() {
        TopicState topic = LanesData.topic("temperatures", new long[] {0, 0, 12, 0}, new long[] {58, 47, 61, 39});
        List<MessageMark> marks = new ArrayList<>();
        String[] keys = {"sensor-1", "sensor-2", "sensor-3", "sensor-4", "sensor-5", null};
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
        for (Theme theme : Theme.values()) {
            for (int zoom : new int[] {100, 150}) {
                robot.interact(() -> {
                    theme.apply();
                    root.setStyle("-fx-font-size: " + 14 * zoom / 100 + "px;");
                    stage.setWidth(1100 * zoom / 100);
                    stage.setHeight(420 * zoom / 100);
                });
                WaitForAsyncUtils.waitForFxEvents();
                robot.interact(lanes::redraw);
                save(robot, lanes, "lanes-" + theme.name().toLowerCase() + "-" + zoom);
            }
        }
        robot.interact(() -> {
            Theme.LIGHT.apply();
            root.setStyle("");
            stage.setWidth(1100);
            stage.setHeight(420);
            lanes.axisProperty().set(PartitionLanesCanvas.Axis.TIME);
        });
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, lanes, "lanes-light-100-time");
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
