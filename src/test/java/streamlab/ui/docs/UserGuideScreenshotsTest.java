package streamlab.ui.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Screenshots;
import streamlab.ui.shell.MainView;
import streamlab.ui.shell.MainWindow;

/**
 * Drives the real window through the course tasks and saves the user guide's pictures. A normal build writes them
 * under {@code target/docs-images}; {@code ./mvnw -Pdocs verify} writes them into {@code docs/images}.
 */
@ExtendWith(ApplicationExtension.class)
class UserGuideScreenshotsTest {

    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    @TempDir
    static Path outDir;

    private final Path images = Path.of(System.getProperty("streamlab.docs.images", "target/docs-images"));
    private AppContext context;
    private MainView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        context = FxTestSupport.context(outDir);
        context.settings().putDouble("window.width", WIDTH);
        context.settings().putDouble("window.height", HEIGHT);
        view = MainWindow.open(stage, context);
        // The stage is shared by the test classes of one run; an earlier one may have resized it.
        stage.setWidth(WIDTH);
        stage.setHeight(HEIGHT);
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void mainWindow(FxRobot robot) throws Exception {
        robot.clickOn("Contention");
        assertImage(save(robot, "main-window.png"));
    }

    /** Saves a snapshot of the whole window and returns it as written. */
    private BufferedImage save(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Path file = images.resolve(name);
        javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> img[0] = Screenshots.snapshot(stage.getScene()));
        Files.createDirectories(images);
        Screenshots.writePng(img[0], file);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Files.exists(file));
        return ImageIO.read(file.toFile());
    }

    private static void assertImage(BufferedImage img) {
        assertEquals(WIDTH, img.getWidth());
        assertEquals(HEIGHT, img.getHeight());
        assertTrue(FxTestSupport.dominantShare(img) < 0.95, "not a blank picture");
    }
}
