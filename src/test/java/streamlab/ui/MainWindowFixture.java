package streamlab.ui;

import java.nio.file.Path;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.shell.MainView;
import streamlab.ui.shell.MainWindow;

/**
 * The whole window on the test stage, on a fresh context. In a TestFX class, call {@link #open} from {@code @Start}
 * and {@link #close} from {@code @AfterEach}.
 */
public final class MainWindowFixture {

    private Stage stage;
    private AppContext context;
    private MainView main;

    public MainView open(Stage stage, Path outDir) {
        return open(stage, FxTestSupport.context(outDir));
    }

    /** Opens the window on a context the test prepared (settings, a recorder of opened links); closes it later. */
    public MainView open(Stage stage, AppContext context) {
        this.stage = stage;
        this.context = context;
        main = MainWindow.open(stage, context);
        return main;
    }

    /** Gives the stage, which the test classes of one run share, back at the default size and zoom; closes the context. */
    public void close() {
        WaitForAsyncUtils.waitForAsyncFx(10_000, () -> {
            main.setZoom(1.0);
            stage.setWidth(1200);
            stage.setHeight(780);
        });
        context.close();
    }

    /** The stage the window is on: one stage serves all the test classes of a run. */
    public Stage stage() {
        return stage;
    }

    /** The context the window was opened on, closed by {@link #close}. */
    public AppContext context() {
        return context;
    }
}
