package streamlab.ui;

import java.nio.file.Path;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * A TestFX test of one tab on its own, opened and reopened through a {@link TabFixture}. TestFX looks for
 * {@code @Start} in the test class itself only, so each subclass declares it and calls {@code tab.start(stage)}.
 * Confined to the test thread; the tab itself is confined to the FX thread.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class TabTestBase {

    @TempDir
    protected static Path outDir;

    protected final TabFixture tab;

    protected TabTestBase(String fxml) {
        tab = new TabFixture(fxml);
    }

    @AfterEach
    void closeTab(FxRobot robot) {
        tab.close(robot);
    }

    /**
     * Puts the tab on the stage, shows it on a fresh context over {@link #outDir} and returns its controller; call from
     * the subclass's {@code @Start} method.
     */
    protected <T> T showOnFreshContext(Stage stage) {
        tab.start(stage);
        tab.show(FxTestSupport.context(outDir));
        return tab.controller();
    }

    /** The node with the CSS id under the tab's root: other tabs may use the same ids. */
    protected <T extends Node> T node(FxRobot robot, String id, Class<T> type) {
        return robot.from(tab.root()).lookup(id).queryAs(type);
    }
}
