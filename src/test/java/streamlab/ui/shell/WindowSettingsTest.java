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
import streamlab.ui.Settings.Key;

/** Stored window settings that no longer read (hand-edited, or from another version) open the window as new. */
class WindowSettingsTest extends MainWindowTestBase {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        AppContext context = FxTestSupport.context(outDir);
        // Written as text, as a hand edit or another version would leave them.
        context.settings().put(Key.ofString(WindowSettings.THEME.name(), ""), "PURPLE");
        context.settings().put(Key.ofString(WindowSettings.X.name(), ""), "left");
        context.settings().put(Key.ofString(WindowSettings.Y.name(), ""), "top");
        context.settings().put(Key.ofString(WindowSettings.ZOOM.name(), ""), "huge");
        openWindow(stage, context);
    }

    @Test
    void settingsThatNoLongerReadFallBackToTheDefaults() {
        assertEquals(Theme.LIGHT, main.theme());
        assertTrue(Double.isFinite(stage.getX()) && Double.isFinite(stage.getY()), stage.getX() + ", " + stage.getY());
        assertEquals(1.0, main.zoom());
    }
}
