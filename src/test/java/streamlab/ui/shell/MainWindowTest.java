package streamlab.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.report.ReportHeader;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Screenshots;
import streamlab.ui.Theme;
import streamlab.ui.MainWindowTestBase;

class MainWindowTest extends MainWindowTestBase {

    private final List<String> opened = new ArrayList<>();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        openWindow(stage, FxTestSupport.context(outDir, opened));
    }


    @Test
    void windowHasTitleAndFourTabs(FxRobot robot) {
        assertEquals("StreamLab", stage.getTitle());
        List<String> titles = main.tabs().getTabs().stream().map(Tab::getText).toList();
        assertEquals(List.of("Contention", "Stream", "Sockets", "Kafka"), titles);
    }

    @Test
    void shortcutsAndClicksSwitchThroughTheTabs(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertEquals("stream", main.selectedTabName());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
        assertEquals("sockets", main.selectedTabName());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        assertEquals("contention", main.selectedTabName());
        robot.clickOn("Stream");
        assertEquals("stream", main.selectedTabName());
        robot.clickOn("Sockets");
        assertEquals("sockets", main.selectedTabName());
    }

    @Test
    void screenshotWritesAPngOfTheWholeWindow(FxRobot robot) throws Exception {
        robot.clickOn("Sockets");
        robot.clickOn("#screenshotButton");
        Path folder = outDir.resolve("screenshots");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> main.statusText().startsWith("Screenshot saved"));

        Path png;
        try (Stream<Path> files = Files.list(folder)) {
            png = files.filter(p -> p.getFileName().toString().matches("streamlab-sockets-\\d{8}-\\d{6}\\.png"))
                    .findFirst().orElseThrow();
        }
        assertTrue(main.statusText().contains(png.getFileName().toString()), main.statusText());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals((int) Math.round(stage.getScene().getWidth()), img.getWidth());
        assertEquals((int) Math.round(stage.getScene().getHeight()), img.getHeight());
        assertTrue(FxTestSupport.distinctColours(img) > 20, "a screenshot of text and controls has many colours");
        assertTrue(FxTestSupport.dominantShare(img) < 0.95, "not a blank image");

        robot.clickOn(".status-bar .hyperlink");
        assertEquals(List.of(folder.toUri().toString()), opened);
    }

    @Test
    void darkThemeDarkensTheWindowAndIsRemembered(FxRobot robot) {
        double light = luminance(robot);
        robot.clickOn("#darkThemeButton");
        assertEquals(Theme.DARK, main.theme());
        assertEquals("DARK", window.context().settings().get(WindowSettings.THEME).name());
        double dark = luminance(robot);
        assertTrue(dark < light - 60, "dark " + dark + " vs light " + light);
        robot.clickOn("#darkThemeButton");
        assertEquals(Theme.LIGHT, main.theme());
    }

    @Test
    void windowBoundsAreSavedOnClose(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1000);
            stage.setHeight(700);
            stage.close();
        });
        assertEquals(stage.getScene().getWidth(), window.context().settings().get(WindowSettings.WIDTH), 0.5);
        assertEquals(stage.getScene().getHeight(), window.context().settings().get(WindowSettings.HEIGHT), 0.5);
        assertTrue(!Double.isNaN(window.context().settings().get(WindowSettings.X)));
    }

    @Test
    void zoomScalesTheRootFontAndIsRemembered(FxRobot robot) {
        double before = main.tabs().getTabs().get(0).getContent().getBoundsInParent().getWidth();
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        assertEquals(1.1, main.zoom(), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.EQUALS).release(KeyCode.EQUALS, KeyCode.CONTROL);
        assertEquals(1.25, main.zoom(), 1e-9);
        assertTrue(stage.getScene().getRoot().getStyle().contains("-fx-font-size: 17.5px"),
                stage.getScene().getRoot().getStyle());
        assertEquals(1.25, window.context().settings().get(WindowSettings.ZOOM), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT0).release(KeyCode.DIGIT0, KeyCode.CONTROL);
        assertEquals(1.0, main.zoom(), 1e-9);
        robot.press(KeyCode.CONTROL, KeyCode.MINUS).release(KeyCode.MINUS, KeyCode.CONTROL);
        assertEquals(0.9, main.zoom(), 1e-9);
        assertTrue(before > 0);
    }

    @Test
    void screenshotFooterCarriesTheReportHeader(FxRobot robot) throws Exception {
        robot.interact(() -> main.setReportHeader(new ReportHeader("Ada Lovelace", "Streaming", "Module 3"), true));
        robot.interact(() -> {
            main.screenshot();
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> main.statusText().startsWith("Screenshot saved"));
        Path png;
        try (Stream<Path> files = Files.list(outDir.resolve("screenshots"))) {
            png = files.max(java.util.Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
        }
        BufferedImage img = ImageIO.read(png.toFile());
        int sceneHeight = (int) Math.round(stage.getScene().getHeight());
        assertEquals(sceneHeight + Screenshots.FOOTER_HEIGHT, img.getHeight());
        // The footer strip is dark with light text on it.
        int footerRow = sceneHeight + Screenshots.FOOTER_HEIGHT - 3;
        assertEquals(0x24292f, img.getRGB(img.getWidth() - 3, footerRow) & 0xffffff);
    }

    private double luminance(FxRobot robot) {
        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> img[0] = SwingFXUtils.fromFXImage(Screenshots.snapshot(stage.getScene()), null));
        return FxTestSupport.meanLuminance(img[0]);
    }
}
