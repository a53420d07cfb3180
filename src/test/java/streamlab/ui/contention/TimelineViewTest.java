package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static streamlab.ui.FxTestSupport.near;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.FlowPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.LockKind;
import streamlab.contention.SegmentBlock;
import streamlab.ui.MainWindowTestBase;
import streamlab.ui.Screenshots;
import streamlab.ui.Theme;

/**
 * The timeline as a student sees it, read from the canvas's pixels: every task and its hold visible at hold 0, lost
 * updates marked, the order view's staircase, the kill label on its lane, and redrawing for the theme and the zoom.
 */
class TimelineViewTest extends MainWindowTestBase {

    private static Node tab;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        tab = openWindow(stage).tabs().getTabs().get(0).getContent();
    }

    @Test
    void atHoldZeroEveryTaskIsItsOwnSegmentAndShowsItsHold(FxRobot robot) throws Exception {
        ContentionRun run = runToEnd(robot, 3, 2, 0, true, LockKind.REENTRANT);
        TimelineCanvas timeline = timeline(robot);
        BufferedImage img = snapshot(robot, timeline);
        double laneH = laneHeight(img, 3);
        for (int l = 0; l < 3; l++) {
            SegmentBlock b = run.lanes().get(l).block();
            TaskSegments s = segmentsOf(robot, timeline, l);
            assertEquals(b.count(), s.size(), "lane " + (l + 1) + ": one segment per record");
            assertEquals(2, b.count(), "lane " + (l + 1) + ": one record per task");
            int top = (int) (TimelineCanvas.AXIS + l * laneH);
            for (int k = 0; k < s.size(); k++) {
                int x0 = (int) Math.round(TimelineCanvas.GUTTER + s.holdStart(k));
                int x1 = (int) Math.round(TimelineCanvas.GUTTER + s.tailStart(k));
                assertTrue(x1 - x0 >= 2, "the hold is at least 2 px wide: " + (x1 - x0));
                int holding = 0;
                for (int x = x0; x < x1; x++) {
                    for (int y = top; y < top + laneH; y++) {
                        holding += near(img.getRGB(x, y), TimelineCanvas.HOLDING) ? 1 : 0;
                    }
                }
                assertTrue(holding >= laneH, "lane " + (l + 1) + " task " + (k + 1)
                        + " shows its hold in the holding colour: " + holding + " px");
                if (k > 0) {
                    int gap = (int) Math.round(TimelineCanvas.GUTTER + s.start(k)) - 1;
                    int mid = (int) (top + laneH / 2);
                    assertFalse(isPhase(img.getRGB(gap, mid)), "a gap marks where task " + (k + 1) + " begins");
                }
            }
        }
        save(robot, "timeline-hold0");
    }

    @Test
    void lostUpdatesAreMarkedBigLinkedToTheOverwrittenWriteAndLabelledInside(FxRobot robot) throws Exception {
        ContentionRun run = runToEnd(robot, 3, 3, 40, false, LockKind.REENTRANT);
        TimelineCanvas timeline = timeline(robot);
        BufferedImage img = snapshot(robot, timeline);
        long lost = run.lanes().stream().mapToLong(LaneRecorder::overwrites).sum();
        assertTrue(lost > 0, "three workers with a 40 ms hold and no lock lose updates");
        int[] run2 = longestRuns(img, TimelineCanvas.LOST);
        assertTrue(run2[0] >= 12, "the lost-update mark is at least 12 px wide: " + run2[0]);
        assertTrue(run2[1] >= 12, "and at least 12 px high: " + run2[1]);
        List<TimelineCanvas.PlacedLabel> labels = timeline.placedLabels();
        assertTrue(labels.stream().anyMatch(l -> l.text().matches("wrote \\d+ over \\d+")), labels.toString());
        for (TimelineCanvas.PlacedLabel l : labels) {
            assertTrue(l.x() >= 0 && l.x() + l.width() <= img.getWidth(), "label inside the canvas: " + l);
        }
        save(robot, "timeline-lockoff");
        robot.interact(() -> main.setTheme(Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, "timeline-lockoff-dark");
        robot.clickOn(robot.from(tab).lookup("#orderToggle").queryAs(ToggleButton.class));
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, "timeline-order-lockoff-dark");
        robot.interact(() -> main.setTheme(Theme.LIGHT));
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, "timeline-order-lockoff");
    }

    @Test
    void orderViewWithTheLockOnIsAStaircaseInAcquisitionOrder(FxRobot robot) throws Exception {
        ContentionRun run = runToEnd(robot, 3, 2, 5, true, LockKind.FAIR);
        TimelineCanvas timeline = timeline(robot);
        ToggleButton order = robot.from(tab).lookup("#orderToggle").queryAs(ToggleButton.class);
        assertEquals("Time | Order", order.getText().replace("_", ""));
        robot.clickOn(order);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(timeline.orderViewProperty().get());
        BufferedImage img = snapshot(robot, timeline);
        double laneH = TimelineCanvas.laneHeight(img.getHeight(), TimelineCanvas.AXIS, 3, true, 1);

        // The acquisition order, from the recorded times.
        List<long[]> acquisitions = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            SegmentBlock b = run.lanes().get(l).block();
            for (int i = 0; i < b.count(); i++) {
                acquisitions.add(new long[] {b.acquired(i), l});
            }
        }
        acquisitions.sort((a, c) -> Long.compare(a[0], c[0]));
        assertEquals(6, acquisitions.size());
        double slot = Math.min(TimelineCanvas.MAX_SLOT, (img.getWidth() - TimelineCanvas.GUTTER - 8) / 6.0);
        int previousRow = -1;
        for (int s = 0; s < 6; s++) {
            int x = (int) (TimelineCanvas.GUTTER + s * slot + slot * 0.15);
            List<Integer> rows = new ArrayList<>();
            for (int l = 0; l < 3; l++) {
                int y = (int) (TimelineCanvas.AXIS + l * laneH + 4);
                if (near(img.getRGB(x, y), TimelineCanvas.HOLDING) || near(img.getRGB(x, y), TimelineCanvas.WRITING)) {
                    rows.add(l);
                }
            }
            assertEquals(List.of((int) acquisitions.get(s)[1]), rows, "slot " + (s + 1)
                    + " is drawn on the row of the worker that took the lock " + (s + 1) + "th, and only there");
            assertNotEquals(previousRow, rows.get(0), "each successive slot is on a different row");
            previousRow = rows.get(0);
        }
        save(robot, "timeline-order-lockon");
        robot.clickOn(timeline).type(javafx.scene.input.KeyCode.O);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(order.isSelected(), "O on the timeline switches back to the time view");
    }

    @Test
    void aThemeSwitchRedrawsTheTimelineInTheNewTextColour(FxRobot robot) throws Exception {
        runToEnd(robot, 2, 2, 0, true, LockKind.REENTRANT);
        TimelineCanvas timeline = timeline(robot);
        Color light = labelColour(snapshot(robot, timeline));
        assertTrue(light.getBrightness() < 0.4, "dark text on the light theme: " + light);
        robot.interact(() -> main.setTheme(Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage dark = snapshotAsIs(robot, timeline);
        Color text = labelColour(dark);
        assertTrue(text.getBrightness() > 0.7, "light text on the dark theme, without any redraw asked for: " + text);
        save(robot, "timeline-hold0-dark");
    }

    @Test
    void theKillLabelSitsOnTheKilledWorkersLane(FxRobot robot) throws Exception {
        // Long enough that the kill lands during the run on a busy machine; Stop ends it after the kill.
        setWorkers(robot, 3, 40, 250, true);
        setSpinner(robot, "#killWorker", 2);
        click(robot, "#startButton");
        TimelineCanvas timeline = timeline(robot);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> timeline.run() != null
                && timeline.run().lanes().get(1).livePhase() == streamlab.contention.Phase.HOLDING);
        click(robot, "#killButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !timeline.run().markers().isEmpty());
        click(robot, "#stopButton");
        timeline.run().completion().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage img = snapshot(robot, timeline);
        double laneH = laneHeight(img, 3);
        TimelineCanvas.PlacedLabel kill = timeline.placedLabels().stream()
                .filter(l -> l.text().equals("killed")).findFirst()
                .orElseThrow(() -> new AssertionError(timeline.placedLabels() + " " + timeline.run().markers()));
        double mid = kill.y() + kill.height() / 2;
        assertTrue(mid > TimelineCanvas.AXIS + laneH && mid < TimelineCanvas.AXIS + 2 * laneH,
                "on lane 2 (" + (TimelineCanvas.AXIS + laneH) + " to " + (TimelineCanvas.AXIS + 2 * laneH) + "): "
                        + kill);
        assertTrue(kill.x() + kill.width() <= img.getWidth(), "not cut at the right edge: " + kill);
        int dark = 0;
        for (int x = (int) kill.x(); x < kill.x() + kill.width(); x++) {
            for (int y = (int) kill.y(); y < kill.y() + kill.height(); y++) {
                dark += new java.awt.Color(img.getRGB(x, y)).getRed() < 90 ? 1 : 0;
            }
        }
        assertTrue(dark > 10, "the label's text is drawn there: " + dark + " dark pixels");
    }

    @Test
    void at150PercentTheTimelineTextGrowsAndTheLegendIsWhole(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        runToEnd(robot, 3, 2, 0, true, LockKind.REENTRANT);
        TimelineCanvas timeline = timeline(robot);
        int small = textHeight(snapshot(robot, timeline), 1.0);
        robot.interact(() -> main.setZoom(1.5));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1.5, timeline.drawScale(), 1e-9);
        int big = textHeight(snapshotAsIs(robot, timeline), 1.5);
        assertTrue(big >= small * 1.3, "lane labels grow with the zoom: " + small + " px to " + big + " px");

        FlowPane legend = robot.from(tab).lookup("#legend").queryAs(FlowPane.class);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            Bounds area = legend.localToScene(legend.getLayoutBounds());
            for (Label l : robot.from(legend).lookup(".label").queryAllAs(Label.class)) {
                if (!l.getParent().isVisible()) {
                    // An entry shown only for another kind of run (the process workers' start-up).
                    continue;
                }
                Bounds b = l.localToScene(l.getLayoutBounds());
                assertTrue(b.getMaxX() <= area.getMaxX() + 0.5 && b.getMaxX() <= 1280,
                        "legend entry inside the window: " + l.getText() + " " + b);
                assertTrue(l.getWidth() >= l.prefWidth(-1) - 0.5, "legend entry not cut: " + l.getText() + " "
                        + l.getWidth() + " < " + l.prefWidth(-1));
            }
        });
        save(robot, "timeline-hold0-150");
        robot.interact(() -> main.setTheme(Theme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        save(robot, "timeline-hold0-150-dark");
        robot.interact(() -> main.setTheme(Theme.LIGHT));
        robot.interact(() -> main.setZoom(1.0));
    }

    // ---- helpers ----

    private ContentionRun runToEnd(FxRobot robot, int threads, int tasks, long holdMs, boolean lockOn, LockKind kind)
            throws Exception {
        setWorkers(robot, threads, tasks, holdMs, lockOn);
        robot.interact(() -> robot.from(tab).lookup("#lockKind").queryAs(javafx.scene.control.ComboBox.class)
                .setValue(kind));
        click(robot, "#startButton");
        TimelineCanvas timeline = timeline(robot);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> timeline.run() != null);
        ContentionRun run = timeline.run();
        run.completion().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !run.isRunning());
        WaitForAsyncUtils.waitForFxEvents();
        return run;
    }

    private static void setWorkers(FxRobot robot, int threads, int tasks, long holdMs, boolean lockOn) {
        setSpinner(robot, "#threads", threads);
        setSpinner(robot, "#tasks", tasks);
        javafx.scene.control.Slider hold = robot.from(tab).lookup("#hold").queryAs(javafx.scene.control.Slider.class);
        robot.interact(() -> hold.setValue(ContentionViewModel.positionFor(java.time.Duration.ofMillis(holdMs))));
        ToggleButton lock = robot.from(tab).lookup("#lockToggle").queryAs(ToggleButton.class);
        robot.interact(() -> lock.setSelected(lockOn));
    }

    private static void setSpinner(FxRobot robot, String id, int value) {
        Spinner<?> spinner = robot.from(tab).lookup(id).queryAs(Spinner.class);
        robot.doubleClickOn(spinner.getEditor());
        robot.eraseText(8).write(String.valueOf(value)).type(javafx.scene.input.KeyCode.TAB);
    }

    private static void click(FxRobot robot, String id) {
        robot.clickOn(robot.from(tab).lookup(id).queryAs(Node.class));
    }

    private static TimelineCanvas timeline(FxRobot robot) {
        return robot.from(tab).lookup("#timeline").queryAs(TimelineCanvas.class);
    }

    private static TaskSegments segmentsOf(FxRobot robot, TimelineCanvas timeline, int lane) {
        TaskSegments[] s = new TaskSegments[1];
        robot.interact(() -> s[0] = timeline.segmentsOf(lane));
        return s[0];
    }

    private static double laneHeight(BufferedImage img, int lanes) {
        return Math.min(TimelineCanvas.MAX_LANE, Math.max(1, (img.getHeight() - TimelineCanvas.AXIS - 4) / lanes));
    }

    /** Fits the view, then reads the canvas. */
    private static BufferedImage snapshot(FxRobot robot, TimelineCanvas timeline) {
        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> {
            timeline.fit();
            img[0] = SwingFXUtils.fromFXImage(timeline.canvas().snapshot(null, null), null);
        });
        return img[0];
    }

    /** Reads the canvas as it is: nothing asks it to draw again. */
    private static BufferedImage snapshotAsIs(FxRobot robot, TimelineCanvas timeline) {
        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> img[0] = SwingFXUtils.fromFXImage(timeline.canvas().snapshot(null, null), null));
        return img[0];
    }

    /** The colour of the most contrasting pixels of lane 1's label "worker-1" in the gutter. */
    private static Color labelColour(BufferedImage img) {
        int y0 = (int) TimelineCanvas.AXIS;
        int y1 = (int) (TimelineCanvas.AXIS + laneHeight(img, 2));
        int bg = img.getRGB(img.getWidth() - 3, img.getHeight() - 3);
        double bgBright = new java.awt.Color(bg).getRed() + new java.awt.Color(bg).getGreen();
        int best = bg;
        double bestDiff = -1;
        for (int x = 12; x < 70; x++) {
            for (int y = y0; y < y1; y++) {
                java.awt.Color c = new java.awt.Color(img.getRGB(x, y));
                double diff = Math.abs(c.getRed() + c.getGreen() - bgBright);
                if (diff > bestDiff) {
                    bestDiff = diff;
                    best = img.getRGB(x, y);
                }
            }
        }
        java.awt.Color c = new java.awt.Color(best);
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue());
    }

    /** The height in pixels of the text in lane 1's gutter label. */
    private static int textHeight(BufferedImage img, double scale) {
        int bg = img.getRGB(img.getWidth() - 3, img.getHeight() - 3);
        int top = Integer.MAX_VALUE;
        int bottom = -1;
        int y1 = (int) (TimelineCanvas.AXIS + TimelineCanvas.laneHeight(img.getHeight(), TimelineCanvas.AXIS, 3, false,
                scale));
        for (int y = (int) TimelineCanvas.AXIS; y < y1 && y < img.getHeight(); y++) {
            for (int x = (int) (12 * scale); x < 60 * scale; x++) {
                if (Math.abs(new java.awt.Color(img.getRGB(x, y)).getRed() - new java.awt.Color(bg).getRed()) > 100) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        return bottom - top + 1;
    }

    /** The longest horizontal and vertical runs of pixels in the colour. */
    private static int[] longestRuns(BufferedImage img, Color c) {
        int h = 0;
        int v = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            int run = 0;
            for (int x = 0; x < img.getWidth(); x++) {
                run = near(img.getRGB(x, y), c) ? run + 1 : 0;
                h = Math.max(h, run);
            }
        }
        for (int x = 0; x < img.getWidth(); x++) {
            int run = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                run = near(img.getRGB(x, y), c) ? run + 1 : 0;
                v = Math.max(v, run);
            }
        }
        return new int[] {h, v};
    }

    private void save(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> image[0] = Screenshots.snapshot(stage.getScene()));
        Screenshots.writePng(image[0], Path.of("target", name + ".png"));
    }

    private static boolean isPhase(int rgb) {
        return near(rgb, TimelineCanvas.WAITING) || near(rgb, TimelineCanvas.HOLDING)
                || near(rgb, TimelineCanvas.WRITING);
    }
}
