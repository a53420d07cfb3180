package streamlab.ui.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.stream.StreamState;
import streamlab.ui.MainWindowTestBase;

class StreamExportTest extends MainWindowTestBase {

    private StreamViewModel vm;

    @Start
    void start(Stage stage) {
        openWindow(stage);
        main.tabs().getSelectionModel().select(1);
        vm = ((StreamView) main.labTabs().get("stream").view()).model();
    }


    @Test
    void f5StreamsTheCourseFileAndExportRunCopiesOut9AndCountsRecords(FxRobot robot) throws Exception {
        robot.interact(() -> {
            vm.load(Path.of("data/batchfile_0_farenheit.csv"));
            vm.interval.set("0");
            vm.reverse.set(true);
            vm.udpOn.set(false);
            vm.tcpOn.set(false);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.info.get() != null);
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.state.get() == StreamState.FINISHED);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.sent.get() == 168);

        Path folder = exportRun(robot);
        assertTrue(folder.getFileName().toString().startsWith("stream-"), folder.toString());

        List<String> copy = Files.readAllLines(folder.resolve("out9.txt"), StandardCharsets.UTF_8);
        assertEquals(168, copy.size());
        assertEquals(Files.readAllLines(outDir.resolve("out9.txt"), StandardCharsets.UTF_8), copy);
        assertEquals("[2023, 1, 1, 0:15, 27]", copy.get(0), "oldest record first");

        String md = Files.readString(folder.resolve("report.md"));
        assertTrue(md.contains("- 168 records were sent from data/batchfile_0_farenheit.csv; the stream is finished."),
                md);
        assertTrue(md.contains("| Order | reversed |"), md);
        assertTrue(md.contains("168 sent, 0 failed"), md);
        List<String> settings = Files.readAllLines(folder.resolve("stream-settings.txt"));
        assertTrue(settings.contains("Interval: 0"), settings.toString());
        assertTrue(Files.size(folder.resolve("screenshot.png")) > 1000);
    }

    @Test
    void theExportedScreenshotShowsThePacingAndTheReportEmbedsIt(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.stage().setWidth(1280);
            window.stage().setHeight(800);
            main.setZoom(1.5);
            vm.load(Path.of("data/batchfile_0_farenheit.csv"));
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.info.get() != null);
        javafx.scene.control.ScrollPane settings = robot.lookup("#settingsScroll")
                .queryAs(javafx.scene.control.ScrollPane.class);
        javafx.scene.Node interval = robot.lookup("#intervalField").query();
        robot.interact(() -> {
            settings.setVvalue(settings.getVmax());
            settings.layout();
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!visibleIn(settings, interval), "at 150 % the settings scroll: the pacing is out of view");

        Path folder = exportRun(robot);
        assertTrue(visibleIn(settings, interval), "the screenshot was taken with the pacing in view");
        String md = Files.readString(folder.resolve("report.md"));
        assertTrue(md.contains("\n![Stream run at the time of the export](screenshot.png)\n"), md);
        byte[] png = Files.readAllBytes(folder.resolve("screenshot.png"));
        assertTrue(png.length > 1000 && png[0] == (byte) 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
                "screenshot.png is a PNG of " + png.length + " bytes");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(folder.resolve("screenshot.png").toFile());
        javafx.geometry.Bounds field = interval.localToScene(interval.getLayoutBounds());
        javafx.geometry.Bounds tab = main.labTabs().get("stream").root()
                .localToScene(main.labTabs().get("stream").root().getLayoutBounds());
        assertTrue(field.getMaxY() - tab.getMinY() <= image.getHeight(), "the interval field is in the picture");
    }

    /** Whether the node lies inside the scroll pane's viewport, as drawn. */
    private static boolean visibleIn(javafx.scene.control.ScrollPane scroll, javafx.scene.Node node) {
        javafx.geometry.Bounds view = scroll.localToScene(scroll.getLayoutBounds());
        javafx.geometry.Bounds n = node.localToScene(node.getLayoutBounds());
        return n.getMinY() >= view.getMinY() - 0.5 && n.getMaxY() <= view.getMaxY() + 0.5;
    }
}
