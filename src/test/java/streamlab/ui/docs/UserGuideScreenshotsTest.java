package streamlab.ui.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Screenshots;
import streamlab.ui.MainWindowTestBase;
import streamlab.ui.shell.WindowSettings;

/**
 * Drives the real window through the course tasks and saves the user guide's pictures. A normal build writes them
 * under {@code target/docs-images}; {@code ./mvnw -Pdocs verify} writes them into {@code docs/images}.
 */
class UserGuideScreenshotsTest extends MainWindowTestBase {

    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private final Path images = Path.of(System.getProperty("streamlab.docs.images", "target/docs-images"));
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        AppContext prepared = FxTestSupport.context(outDir);
        prepared.settings().put(WindowSettings.WIDTH, (double) WIDTH);
        prepared.settings().put(WindowSettings.HEIGHT, (double) HEIGHT);
        openWindow(stage, prepared);
        // The stage is shared by the test classes of one run; an earlier one may have resized it.
        stage.setWidth(WIDTH);
        stage.setHeight(HEIGHT);
    }


    @Test
    void contentionRunWithTheLockOff(FxRobot robot) throws Exception {
        Node tab = tab(0);
        ToggleButton lock = robot.from(tab).lookup("#lockToggle").queryAs(ToggleButton.class);
        Slider hold = robot.from(tab).lookup("#hold").queryAs(Slider.class);
        robot.interact(() -> {
            lock.setSelected(false);
            // About a quarter of the way: a hold near 100 ms, long enough for the lanes to overlap.
            hold.setValue(hold.getMin() + 0.25 * (hold.getMax() - hold.getMin()));
        });
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> history.getItems().size() == 1);
        Thread.sleep(300); // let the timeline draw its final frame
        assertImage(save(robot, "main-window.png"));
    }

    @Test
    void streamOfTheCourseFile(FxRobot robot) throws Exception {
        Node tab = show(robot, 1);
        robot.interact(() -> {
            robot.from(tab).lookup("#filePath").queryAs(TextField.class).setText("data/batchfile_0_farenheit.csv");
            robot.from(tab).lookup("#intervalField").queryAs(TextField.class).setText("40ms");
            robot.from(tab).lookup("#reverseBox").queryAs(CheckBox.class).setSelected(true);
            robot.from(tab).lookup("#udpSinkBox").queryAs(CheckBox.class).setSelected(false);
            robot.from(tab).lookup("#tcpSinkBox").queryAs(CheckBox.class).setSelected(false);
        });
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        ProgressBar progress = robot.from(tab).lookup("#progressBar").queryAs(ProgressBar.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> progress.getProgress() > 0.3);
        assertImage(save(robot, "stream-tab.png"));
        robot.clickOn(robot.from(tab).lookup("#stopButton").queryAs(Node.class));
    }

    @Test
    void udpAgainstTcpExperiment(FxRobot robot) throws Exception {
        Node tab = show(robot, 2);
        robot.interact(() -> {
            robot.from(tab).lookup("#expCount").queryAs(TextField.class).setText("2000");
            robot.from(tab).lookup("#expDrop").queryAs(TextField.class).setText("5");
            robot.from(tab).lookup("#expReorder").queryAs(TextField.class).setText("5");
        });
        robot.clickOn(robot.from(tab).lookup("#experimentButton").queryAs(Node.class));
        TableView<?> results = robot.from(tab).lookup("#results").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !results.getItems().isEmpty());
        Thread.sleep(500); // the bar chart animates in
        assertImage(save(robot, "sockets-experiment.png"));
    }

    @Test
    void udpFloodInTheLiveView(FxRobot robot) throws Exception {
        Node tab = show(robot, 2);
        TextField port = robot.from(tab).lookup("#udpPort").queryAs(TextField.class);
        robot.interact(() -> port.setText("0"));
        robot.clickOn(robot.from(tab).lookup("#udpToggle").queryAs(Node.class));
        int target = Integer.parseInt(port.getText());
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        // The course's records, sent as fast as the loopback takes them, as "streamlab send --count" would.
        Thread sender = new Thread(() -> {
            try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
                java.net.InetSocketAddress to = new java.net.InetSocketAddress("127.0.0.1", target);
                for (long n = 0; flooding.get(); n++) {
                    String record = String.format(java.util.Locale.ROOT, "2023,1,%d,%02d:%02d,%d",
                            1 + n % 28, n / 60 % 24, n % 60, 20 + n % 9);
                    ch.send(java.nio.ByteBuffer.wrap(record.getBytes(java.nio.charset.StandardCharsets.UTF_8)), to);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "guide-flood");
        sender.setDaemon(true);
        sender.start();
        try {
            Node live = robot.from(tab).lookup(".traffic-tail").query();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, live::isVisible);
            Thread.sleep(1500); // the strip's rate is measured over a second
            assertImage(save(robot, "sockets-flood.png"));
        } finally {
            flooding.set(false);
            sender.join(5_000);
        }
    }

    private Node tab(int index) {
        return main.tabs().getTabs().get(index).getContent();
    }

    /** Selects the tab, as a click on it would, and returns its content. */
    private Node show(FxRobot robot, int index) {
        robot.interact(() -> main.tabs().getSelectionModel().select(index));
        return tab(index);
    }

    /** Saves a snapshot of the whole window and returns it as written. */
    private BufferedImage save(FxRobot robot, String name) throws Exception {
        // The run wrote to a temporary folder; the picture shows where a student's outputs go.
        robot.interact(() -> main.setStatus("Ready. Outputs go to out/ beside the project."));
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
