package streamlab.ui.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.Resource;
import streamlab.contention.WorkerKind;
import streamlab.ui.TabTestBase;

/** The Contention tab with process workers: real child JVMs started, killed and ended from the window. */
class ContentionProcessViewTest extends TabTestBase {

    private static final Duration START_UP = Duration.ofSeconds(60);

    private ContentionView view;

    ContentionProcessViewTest() {
        super("/streamlab/ui/contention/ContentionView.fxml");
    }

    @Start
    void start(Stage stage) {
        view = showOnFreshContext(stage);
    }

    /** Chooses processes in the Workers box as a user does, SQLite, 3 workers × 3 tasks with a long hold. */
    private void chooseProcesses(FxRobot robot, long holdMs, boolean lockOn) {
        robot.clickOn(node(robot, "#workers", ComboBox.class));
        robot.clickOn(robot.lookup(".list-cell").match(org.testfx.matcher.control.LabeledMatchers.hasText("processes"))
                .queryLabeled());
        assertEquals(WorkerKind.PROCESS, view.model().workersProperty().get());
        robot.interact(() -> {
            view.model().resourceProperty().set(Resource.SQLITE);
            view.model().threadsProperty().set(3);
            view.model().tasksProperty().set(3);
            node(robot, "#hold", Slider.class).setValue(ContentionViewModel.positionFor(Duration.ofMillis(holdMs)));
            node(robot, "#lockToggle", ToggleButton.class).setSelected(lockOn);
        });
    }

    /** Starts and waits until every child has said hello and its pid is drawn on its lane. */
    private List<Long> startAndAwaitPidsDrawn(FxRobot robot) {
        robot.clickOn(node(robot, "#startButton", Button.class));
        TimelineCanvas timeline = view.timeline();
        await().atMost(START_UP).until(() -> timeline.run() != null
                && timeline.run().lanes().stream().allMatch(l -> l.startedAt() >= 0));
        ContentionRun run = timeline.run();
        assertEquals(WorkerKind.PROCESS, run.workerKind());
        List<Long> pids = new ArrayList<>();
        for (LaneRecorder lane : run.lanes()) {
            pids.add(lane.pid());
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> drawn = new ArrayList<>();
            robot.interact(() -> timeline.placedLabels().forEach(p -> drawn.add(p.text())));
            for (long pid : pids) {
                assertTrue(drawn.stream().anyMatch(t -> t.contains("pid " + pid)), "pid " + pid + " in " + drawn);
            }
        });
        return pids;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void killAllKillsEveryChildAndTheStatusAndLogSayWhatSurvived(FxRobot robot) {
        chooseProcesses(robot, 1_500, true);
        assertTrue(node(robot, "#lockKind", ComboBox.class).isDisabled(), "processes use an OS file lock");
        assertTrue(node(robot, "#deadlockButton", Button.class).isDisabled(), "the deadlock demo needs threads");
        List<Long> pids = startAndAwaitPidsDrawn(robot);
        pids.forEach(pid -> assertTrue(alive(pid), "pid " + pid + " runs"));
        Button killAll = node(robot, "#killAllButton", Button.class);
        assertFalse(killAll.isDisabled(), "Kill all is enabled while running");

        robot.clickOn(killAll);

        await().atMost(Duration.ofSeconds(5)).until(() -> pids.stream().noneMatch(ContentionProcessViewTest::alive));
        TableView<?> history = node(robot, "#historyTable", TableView.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.getItems().size() == 1);
        AtomicReference<String> status = new AtomicReference<>();
        robot.interact(() -> status.set(node(robot, "#statusText", Label.class).getText()));
        assertTrue(status.get().startsWith("killed 3 of 3 processes · integrity_check ok · "), status.get());
        assertTrue(status.get().matches(".*· [0-9] of 9 rows committed and survived.*"), status.get());
        List<String> log = new ArrayList<>(node(robot, "#logList", ListView.class).getItems());
        assertTrue(log.stream().anyMatch(l -> l.contains("after the run: integrity_check ok")), "log: " + log);
        HistoryRow row = (HistoryRow) history.getItems().get(0);
        assertEquals("processes", row.workers());
        assertTrue(killAll.isDisabled(), "Kill all is disabled once the run ended");
    }

    @Test
    void closingTheTabDuringAProcessRunLeavesNoChildAlive(FxRobot robot) {
        chooseProcesses(robot, 3_000, false);
        List<Long> pids = startAndAwaitPidsDrawn(robot);
        pids.forEach(pid -> assertTrue(alive(pid), "pid " + pid + " runs"));

        long t0 = System.nanoTime();
        robot.interact(() -> tab.context().close());
        long closeMs = (System.nanoTime() - t0) / 1_000_000;

        await().atMost(Duration.ofSeconds(3)).until(() -> pids.stream().noneMatch(ContentionProcessViewTest::alive));
        assertTrue(closeMs < 1_500, "closing does not wait on the FX thread for the children: " + closeMs + " ms");
    }
}
