package streamlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.layout.Region;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.FxTestSupport;
import streamlab.ui.MainWindowTestBase;

/**
 * Zoom (for projectors) and small windows: the tabs' fixed sizes grow with the font, and a tab that no longer fits
 * scrolls instead of overlapping or cutting its controls.
 */
class ZoomLayoutTest extends MainWindowTestBase {


    @Start
    void start(Stage stage) {
        openWindow(stage);
    }


    private Node show(FxRobot robot, String tabId, double width, double zoom) {
        robot.interact(() -> {
            Tab tab = main.tabs().getTabs().stream().filter(t -> tabId.equals(t.getId())).findFirst().orElseThrow();
            main.tabs().getSelectionModel().select(tab);
            window.stage().setWidth(width);
            window.stage().setHeight(780);
            main.setZoom(zoom);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> main.tabs().getScene().getRoot().layout());
        return main.tabs().getSelectionModel().getSelectedItem().getContent();
    }

    private static Bounds inScene(Node n) {
        return n.localToScene(n.getLayoutBounds());
    }

    @Test
    void atTheDefaultSizeNoTabScrolls(FxRobot robot) {
        for (String id : List.of("contentionTab", "streamTab", "socketsTab")) {
            ScrollPane scroll = (ScrollPane) show(robot, id, 1200, 1.0);
            Region content = (Region) scroll.getContent();
            Bounds viewport = scroll.getViewportBounds();
            assertEquals(viewport.getWidth(), content.getWidth(), 0.5, id + " fills the width exactly");
            assertEquals(viewport.getHeight(), content.getHeight(), 0.5, id + " fills the height exactly");
        }
    }

    @Test
    void socketsAtOneHundredFiftyPercentKeepsTheSendBoxBesideTheTrafficAndWhole(FxRobot robot) {
        Node tab = show(robot, "socketsTab", 1200, 1.5);
        Parent side = (Parent) tab.lookup("#sideColumn");
        Bounds sideBounds = inScene(side);
        Bounds traffic = inScene(tab.lookup("#trafficBar"));
        assertTrue(sideBounds.getMaxX() <= traffic.getMinX(),
                "the send column ends at " + sideBounds.getMaxX() + ", the traffic starts at " + traffic.getMinX());
        assertEquals(List.of(), FxTestSupport.clipped(side), "labels cut short in the send column");
        TextField port = (TextField) tab.lookup("#sendPort");
        Text digits = new Text(port.getText());
        digits.setFont(port.getFont());
        double room = port.getWidth() - port.getPadding().getLeft() - port.getPadding().getRight();
        assertTrue(digits.getLayoutBounds().getWidth() <= room,
                "port " + port.getText() + " needs " + digits.getLayoutBounds().getWidth() + " px, has " + room);
        assertEquals(1.5, ((Region) tab.lookup("#traffic")).getHeight() > 0 ? zoomOfRows(tab) : 0, 0.05,
                "traffic rows grow with the font");
    }

    private static double zoomOfRows(Node tab) {
        return ((javafx.scene.control.TableView<?>) tab.lookup("#traffic")).getFixedCellSize() / 26.0;
    }

    @Test
    void streamAtOneHundredFiftyPercentShowsWholeLabelsInItsTopBar(FxRobot robot) {
        Node tab = show(robot, "streamTab", 1200, 1.5);
        Parent top = (Parent) tab.lookup(".stream-top");
        assertEquals(List.of(), FxTestSupport.clipped((Parent) top.getChildrenUnmodifiable().get(0)),
                "labels cut short in the file bar");
    }

    @Test
    void aTabThatDoesNotFitScrollsRatherThanSqueezingBelowItsMinimum(FxRobot robot) {
        for (double[] c : new double[][] {{800, 1.0}, {1200, 1.5}, {800, 1.5}}) {
            for (String id : List.of("contentionTab", "streamTab", "socketsTab")) {
                ScrollPane scroll = (ScrollPane) show(robot, id, c[0], c[1]);
                Region content = (Region) scroll.getContent();
                String where = id + " at " + (int) c[0] + " px, zoom " + c[1];
                assertTrue(content.getWidth() >= content.minWidth(content.getHeight()) - 0.5,
                        where + ": width " + content.getWidth() + " below its minimum " + content.minWidth(-1));
                assertTrue(content.getHeight() >= content.minHeight(content.getWidth()) - 0.5,
                        where + ": height " + content.getHeight() + " below its minimum");
            }
        }
    }
}
