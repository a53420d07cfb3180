package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static streamlab.ui.FxTestSupport.near;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.contention.ContentionRun;
import streamlab.contention.RunSummary;
import streamlab.ui.Screenshots;
import streamlab.ui.MainWindowTestBase;

class ContentionViewTest extends MainWindowTestBase {

    /** The Contention tab's content: other tabs have controls with the same ids. */
    private static javafx.scene.Node tab;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        tab = openWindow(stage).tabs().getTabs().get(0).getContent();
    }


    private static void setSpinner(FxRobot robot, String id, int value) {
        Spinner<?> spinner = robot.from(tab).lookup(id).queryAs(Spinner.class);
        robot.doubleClickOn(spinner.getEditor());
        robot.eraseText(8).write(String.valueOf(value)).type(KeyCode.TAB);
    }

    private static void setWorkers(FxRobot robot, int threads, int tasksEach) {
        setSpinner(robot, "#threads", threads);
        setSpinner(robot, "#tasks", tasksEach);
    }

    private static void setHold(FxRobot robot, long ms) {
        Slider hold = robot.from(tab).lookup("#hold").queryAs(Slider.class);
        robot.interact(() -> hold.setValue(ContentionViewModel.positionFor(java.time.Duration.ofMillis(ms))));
    }

    /** Looks in this tab only: the window holds the other tabs too. */
    private static void click(FxRobot robot, String id) {
        robot.clickOn(robot.from(tab).lookup(id).queryAs(javafx.scene.Node.class));
    }

    private static String text(FxRobot robot, String id) {
        return robot.from(tab).lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void controlsStartARunWhoseLanesAreDrawnAndFiguresMatchTheEngine(FxRobot robot) throws Exception {
        setWorkers(robot, 4, 5);
        setHold(robot, 20);
        assertEquals("20 ms", text(robot, "#holdValue"));
        click(robot, "#lockToggle");
        assertFalse(robot.from(tab).lookup("#lockToggle").queryAs(ToggleButton.class).isSelected());
        assertEquals("Lock OFF", robot.from(tab).lookup("#lockToggle").queryAs(ToggleButton.class).getText());

        click(robot, "#startButton");
        TimelineCanvas timeline = robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> timeline.run() != null);
        ContentionRun run = timeline.run();
        RunSummary s = run.completion().get(30, TimeUnit.SECONDS);
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                    () -> robot.from(tab).lookup("#historyTable").queryAs(TableView.class).getItems().size() == 1);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("status " + text(robot, "#statusText") + " lost " + text(robot, "#lostFigure")
                    + " tables " + robot.from(tab).lookup("#historyTable").queryAll().size());
        }
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(4, s.scenario().threads());
        assertEquals(5, s.scenario().tasks());
        assertFalse(s.scenario().lockOn());
        assertEquals(String.format("%,d", s.expected()), text(robot, "#expectedFigure"));
        assertEquals("20", text(robot, "#expectedFigure"));
        assertEquals(String.format("%,d", s.actual()), text(robot, "#actualFigure"));
        assertEquals(String.valueOf(s.lost()), text(robot, "#lostFigure"));
        assertTrue(s.lost() > 0, "four workers with a 20 ms hold and no lock lose updates");
        assertEquals(String.valueOf(s.errors()), text(robot, "#errorsFigure"));
        assertEquals(streamlab.contention.Durations.formatNanos(s.maxLockWaitNanos()),
                text(robot, "#maxWaitFigure"));
        assertEquals(ContentionViewModel.formatRate(s.throughputPerSec()), text(robot, "#throughputFigure"));
        HistoryRow row = (HistoryRow) robot.from(tab).lookup("#historyTable").queryAs(TableView.class).getItems().get(0);
        assertEquals(s.lost(), row.lost());
        assertEquals(HistoryRow.Change.FIRST, row.change());
        assertTrue(row.order().matches("[1-4](-[1-4]){3}"), "the four workers in the order they finished: "
                + row.order());

        BufferedImage img = snapshotCanvas(robot, timeline);
        double laneH = Math.min(TimelineCanvas.MAX_LANE,
                Math.max(1, (img.getHeight() - TimelineCanvas.AXIS - 4) / 4));
        for (int lane = 0; lane < 4; lane++) {
            int y = (int) (TimelineCanvas.AXIS + lane * laneH + laneH / 2);
            int coloured = 0;
            for (int x = (int) TimelineCanvas.GUTTER; x < img.getWidth(); x++) {
                if (isPhaseColour(img.getRGB(x, y))) {
                    coloured++;
                }
            }
            assertTrue(coloured > 100, "lane " + (lane + 1) + " is drawn with phase colours: " + coloured);
        }
        assertTrue(countColour(img, TimelineCanvas.LOST) > 0, "lost-update marks are drawn");

        String[] hover = new String[1];
        SegmentBlockProbe probe = new SegmentBlockProbe(run, timeline);
        robot.interact(() -> hover[0] = timeline.describeAt(probe.x(), TimelineCanvas.AXIS + laneH / 2));
        assertTrue(hover[0].startsWith("worker-1 · task 1\nholding (read, work) · start "), hover[0]);
        assertTrue(hover[0].contains("lock off · read "), hover[0]);

        saveScreenshot(robot, "contention-tab.png");
    }

    @Test
    void runAgainFillsHistoryAndExportWritesLogAndCsv(FxRobot robot) throws Exception {
        setWorkers(robot, 2, 3);
        click(robot, "#startButton");
        TimelineCanvas timeline = robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> history.getItems().size() == 1);
        click(robot, "#againButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> history.getItems().size() == 2);
        HistoryRow again = (HistoryRow) history.getItems().get(0);
        HistoryRow first = (HistoryRow) history.getItems().get(1);
        assertEquals(first.order(), again.previousOrder(), "Run again is compared with the run before");
        assertEquals(first.order().equals(again.order()) ? HistoryRow.Change.SAME : HistoryRow.Change.CHANGED,
                again.change());
        assertEquals(first.order() + " → " + again.order(), again.orderText());

        // The tab's Export button goes through the window's one export pipeline: out/contention-<time>/.
        click(robot, "#exportButton");
        Path[] folder = new Path[1];
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            try (Stream<Path> files = Files.list(outDir)) {
                folder[0] = files.filter(p -> p.getFileName().toString().matches("contention-\\d{8}-\\d{6}.*")
                        && Files.exists(p.resolve("report.md"))).findFirst().orElse(null);
            }
            return folder[0] != null;
        });
        Path txt = folder[0].resolve("run-log.txt");
        Path csv = folder[0].resolve("events.csv");
        List<String> log = Files.readAllLines(txt);
        assertTrue(log.get(0).contains(" - run - INFO - start: 2 threads × 3 tasks"), log.get(0));
        assertTrue(log.get(log.size() - 1).contains(" - run - INFO - summary: expected 6, actual 6, lost 0"),
                log.get(log.size() - 1));
        List<String> rows = Files.readAllLines(csv);
        assertEquals("kind,worker,task,tasks,phase,start_ns,end_ns,duration_ns,outcome,read,overwritten,lock,note",
                rows.get(0));
        assertEquals(1 + 2 * 3 * 3, rows.size(), "three phase rows per task, no markers");

        double fitted = timeline.nsPerPx();
        robot.moveTo(timeline).scroll(3, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(timeline.followProperty().get(), "zooming stops following");
        assertTrue(Math.abs(timeline.nsPerPx() / fitted - 1) > 0.5, "three wheel steps of 1.25× zoomed: "
                + timeline.nsPerPx() + " vs " + fitted);
        robot.clickOn(timeline).type(KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(timeline.followProperty().get(), "F fits the whole run again");
        assertEquals(fitted, timeline.nsPerPx(), fitted * 1e-9);
    }

    @Test
    void killWorkerShowsTheDeadLaneAndTheLostIncrement(FxRobot robot) throws Exception {
        // Ten tasks each, so that worker 2 is still at work when the click lands on a busy machine.
        setWorkers(robot, 3, 10);
        setHold(robot, 250);
        setSpinner(robot, "#killWorker", 2);
        click(robot, "#startButton");
        TimelineCanvas timeline = robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> timeline.run() != null
                && timeline.run().lanes().get(1).livePhase() == streamlab.contention.Phase.HOLDING);
        click(robot, "#killButton");
        RunSummary s = timeline.run().completion().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !"…".equals(text(robot, "#lostFigure")));
        assertEquals(List.of(2), s.killedWorkers());
        assertEquals(String.valueOf(s.lost()), text(robot, "#lostFigure"));
        assertTrue(text(robot, "#lostDetail").contains("1 abandoned"), text(robot, "#lostDetail"));
    }

    @Test
    void lockToggleDuringARunReachesTheEngineAndTheHistory(FxRobot robot) throws Exception {
        // Long enough that the toggle is clicked during the run on a busy machine: 60 tasks of 100 ms each.
        setWorkers(robot, 2, 60);
        setHold(robot, 100);
        click(robot, "#lockToggle");
        click(robot, "#startButton");
        TimelineCanvas timeline = robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> timeline.run() != null);
        assertFalse(timeline.run().lockOn());
        click(robot, "#lockToggle");
        assertTrue(timeline.run().lockOn(), "the toggle switched the running engine's lock");
        timeline.run().completion().get(30, TimeUnit.SECONDS);
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> history.getItems().size() == 1);
        assertEquals("off → on", ((HistoryRow) history.getItems().get(0)).lock());
        assertTrue(timeline.run().markers().stream()
                .anyMatch(m -> m.kind() == streamlab.contention.Marker.Kind.LOCK_ON));
    }

    @Test
    void oneDragOfTheHoldSliderIsOneMarkerAndTheHoldCanBeTyped(FxRobot robot) throws Exception {
        setWorkers(robot, 1, 30);
        setHold(robot, 300);
        click(robot, "#startButton");
        TimelineCanvas timeline = robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> timeline.run() != null);
        ContentionRun run = timeline.run();
        Slider hold = robot.from(tab).lookup("#hold").queryAs(Slider.class);
        robot.drag(hold.lookup(".thumb"));
        for (int i = 0; i < 6; i++) {
            robot.moveBy(-6, 0);
        }
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        long markers = run.markers().stream().filter(m -> m.kind() == streamlab.contention.Marker.Kind.HOLD).count();
        assertEquals(1, markers, "one drag, one marker: " + run.markers());
        assertTrue(run.holdNanos() < 300_000_000L, "the drag lowered the hold: " + run.holdNanos());
        // The lower hold lets the run end soon; a stop makes sure.
        robot.interact(() -> run.requestStop());
        run.completion().get(30, TimeUnit.SECONDS);
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> history.getItems().size() == 1);
        assertTrue(((HistoryRow) history.getItems().get(0)).hold().startsWith("300 ms → "),
                ((HistoryRow) history.getItems().get(0)).hold());

        javafx.scene.control.TextField typed = robot.from(tab).lookup("#holdText")
                .queryAs(javafx.scene.control.TextField.class);
        robot.clickOn(typed);
        robot.interact(typed::selectAll);
        robot.write("3 s").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("3 s", text(robot, "#holdValue"));
        assertEquals(java.time.Duration.ofSeconds(3), ((ContentionView) main.labTabs().get("contention").view())
                .model().hold());
    }

    @Test
    void holdSliderHasFineStepsNearZeroAndReachesFiveSeconds() {
        assertEquals(java.time.Duration.ZERO, ContentionViewModel.holdAt(0));
        assertEquals(java.time.Duration.ofNanos(100_000), ContentionViewModel.holdAt(2.8));
        assertEquals(java.time.Duration.ofSeconds(5), ContentionViewModel.holdAt(100));
        assertEquals(1_000, ContentionViewModel.holdAt(ContentionViewModel.positionFor(
                java.time.Duration.ofSeconds(1))).toMillis());
    }

    /** The x position of the middle of worker-1's first hold, from the recorded times. */
    private record SegmentBlockProbe(ContentionRun run, TimelineCanvas timeline) {
        double x() {
            var b = run.lanes().get(0).block();
            long mid = (b.acquired(0) + b.tailStart(0)) / 2;
            return TimelineCanvas.GUTTER + (mid - timeline.viewStart()) / timeline.nsPerPx();
        }
    }

    private BufferedImage snapshotCanvas(FxRobot robot, TimelineCanvas timeline) {
        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> {
            timeline.fit();
            img[0] = SwingFXUtils.fromFXImage(timeline.canvas().snapshot(null, null), null);
        });
        return img[0];
    }

    private void saveScreenshot(FxRobot robot, String name) throws Exception {
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> image[0] = Screenshots.snapshot(stage.getScene()));
        Screenshots.writePng(image[0], Path.of("target", name));
    }

    private static boolean isPhaseColour(int rgb) {
        return near(rgb, TimelineCanvas.WAITING) || near(rgb, TimelineCanvas.HOLDING)
                || near(rgb, TimelineCanvas.WRITING);
    }

    private static int countColour(BufferedImage img, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (near(img.getRGB(x, y), c)) {
                    n++;
                }
            }
        }
        return n;
    }
}
