package streamlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.FxTestSupport;
import streamlab.ui.MainWindowTestBase;

/**
 * Zooming for a projector and back leaves the Stream and Sockets tabs as they were, at 150 % in a 1280x800 window
 * the Stream tab's figures are whole, and the F1 dialog is zoomed like the window.
 */
class ZoomRoundTripAndHelpTest extends MainWindowTestBase {

    @Start
    void start(Stage stage) {
        openWindow(stage);
        stage.setWidth(1280);
        stage.setHeight(800);
    }

    private Node show(FxRobot robot, String tabId, double zoom) {
        robot.interact(() -> {
            main.tabs().getSelectionModel().select(main.tabs().getTabs().stream()
                    .filter(t -> tabId.equals(t.getId())).findFirst().orElseThrow());
            main.setZoom(zoom);
        });
        // A few frames: the tab settles (its file loads, its chart lays out its axis) before it is measured.
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> main.tabs().getScene().getRoot().layout());
        }
        WaitForAsyncUtils.waitForFxEvents();
        return main.tabs().getSelectionModel().getSelectedItem().getContent();
    }

    /** The width of every region and table column under the tab, in scene-graph order. */
    private static List<String> widths(Node tab) {
        List<String> out = new ArrayList<>();
        collect(tab, "", out);
        return out;
    }

    private static void collect(Node n, String path, List<String> out) {
        String here = path + "/" + (n.getId() != null ? "#" + n.getId() : n.getClass().getSimpleName());
        if (!n.isVisible()) {
            // Not shown (an inner tab not selected, for example): not laid out either.
            return;
        }
        // A chart's vertical axis label is turned a quarter: its width is the axis' height, not a width.
        if (n instanceof Region r && !(n.getParent() instanceof javafx.scene.chart.ValueAxis<?>
                && n instanceof Label)) {
            out.add(here + " " + r.getWidth());
        }
        if (n instanceof TableView<?> t) {
            for (TableColumnBase<?, ?> c : t.getColumns()) {
                out.add(here + " column '" + c.getText() + "' " + c.getWidth() + " pref " + c.getPrefWidth());
            }
        }
        // A table's rows are reused cells whose number follows the height: the columns above say what counts.
        if (n instanceof Parent p && !(n instanceof javafx.scene.control.skin.VirtualFlow<?>)) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, here, out);
            }
        }
    }

    @Test
    void zoomingTo150PercentAndBackRestoresEveryWidth(FxRobot robot) {
        for (String id : List.of("streamTab", "socketsTab")) {
            List<String> before = widths(show(robot, id, 1.0));
            List<String> zoomed = widths(show(robot, id, 1.5));
            List<String> after = widths(show(robot, id, 1.0));
            assertTrue(!before.equals(zoomed), id + ": the zoom changed nothing");
            List<String> changed = new ArrayList<>();
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                String b = i < before.size() ? before.get(i) : "(none)";
                String a = i < after.size() ? after.get(i) : "(none)";
                if (!a.equals(b)) {
                    changed.add(b + " -> " + a);
                }
            }
            assertEquals(List.of(), changed, id + ": widths not restored after 150 % and back");
        }
    }

    @Test
    void streamFiguresAndTheirLabelsAreWholeAt150Percent(FxRobot robot) {
        Node tab = show(robot, "streamTab", 1.5);
        for (String id : List.of("#chart", "#sinkTable", "#chartColumnBox", "#outputsColumn")) {
            Parent figure = (Parent) tab.lookup(id);
            assertNotNull(figure, id);
            assertEquals(List.of(), FxTestSupport.clipped(figure), id + ": text cut short at 150 %, "
                    + figure.getLayoutBounds());
        }
        Parent controls = (Parent) tab.lookup(".stream-controls");
        assertEquals(List.of(), FxTestSupport.clipped(controls), "run controls cut short at 150 %");
    }

    @Test
    void theF1DialogIsZoomedLikeTheWindow(FxRobot robot) {
        robot.interact(() -> {
            main.setZoom(1.5);
            main.showShortcuts();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(21.0, shortcutLabelSize(), 0.01, "F1 at 150 %: 1.5 × 14 px");
        robot.interact(() -> main.shortcutsDialog().getDialogPane().layout());
        assertEquals(List.of(), FxTestSupport.clipped(main.shortcutsDialog().getDialogPane()),
                "the dialog grows with its text");
        robot.interact(() -> main.setZoom(1.0));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(14.0, shortcutLabelSize(), 0.01, "back to 100 % while it is open");
        robot.interact(() -> main.shortcutsDialog().close());
    }

    private double shortcutLabelSize() {
        Label keys = (Label) main.shortcutsDialog().getDialogPane().lookup(".shortcut-keys");
        keys.applyCss();
        return keys.getFont().getSize();
    }
}
