package streamlab.ui.kafka.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static streamlab.ui.FxTestSupport.near;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.kafka.monitor.GroupEvent;
import streamlab.kafka.monitor.LagPoint;
import streamlab.ui.Theme;

/** The lag chart: bounded points that keep their peaks, the total, events as markers, read from its pixels. */
@ExtendWith(ApplicationExtension.class)
class LagChartTest {

    private Pane root;

    @Start
    void start(Stage stage) {
        Theme.LIGHT.apply();
        root = new Pane();
        stage.setScene(new Scene(root, 1280, 800));
        stage.show();
    }

    @Test
    void anHourOfPollsStaysBoundedAndKeepsItsPeak() {
        LagSeries s = new LagSeries(LagChart.MAX_POINTS);
        for (int i = 0; i < 7_200; i++) {
            s.add(i * 500L, i == 1_000 ? 99_999 : i % 10);
        }
        assertTrue(s.size() <= LagChart.MAX_POINTS, "held " + s.size());
        long max = 0;
        for (int i = 0; i < s.size(); i++) {
            max = Math.max(max, s.lag(i));
            assertTrue(i == 0 || s.time(i) > s.time(i - 1), "times rise");
        }
        assertEquals(99_999, max, "the peak survives the merging");
        assertEquals(7_199 * 500L, s.time(s.size() - 1), "the newest is kept");
    }

    @Test
    void theTotalIsTheSumOfThePartitionsAndEventsAreMarkersAtTheirTime(FxRobot robot) throws Exception {
        LagChart chart = new LagChart();
        long t0 = LanesData.T0;
        List<LagPoint> points = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            for (int p = 0; p < 3; p++) {
                points.add(new LagPoint(t0 + i * 500L, "g", "t", p, 10L * (p + 1)));
            }
            points.add(new LagPoint(t0 + i * 500L, "other", "t", 0, 5_000));
        }
        GroupEvent rebalance = new GroupEvent(t0 + 10_000, "g", GroupEvent.Kind.REBALANCE, "3 partitions, 2 members");
        robot.interact(() -> {
            chart.show("g", "t");
            // Two overlapping batches, as polling since the last time seen gives them.
            chart.add(points.subList(0, 82), List.of());
            chart.add(points.subList(78, points.size()), List.of(rebalance, rebalance));
            chart.setPrefSize(700, 260);
            root.getChildren().setAll(chart);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(60, chart.totalLag());
        assertEquals(41 * 4, chart.heldPoints(), "3 partitions and the total, one point per poll each");
        assertEquals(1, chart.heldEvents(), "the repeated event is kept once");
        BufferedImage img = WaitForAsyncUtils.asyncFx(() -> {
            chart.redraw();
            return SwingFXUtils.fromFXImage(chart.canvas().snapshot(null, null), null);
        }).get(10, TimeUnit.SECONDS);
        // The total, a flat thick line at 60, in the text colour (dark on the light theme).
        int y = (int) Math.round(chart.yOf(60));
        int x = (int) chart.xOf(t0 + 5_000);
        assertTrue(luminance(img.getRGB(x, y)) < 90, "the total line at lag 60: " + Integer.toHexString(img.getRGB(x, y)));
        // The partitions' lines at 10, 20 and 30 in their partition colours.
        for (int p = 0; p < 3; p++) {
            int py = (int) Math.floor(chart.yOf(10L * (p + 1)));
            boolean found = false;
            for (int dy = -1; dy <= 1; dy++) {
                found |= near(img.getRGB(x, py + dy), LanePalette.partitionColour(p));
            }
            assertTrue(found, "P" + p + " line at " + chart.yOf(10L * (p + 1)));
        }
        // The rebalance: a vertical line down the plot at its time, labelled.
        int ex = (int) Math.floor(chart.xOf(rebalance.timeMs()));
        int mid = (int) Math.round(chart.yOf(45));
        assertTrue(luminance(img.getRGB(ex, mid)) < 200 && luminance(img.getRGB(ex + 6, mid)) > 240,
                "a marker at the rebalance's x " + ex);
        String hover = chart.describeAt(ex, mid);
        assertTrue(hover.contains("total lag 60") && hover.contains("rebalance: 3 partitions, 2 members"), hover);
    }

    @Test
    void eventsAtNearlyTheSameTimeShareOneLabel(FxRobot robot) throws Exception {
        LagChart chart = new LagChart();
        long t0 = LanesData.T0;
        List<LagPoint> points = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            points.add(new LagPoint(t0 + i * 500L, "g", "t", 0, 10));
        }
        // Two consumers start together: the monitor sees both join within one poll; the rebalance comes 8 s later.
        List<GroupEvent> events = List.of(
                new GroupEvent(t0 + 5_000, "g", GroupEvent.Kind.MEMBER_JOINED, "streamlab-consumer-1 joined"),
                new GroupEvent(t0 + 5_040, "g", GroupEvent.Kind.MEMBER_JOINED, "streamlab-consumer-2 joined"),
                new GroupEvent(t0 + 13_000, "g", GroupEvent.Kind.REBALANCE, "3 partitions, 2 members"));
        robot.interact(() -> {
            chart.show("g", "t");
            chart.add(points, events);
            chart.setPrefSize(380, 110);
            root.getChildren().setAll(chart);
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String> labels = WaitForAsyncUtils.asyncFx(() -> {
            chart.redraw();
            return chart.drawnEventLabels();
        }).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("2 joined", "rebalance"), labels);
    }

    private static double luminance(int rgb) {
        return 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
    }
}
