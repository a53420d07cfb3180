package streamlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.MainWindowTestBase;
import streamlab.ui.Theme;

/** Stored window settings that no longer read (hand-edited, or from another version) open the window as new. */
class WindowSettingsTest extends MainWindowTestBase {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        AppContext context = FxTestSupport.context(outDir);
        context.settings().put("theme", "PURPLE");
        context.settings().put("window.x", "left");
        context.settings().put("window.y", "top");
        context.settings().put("zoom", "huge");
        openWindow(stage, context);
    }

    @Test
    void settingsThatNoLongerReadFallBackToTheDefaults() {
        assertEquals(Theme.LIGHT, main.theme());
        assertTrue(Double.isFinite(stage.getX()) && Double.isFinite(stage.getY()), stage.getX() + ", " + stage.getY());
        assertEquals(1.0, main.zoom());
    }
}
