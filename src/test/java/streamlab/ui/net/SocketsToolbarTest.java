package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import streamlab.ui.FxTestSupport;
import streamlab.ui.MainWindowTestBase;

/** The traffic toolbar shows whole labels in the main window, at the default width and narrower. */
class SocketsToolbarTest extends MainWindowTestBase {


    @Start
    void start(Stage stage) {
        openWindow(stage);
    }


    @Test
    void toolbarFitsWithWholeLabelsAtTheDefaultWindowWidth(FxRobot robot) {
        FlowPane bar = layOut(robot, 1200);
        assertEquals(List.of(), FxTestSupport.clipped(bar), "labels cut short at 1200 px");
        for (Node n : bar.getChildren()) {
            Bounds b = n.localToScene(n.getLayoutBounds());
            assertTrue(b.getMaxX() <= window.stage().getScene().getWidth(), n + " ends at " + b.getMaxX());
        }
    }

    @Test
    void toolbarIsOneRowAtTheGuidesPictureWidth(FxRobot robot) {
        FlowPane bar = layOut(robot, 1280);
        assertEquals(List.of(), FxTestSupport.clipped(bar));
        double middle = bar.getChildren().get(0).getBoundsInParent().getCenterY();
        for (Node n : bar.getChildren()) {
            assertEquals(middle, n.getBoundsInParent().getCenterY(), 1, n + " is on the first row");
        }
    }

    @Test
    void toolbarWrapsInsteadOfCuttingLabelsWhenNarrow(FxRobot robot) {
        FlowPane bar = layOut(robot, 800);
        assertEquals(List.of(), FxTestSupport.clipped(bar), "labels cut short at the minimum window width");
        // Main-window zoom for projectors makes every control larger; the bar wraps again.
        robot.interact(() -> main.setZoom(1.5));
        robot.interact(() -> main.tabs().getScene().getRoot().layout());
        assertEquals(List.of(), FxTestSupport.clipped(bar), "labels cut short at 150 % zoom");
        robot.interact(() -> main.setZoom(1.0));
    }

    /** Shows the Sockets tab in a window {@code width} pixels wide and returns its traffic toolbar. */
    private FlowPane layOut(FxRobot robot, double width) {
        robot.interact(() -> {
            main.tabs().getSelectionModel().select(main.tabs().getTabs().stream()
                    .filter(t -> "socketsTab".equals(t.getId())).findFirst().orElseThrow());
            window.stage().setWidth(width);
            window.stage().setHeight(780);
        });
        robot.interact(() -> main.tabs().getScene().getRoot().layout());
        assertEquals(width, window.stage().getScene().getWidth(), 0.5);
        // Ids repeat across tabs: look only inside the Sockets tab.
        Node content = main.tabs().getSelectionModel().getSelectedItem().getContent();
        FlowPane bar = (FlowPane) content.lookup("#trafficBar");
        assertNotNull(bar);
        return bar;
    }
}
