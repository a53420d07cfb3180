package streamlab.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.shell.MainView;

/**
 * A TestFX test of the whole window on a fresh context, with one output folder per test class. TestFX looks for
 * {@code @Start} in the test class itself only, so each subclass declares it and calls {@link #openWindow}. Confined
 * to the test thread; the window itself is confined to the FX thread.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class MainWindowTestBase {

    @TempDir
    protected static Path outDir;

    protected final MainWindowFixture window = new MainWindowFixture();
    protected MainView main;

    /** Opens the window on the stage; call from the subclass's {@code @Start} method. */
    protected MainView openWindow(Stage stage) {
        main = window.open(stage, outDir);
        return main;
    }

    /** As {@link #openWindow(Stage)}, on a context the test prepared. */
    protected MainView openWindow(Stage stage, AppContext context) {
        main = window.open(stage, context);
        return main;
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    /** Runs "Export run" as the menu does and returns the folder it wrote, waiting at most 10 s for it. */
    protected Path exportRun(FxRobot robot) throws TimeoutException {
        AtomicReference<Path> out = new AtomicReference<>();
        robot.interact(() -> main.exportRun().thenAccept(f -> out.set(f.orElseThrow())));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> out.get() != null);
        assertNotNull(out.get());
        return out.get();
    }
}
