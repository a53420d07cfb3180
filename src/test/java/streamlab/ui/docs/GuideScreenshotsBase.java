package streamlab.ui.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.MainWindowTestBase;
import streamlab.ui.Screenshots;
import streamlab.ui.shell.WindowSettings;

/**
 * The window at the user guide's size and the saving of its pictures. A normal build writes them under
 * {@code target/docs-images}; {@code ./mvnw -Pdocs verify} writes them into {@code docs/images}. Confined to the test
 * thread; the window itself is confined to the FX thread.
 */
abstract class GuideScreenshotsBase extends MainWindowTestBase {

    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private final Path images = Path.of(System.getProperty("streamlab.docs.images", "target/docs-images"));
    protected Stage stage;

    /** Opens the window at the guide's size; call from the subclass's {@code @Start} method. */
    protected void openGuideWindow(Stage stage) {
        this.stage = stage;
        AppContext prepared = FxTestSupport.context(outDir);
        prepared.settings().put(WindowSettings.WIDTH, (double) WIDTH);
        prepared.settings().put(WindowSettings.HEIGHT, (double) HEIGHT);
        openWindow(stage, prepared);
        // The stage is shared by the test classes of one run; an earlier one may have resized it.
        stage.setWidth(WIDTH);
        stage.setHeight(HEIGHT);
    }

    protected Node tab(int index) {
        return main.tabs().getTabs().get(index).getContent();
    }

    /** Saves a snapshot of the whole window and returns it as written. */
    protected BufferedImage save(FxRobot robot, String name) throws Exception {
        // The run wrote to a temporary folder; the picture shows where a student's outputs go.
        return save(robot, name, "Ready. Outputs go to out/ beside the project.");
    }

    /** As {@link #save(FxRobot, String)}, with the status bar reading {@code status}. */
    protected BufferedImage save(FxRobot robot, String name, String status) throws Exception {
        robot.interact(() -> main.setStatus(status));
        WaitForAsyncUtils.waitForFxEvents();
        Path file = images.resolve(name);
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> {
            img[0] = Screenshots.snapshot(stage.getScene());
            // A scene snapshot leaves out an open menu, which is a window of its own: draw it where it is.
            ContextMenu menu = openMenu();
            if (menu != null) {
                WritableImage popup = menu.getScene().snapshot(null);
                double x = menu.getX() + menu.getScene().getX() - stage.getX() - stage.getScene().getX();
                double y = menu.getY() + menu.getScene().getY() - stage.getY() - stage.getScene().getY();
                BufferedImage whole = SwingFXUtils.fromFXImage(img[0], null);
                Graphics2D g = whole.createGraphics();
                g.drawImage(SwingFXUtils.fromFXImage(popup, null), (int) Math.round(x), (int) Math.round(y), null);
                g.dispose();
                img[0] = SwingFXUtils.toFXImage(whole, null);
            }
        });
        Files.createDirectories(images);
        Screenshots.writePng(img[0], file);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Files.exists(file));
        return ImageIO.read(file.toFile());
    }

    /** The scene alone, as a scene snapshot takes it: without the menus open over it. */
    protected BufferedImage snapshot(FxRobot robot) {
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = Screenshots.snapshot(stage.getScene()));
        return SwingFXUtils.fromFXImage(img[0], null);
    }

    /** The menu that is open, or null. */
    protected static ContextMenu openMenu() {
        return Window.getWindows().stream().filter(w -> w instanceof ContextMenu && w.isShowing())
                .map(w -> (ContextMenu) w).findFirst().orElse(null);
    }

    /** A picture of the whole window at the guide's size that is not blank. */
    protected static void assertImage(BufferedImage img) {
        assertEquals(WIDTH, img.getWidth());
        assertEquals(HEIGHT, img.getHeight());
        assertTrue(FxTestSupport.dominantShare(img) < 0.95, "not a blank picture");
    }
}
