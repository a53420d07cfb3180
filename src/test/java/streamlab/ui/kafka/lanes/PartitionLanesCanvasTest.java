package streamlab.ui.kafka.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static streamlab.ui.FxTestSupport.near;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.lab.ProcessedMessage;
import streamlab.kafka.monitor.ClusterSnapshot;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.TopicState;
import streamlab.ui.Theme;

/**
 * The partition lanes read from their pixels: marks at their offsets in their keys' colours, the end line, a group's
 * cursor and lag band, the time axis's order, zoom, and the dark theme. The canvas is 900 × 400 at 100 %: a gutter of
 * 104 px and a right margin of 8 px leave a plot 788 px wide.
 */
@ExtendWith(ApplicationExtension.class)
class PartitionLanesCanvasTest {

    static final double W = 900;
    static final double H = 400;
    static final double PLOT = W - PartitionLanesCanvas.GUTTER - PartitionLanesCanvas.RIGHT_PAD;

    private Pane root;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        root = new Pane();
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }

    private PartitionLanesCanvas show(FxRobot robot, PartitionLanesModel model) {
        PartitionLanesCanvas lanes = new PartitionLanesCanvas(model);
        robot.interact(() -> {
            lanes.setPrefSize(W, H);
            root.getChildren().setAll(lanes);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return lanes;
    }

    private static BufferedImage pixels(PartitionLanesCanvas lanes) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            lanes.redraw();
            return SwingFXUtils.fromFXImage(lanes.canvas().snapshot(null, null), null);
        }).get(10, TimeUnit.SECONDS);
    }

    private static void update(FxRobot robot, PartitionLanesModel model, ClusterSnapshot snapshot, TopicState topic,
                               List<MessageMark> marks) {
        robot.interact(() -> model.update(snapshot, topic, marks, List.of(), Map.of()));
    }

    /** Keys whose hash codes follow one another, so each has its own colour (6 in the palette). */
    private static String key(int i) {
        return "k" + i;
    }

    @Test
    void aKeyedMarkLandsAtItsOffsetOnItsLaneInItsKeysColour(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 10, 10, 10);
        update(robot, model, null, topic, List.of(LanesData.mark("orders", 1, 4, LanesData.T0, "customer-42")));
        PartitionLanesCanvas lanes = show(robot, model);
        robot.interact(() -> lanes.showRange(0, 10));
        BufferedImage img = pixels(lanes);

        double x = 104 + 4.5 * PLOT / 10;
        assertEquals(x, lanes.xOf(4.5), 1e-9, "message 4 is centred on offset 4.5");
        Color colour = LanePalette.keyColour("customer-42");
        int y1 = (int) lanes.markY(1);
        assertTrue(near(img.getRGB((int) x, y1), colour), "lane 1 at offset 4 has the key's colour: "
                + Integer.toHexString(img.getRGB((int) x, y1)));
        assertFalse(near(img.getRGB((int) x, (int) lanes.markY(0)), colour), "lane 0 has no mark there");
        assertFalse(near(img.getRGB((int) x, (int) lanes.markY(2)), colour), "lane 2 has no mark there");
        assertFalse(near(img.getRGB((int) (x + 30), y1), colour), "nothing 30 px to the right");
        assertEquals(List.of(0, 1, 2), lanes.lanePartitions());
        String hover = lanes.describeAt(x, y1);
        assertTrue(hover.startsWith("partition 1 · offset 4\nkey: customer-42\nvalue: {\"v\":4}\ntime: "), hover);
    }

    @Test
    void theEndOffsetIsALabelledLineAtItsOffset(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 10, 16);
        update(robot, model, null, topic, List.of());
        PartitionLanesCanvas lanes = show(robot, model);
        robot.interact(() -> lanes.showRange(0, 20));
        BufferedImage img = pixels(lanes);
        for (int lane = 0; lane < 2; lane++) {
            long end = topic.partitions().get(lane).endOffset();
            double expected = 104 + end * PLOT / 20;
            // Below the label, where nothing else is drawn: the dark columns are the end line, 2 px wide.
            int y = (int) (lanes.laneTop(lane) + lanes.laneHeight() * 0.7);
            List<Integer> dark = new ArrayList<>();
            for (int x = 104; x < W - 8; x++) {
                if (luminance(img.getRGB(x, y)) < 110) {
                    dark.add(x);
                }
            }
            assertFalse(dark.isEmpty(), "an end line on lane " + lane);
            assertTrue(dark.get(0) >= expected - 2 && dark.get(dark.size() - 1) <= expected + 2,
                    "lane " + lane + ": end " + end + " at x " + expected + ", dark columns " + dark);
        }
    }

    @Test
    void aGroupsCursorSitsAtItsCommittedOffsetAndItsLagBandReachesTheEnd(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 10, 10);
        GroupState group = LanesData.group("billing", topic, 4, 10);
        update(robot, model, LanesData.snapshot(List.of(topic), List.of(group)), topic, List.of());
        assertEquals(List.of(new PartitionLanesModel.Cursor("billing", 4, 6)), model.cursors(0));
        PartitionLanesCanvas lanes = show(robot, model);
        robot.interact(() -> lanes.showRange(0, 20));
        BufferedImage img = pixels(lanes);
        Color gc = LanePalette.groupColour("billing");

        double cursorX = 104 + 4 * PLOT / 20;
        double endX = 104 + 10 * PLOT / 20;
        int y = (int) lanes.markY(0);
        assertTrue(near(img.getRGB((int) Math.floor(cursorX), y), gc), "the cursor's line at offset 4: "
                + Integer.toHexString(img.getRGB((int) Math.floor(cursorX), y)));
        assertFalse(near(img.getRGB((int) cursorX + 8, y), gc), "and nowhere else");

        // The band's lower edge is a line in the group's colour from the cursor to the end: 6 offsets wide.
        int edge = (int) (lanes.bandY(0, 0) + lanes.bandHeightOf(0) - 2);
        int first = -1;
        int last = -1;
        for (int x = 104; x < W - 8; x++) {
            if (near(img.getRGB(x, edge), gc)) {
                first = first < 0 ? x : first;
                last = x;
            }
        }
        assertEquals(cursorX, first, 2.5, "the band starts at the cursor");
        assertEquals(endX, last, 2.5, "and ends at the end offset");
        assertEquals(6 * PLOT / 20, last - first, 3, "its width is the lag of 6 offsets");
    }

    @Test
    void theTimeAxisSpacesMarksByTheirTimesAndKeepsAPartitionsOrder(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 5);
        long t = LanesData.T0;
        // Offset 4's timestamp is older than offset 3's (another producer's clock): it is drawn at offset 3's time.
        long[] times = {t, t + 100, t + 1500, t + 1600, t + 1550};
        List<MessageMark> marks = new ArrayList<>();
        for (int o = 0; o < 5; o++) {
            marks.add(LanesData.mark("orders", 0, o, times[o], key(o)));
        }
        update(robot, model, null, topic, marks);
        PartitionLanesCanvas lanes = show(robot, model);
        robot.interact(() -> lanes.axisProperty().set(PartitionLanesCanvas.Axis.TIME));
        robot.interact(() -> lanes.showRange(t - 200, t + 1800));
        BufferedImage img = pixels(lanes);
        int y = (int) lanes.markY(0);
        double perMs = PLOT / 2000;
        double x0 = centre(img, y, LanePalette.keyColour(key(0)));
        double x1 = centre(img, y, LanePalette.keyColour(key(1)));
        double x2 = centre(img, y, LanePalette.keyColour(key(2)));
        double x4 = centre(img, y, LanePalette.keyColour(key(4)));
        assertEquals(104 + 200 * perMs, x0, 1.5, "offset 0 at its time");
        assertEquals(100 * perMs, x1 - x0, 1.5, "100 ms after it");
        assertEquals(1400 * perMs, x2 - x1, 1.5, "1.4 s after that");
        assertEquals(x2 + 100 * perMs, x4, 1.5, "offset 4 after offset 2 and at offset 3's time, not before it");
        assertTrue(x0 < x1 && x1 < x2 && x2 < x4, "in offset order");
    }

    @Test
    void zoomingChangesTheDistanceBetweenTwoOffsetsByTheFactor(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 100);
        update(robot, model, null, topic, List.of(LanesData.mark("orders", 0, 40, LanesData.T0, key(0)),
                LanesData.mark("orders", 0, 60, LanesData.T0, key(1))));
        PartitionLanesCanvas lanes = show(robot, model);
        robot.interact(() -> lanes.showRange(0, 100));
        int y = (int) lanes.markY(0);
        BufferedImage before = pixels(lanes);
        double d1 = centre(before, y, LanePalette.keyColour(key(1))) - centre(before, y, LanePalette.keyColour(key(0)));
        assertEquals(20 * PLOT / 100, d1, 1.5);
        robot.interact(() -> lanes.zoom(2.5, 104 + PLOT / 2));
        BufferedImage after = pixels(lanes);
        double d2 = centre(after, y, LanePalette.keyColour(key(1))) - centre(after, y, LanePalette.keyColour(key(0)));
        assertEquals(2.5, d2 / d1, 0.05, "zoom 2.5: " + d1 + " px became " + d2);
        robot.interact(lanes::zoomOut);
        BufferedImage out = pixels(lanes);
        double d3 = centre(out, y, LanePalette.keyColour(key(1))) - centre(out, y, LanePalette.keyColour(key(0)));
        assertEquals(0.8, d3 / d2, 0.03, "the − button zooms out by 0.8");
    }

    @Test
    void theDarkThemeDrawsOnItsBackground(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 10);
        update(robot, model, null, topic, List.of());
        PartitionLanesCanvas lanes = show(robot, model);
        BufferedImage light = pixels(lanes);
        // Below the one lane: nothing but the background.
        assertTrue(near(light.getRGB(300, (int) H - 10), Color.WHITE), Integer.toHexString(light.getRGB(300, 390)));
        robot.interact(Theme.DARK::apply);
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage dark = pixels(lanes);
        // Primer Dark's -color-bg-default.
        assertTrue(near(dark.getRGB(300, (int) H - 10), Color.web("#0d1117")),
                Integer.toHexString(dark.getRGB(300, (int) H - 10)));
        robot.interact(Theme.LIGHT::apply);
    }

    @Test
    void duplicatesAndLostMessagesAreMarked(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 10);
        List<MessageMark> marks = new ArrayList<>();
        for (int o = 0; o < 10; o++) {
            marks.add(LanesData.mark("orders", 0, o, LanesData.T0 + o, key(o)));
        }
        robot.interact(() -> model.update(null, topic, marks,
                List.of(new ProcessedMessage(1, 1, 0, 1, 0, 3, key(3), false),
                        new ProcessedMessage(2, 2, 0, 1, 0, 3, key(3), true)),
                Map.of(0, Set.of(7L))));
        PartitionLanesCanvas lanes = show(robot, model);
        robot.interact(() -> lanes.showRange(0, 10));
        BufferedImage img = pixels(lanes);
        int y = (int) lanes.markY(0);
        double x7 = 104 + 7.5 * PLOT / 10;
        assertTrue(near(img.getRGB((int) x7, y), PartitionLanesCanvas.LOST), "a cross on offset 7");
        assertTrue(lanes.describeAt(x7, y).contains("lost"));
        double x3 = 104 + 3.5 * PLOT / 10;
        assertTrue(lanes.describeAt(x3, y).contains("processed 2× (duplicate)"), lanes.describeAt(x3, y));
    }

    @Test
    void crowdedLanesShowEachColumnsFirstKeyAndFollowTheEnd(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel(4_096);
        long[] ends = new long[2];
        List<MessageMark> marks = new ArrayList<>();
        // Partition 0 carries k0 then k1 in turn, partition 1 only k2: keyed partitioning, 20,000 messages.
        for (int i = 0; i < 20_000; i++) {
            int p = i % 2;
            marks.add(LanesData.mark("orders", p, ends[p]++, LanesData.T0 + i, p == 1 ? key(2) : key((i / 2) % 2)));
        }
        update(robot, model, null, LanesData.topic("orders", ends.clone()), marks);
        PartitionLanesCanvas lanes = show(robot, model);
        BufferedImage img = pixels(lanes);
        assertTrue(lanes.followProperty().get());
        // Following: the newest held offsets end near the right edge, the oldest held start near the left.
        double endX = lanes.xOf(ends[0]);
        assertEquals(104 + PLOT - PartitionLanesCanvas.END_ROOM, endX, 1.5, "the end sits END_ROOM from the edge");
        assertEquals(10_000 - 4_096, lanes.unitAt(104), 1, "the oldest held offset at the left edge");
        int y0 = (int) lanes.markY(0);
        int y1 = (int) lanes.markY(1);
        int k0 = 0;
        int k1 = 0;
        int k2 = 0;
        for (int x = 110; x < endX - 4; x++) {
            k0 += near(img.getRGB(x, y0), LanePalette.keyColour(key(0))) ? 1 : 0;
            k1 += near(img.getRGB(x, y0), LanePalette.keyColour(key(1))) ? 1 : 0;
            k2 += near(img.getRGB(x, y1), LanePalette.keyColour(key(2))) ? 1 : 0;
        }
        assertTrue(k0 > 100 && k1 > 100, "lane 0 shows both its keys: " + k0 + " and " + k1 + " columns");
        assertTrue(k2 > 400, "lane 1 is all k2: " + k2 + " columns");
        assertTrue(lanes.lastDrawnMarks() <= 2 * (int) PLOT, "one mark per column: " + lanes.lastDrawnMarks());
        robot.interact(() -> lanes.pan(-200));
        assertFalse(lanes.followProperty().get(), "panning stops following");
        robot.interact(lanes::fit);
        assertTrue(lanes.followProperty().get());
    }

    @Test
    void aLowCanvasStillShowsTheKeyLegendWithHowManyKeysItLeavesOut(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("stations", 40, 40, 40);
        List<MessageMark> marks = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            marks.add(LanesData.mark("stations", i % 3, i / 3, LanesData.T0 + i, "station-" + (i % 20)));
        }
        update(robot, model, null, topic, marks);
        PartitionLanesCanvas lanes = new PartitionLanesCanvas(model);
        robot.interact(() -> {
            lanes.setPrefSize(560, 130);
            root.getChildren().setAll(lanes);
        });
        WaitForAsyncUtils.waitForFxEvents();
        BufferedImage img = pixels(lanes);
        assertEquals(20, model.keyCount());
        int shown = lanes.lastLegendShown();
        assertTrue(shown >= 3 && shown < 12, "a few keys fit beside the overlays' meaning: " + shown);
        // The legend row lies below the last lane, inside the canvas, and holds the first key's colour.
        double y = lanes.legendY();
        assertTrue(y > lanes.laneTop(2) + lanes.laneHeight() && y < 130, "legend row at " + y);
        String first = model.legendKeys().get(0);
        boolean found = false;
        for (int x = 0; x < 200; x++) {
            found |= near(img.getRGB(x, (int) y), model.keyColour(first));
        }
        assertTrue(found, "the first key's mark " + first + " in the legend row");
    }

    @Test
    void theToolbarZoomsAndSwitchesTheAxisAndHoveringShowsTheMessage(FxRobot robot) throws Exception {
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("orders", 10);
        update(robot, model, null, topic, List.of(LanesData.mark("orders", 0, 4, LanesData.T0, "customer-42")));
        PartitionLanesCanvas lanes = new PartitionLanesCanvas(model);
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox();
        robot.interact(() -> {
            box.getChildren().setAll(lanes.toolbar(), lanes);
            lanes.setPrefSize(W, H);
            root.getChildren().setAll(box);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> lanes.showRange(0, 10));
        double before = lanes.unitsPerPx();
        robot.clickOn("#lanesZoomIn");
        assertEquals(before / 1.25, lanes.unitsPerPx(), 1e-9, "+ zooms in by 1.25");
        robot.clickOn("#lanesZoomOut");
        assertEquals(before, lanes.unitsPerPx(), 1e-9, "− zooms back out");
        robot.clickOn("#lanesTimeAxis");
        assertEquals(PartitionLanesCanvas.Axis.TIME, lanes.axisProperty().get());
        robot.clickOn("#lanesTimeAxis");
        assertEquals(PartitionLanesCanvas.Axis.OFFSET, lanes.axisProperty().get());
        robot.interact(() -> lanes.showRange(0, 10));
        pixels(lanes);
        javafx.geometry.Point2D mark = lanes.localToScreen(lanes.xOf(4.5), lanes.markY(0));
        robot.moveTo(mark);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(lanes.hoverText().startsWith("partition 0 · offset 4\nkey: customer-42"), lanes.hoverText());
        robot.clickOn("#lanesFit");
        assertTrue(lanes.followProperty().get(), "Fit follows the end again");
    }

    /** The mean x of the pixels of one colour on row y. */
    private static double centre(BufferedImage img, int y, Color c) {
        double sum = 0;
        int n = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            if (near(img.getRGB(x, y), c)) {
                sum += x;
                n++;
            }
        }
        assertTrue(n > 0, "no pixel of " + c + " on row " + y);
        return sum / n;
    }

    private static double luminance(int rgb) {
        return 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
    }
}
