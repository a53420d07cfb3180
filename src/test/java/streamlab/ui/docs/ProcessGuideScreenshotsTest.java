package streamlab.ui.docs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneState;
import streamlab.contention.Resource;
import streamlab.contention.WorkerKind;
import streamlab.ui.contention.TimelineCanvas;

/**
 * The user guide's pictures of process workers: real child JVMs on SQLite, driven from the real window.
 */
class ProcessGuideScreenshotsTest extends GuideScreenshotsBase {

    @Start
    void start(Stage stage) {
        openGuideWindow(stage);
    }

    @Test
    void processRunOnSqliteWithTheLockOff(FxRobot robot) throws Exception {
        Node tab = tab();
        processes(robot, tab, 3, 2, 300, false);
        ContentionRun run = startAndFinish(robot, tab, 1);
        assertTrue(run.lanes().stream().allMatch(l -> l.pid() > 0 && l.startedAt() > l.startingSince()));
        assertDrawn(robot, run, "starting JVM");
        assertImage(save(robot, "process-run.png"));
    }

    @Test
    void processKilledMidTask(FxRobot robot) throws Exception {
        Node tab = tab();
        processes(robot, tab, 3, 3, 400, true);
        Spinner<?> worker = robot.from(tab).lookup("#killWorker").queryAs(Spinner.class);
        robot.interact(() -> ((Spinner<Integer>) worker).getValueFactory().setValue(2));
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        TimelineCanvas timeline = robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> timeline.run() != null
                && timeline.run().lanes().get(1).liveTask() >= 2);
        robot.clickOn(robot.from(tab).lookup("#killButton").queryAs(Node.class));
        ContentionRun run = timeline.run();
        awaitRow(robot, tab, 1);
        assertEquals(LaneState.KILLED, run.lanes().get(1).state());
        assertDrawn(robot, run, "killed");
        assertImage(save(robot, "process-killed.png"));
    }

    /** Chooses processes on SQLite, as in the guide. */
    private static void processes(FxRobot robot, Node tab, int workers, int tasks, long holdMs, boolean lockOn) {
        robot.interact(() -> {
            robot.from(tab).lookup("#workers").queryAs(ComboBox.class).setValue(WorkerKind.PROCESS);
            robot.from(tab).lookup("#resource").queryAs(ComboBox.class).setValue(Resource.SQLITE);
            ((Spinner<Integer>) robot.from(tab).lookup("#threads").queryAs(Spinner.class)).getValueFactory()
                    .setValue(workers);
            ((Spinner<Integer>) robot.from(tab).lookup("#tasks").queryAs(Spinner.class)).getValueFactory()
                    .setValue(tasks);
            robot.from(tab).lookup("#hold").queryAs(Slider.class).setValue(100 * Math.cbrt(holdMs / 5_000.0));
            robot.from(tab).lookup("#lockToggle").queryAs(ToggleButton.class).setSelected(lockOn);
        });
    }

    private ContentionRun startAndFinish(FxRobot robot, Node tab, int rows) throws Exception {
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        TimelineCanvas timeline = robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> timeline.run() != null);
        ContentionRun run = timeline.run();
        awaitRow(robot, tab, rows);
        return run;
    }

    private static void awaitRow(FxRobot robot, Node tab, int rows) throws Exception {
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> history.getItems().size() == rows);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until the last frame has every lane's pid and the label given. */
    private void assertDrawn(FxRobot robot, ContentionRun run, String label) {
        TimelineCanvas timeline = robot.from(tab()).lookup("#timeline").queryAs(TimelineCanvas.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> drawn = new ArrayList<>();
            robot.interact(() -> {
                timeline.fit();
                timeline.placedLabels().forEach(p -> drawn.add(p.text()));
            });
            assertTrue(drawn.contains(label), label + " in " + drawn);
            run.lanes().forEach(l -> assertTrue(drawn.stream().anyMatch(t -> t.contains("pid " + l.pid())),
                    "pid " + l.pid() + " in " + drawn));
        });
    }

    private Node tab() {
        return tab(0);
    }
}
