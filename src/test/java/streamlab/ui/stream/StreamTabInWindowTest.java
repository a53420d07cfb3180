package streamlab.ui.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Screenshots;
import streamlab.ui.MainWindowTestBase;

class StreamTabInWindowTest extends MainWindowTestBase {


    @Start
    void start(Stage stage) {
        openWindow(stage);
    }


    @Test
    void streamTabInTheWindowLoadsTheCourseFileAndRendersIt(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        Label status = robot.lookup("#statusLabel").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> status.getText().contains("168 rows"));
        assertEquals("batchfile_0_farenheit.csv: 168 rows, 5 columns, delimiter , (detected), UTF-8 byte order mark"
                + " skipped", status.getText());
        TableView<?> preview = robot.lookup("#previewTable").queryAs(TableView.class);
        assertEquals(20, preview.getItems().size());
        // The snapshot is taken on the FX thread; the PNG is written off it.
        javafx.scene.image.WritableImage[] shot = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> shot[0] = Screenshots.snapshot(window.stage().getScene()));
        BufferedImage[] img = {SwingFXUtils.fromFXImage(shot[0], null)};
        Screenshots.writePng(shot[0], Path.of("target", "stream-window.png"));
        assertTrue(FxTestSupport.distinctColours(img[0]) > 50, "the tab renders real controls and text");
    }
}
