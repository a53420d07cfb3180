package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.FxTestSupport;
import streamlab.ui.MainWindowTestBase;
import streamlab.ui.Screenshots;

/**
 * The Contention tab after the course runs in a 1280 × 800 window at 150 %: nothing in the figures, the legend or
 * the history is cut short, nothing overlaps, and back at 100 % every width is what it was.
 */
class ContentionZoomTest extends MainWindowTestBase {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        openWindow(stage);
    }

    private Parent tab() {
        return (Parent) ((ScrollPane) main.tabs().getTabs().get(0).getContent()).getContent();
    }

    private void zoom(FxRobot robot, double factor) {
        robot.interact(() -> main.setZoom(factor));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> main.tabs().getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void courseRuns(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        ContentionView view = (ContentionView) main.labTabs().get("contention").view();
        view.courseHold = Duration.ofMillis(60);
        Path[] folder = new Path[1];
        robot.interact(() -> view.courseRuns().thenAccept(f -> folder[0] = f));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> folder[0] != null);
        TableView<?> history = (TableView<?>) tab().lookup("#historyTable");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> history.getItems().size() == 2);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void atOneHundredFiftyPercentNoFigureLegendOrHistoryTextIsCutAndNothingOverlaps(FxRobot robot) throws Exception {
        courseRuns(robot);
        zoom(robot, 1.5);
        Parent tab = tab();
        List<String> cut = new ArrayList<>();
        for (String area : List.of(".figures", ".legend", "#historyTable")) {
            cut.addAll(FxTestSupport.clipped((Parent) tab.lookup(area)));
        }
        Screenshots.writePng(FxTestSupport.onFx(() -> Screenshots.snapshot(stage.getScene())),
                Path.of("target", "contention-150.png"));
        assertEquals(List.of(), cut, "text cut short at 150 %");
        Bounds buttons = inScene(tab.lookup("#startButton").getParent());
        Bounds figures = inScene(tab.lookup(".figures"));
        assertTrue(buttons.getMaxY() <= figures.getMinY(),
                "the buttons end at " + buttons.getMaxY() + ", the figures start at " + figures.getMinY());
        Bounds legend = inScene(tab.lookup(".legend"));
        assertTrue(figures.getMaxY() <= legend.getMinY(),
                "the figures end at " + figures.getMaxY() + ", the legend starts at " + legend.getMinY());
        TableView<?> table = (TableView<?>) tab.lookup("#historyTable");
        double columns = FxTestSupport.onFx(() -> table.getColumns().stream().mapToDouble(c -> c.getWidth()).sum());
        List<Node> bars = FxTestSupport.onFx(() -> List.copyOf(table.lookupAll(".scroll-bar")));
        for (Node bar : bars) {
            javafx.scene.control.ScrollBar b = (javafx.scene.control.ScrollBar) bar;
            assertTrue(b.getOrientation() == javafx.geometry.Orientation.VERTICAL || !b.isVisible(),
                    "the history scrolls sideways: columns " + columns + " px in a table of " + table.getWidth());
        }
    }

    @Test
    void zoomingBackToOneHundredPercentRestoresEveryWidth(FxRobot robot) throws Exception {
        courseRuns(robot);
        zoom(robot, 1.0);
        Map<Node, double[]> before = sizes(tab());
        zoom(robot, 1.5);
        zoom(robot, 1.0);
        Map<Node, double[]> after = sizes(tab());
        List<String> changed = new ArrayList<>();
        before.forEach((n, s) -> {
            double[] a = after.get(n);
            if (a != null && (Math.abs(a[0] - s[0]) > 0.5 || Math.abs(a[1] - s[1]) > 0.5)) {
                changed.add(path(n) + ": width " + s[0] + " → " + a[0] + ", pref " + s[1] + " → " + a[1]);
            }
        });
        assertEquals(List.of(), changed, "widths that zooming in and out changed");
    }

    /** Each region's width and its own preferred width (as set, not computed), by identity. */
    private static Map<Node, double[]> sizes(Parent root) throws Exception {
        return FxTestSupport.onFx(() -> {
            Map<Node, double[]> out = new IdentityHashMap<>();
            collect(root, out);
            return out;
        });
    }

    private static void collect(Parent p, Map<Node, double[]> out) {
        for (Node n : p.getChildrenUnmodifiable()) {
            if (n instanceof Region r && treeVisible(r)) {
                out.put(r, new double[] {r.getWidth(), r.getPrefWidth()});
            }
            if (n instanceof Parent c) {
                collect(c, out);
            }
        }
    }

    private static boolean treeVisible(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static String path(Node n) {
        StringBuilder sb = new StringBuilder();
        for (Node p = n; p != null && sb.length() < 400; p = p.getParent()) {
            sb.append(p.getClass().getSimpleName()).append(p.getId() == null ? "" : "#" + p.getId())
                    .append(p.getStyleClass()).append(" < ");
        }
        return sb.toString();
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }
}
