package streamlab.ui;

import java.nio.file.Path;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;

/**
 * One tab's FXML on the test stage, opened the way the window opens it, and opened again on the same settings as
 * after a restart. In a TestFX class, call {@link #start} from {@code @Start} and {@link #close} from
 * {@code @AfterEach}.
 */
public final class TabFixture {

    private final String fxml;
    private Stage stage;
    private AppContext context;
    private FXMLLoader loader;

    public TabFixture(String fxml) {
        this.fxml = fxml;
    }

    public void start(Stage stage) {
        this.stage = stage;
    }

    /** Shows the tab with the context's controller factory and settings. */
    public void open(FxRobot robot, AppContext ctx) {
        context = ctx;
        robot.interact(() -> loader = FxTestSupport.show(stage, ctx, fxml));
    }

    /** As {@link #open}, from code already on the FX Application Thread, such as a {@code @Start} method. */
    public void show(AppContext ctx) {
        context = ctx;
        loader = FxTestSupport.show(stage, ctx, fxml);
    }

    /** Closes the tab as the application does when it stops, then opens it again on the same settings. */
    public void reopen(FxRobot robot) {
        reopen(robot, context.outDir());
    }

    /** As {@link #reopen(FxRobot)}, with another output folder. */
    public void reopen(FxRobot robot, Path outDir) {
        Settings settings = context.settings();
        robot.interact(context::close);
        open(robot, new AppContext(outDir, settings, uri -> { }));
    }

    public void close(FxRobot robot) {
        if (context != null) {
            robot.interact(context::close);
        }
    }

    public AppContext context() {
        return context;
    }

    public Parent root() {
        return loader.getRoot();
    }

    public <T> T controller() {
        return loader.getController();
    }
}
