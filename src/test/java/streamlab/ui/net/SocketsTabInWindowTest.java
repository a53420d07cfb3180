package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.net.Direction;
import streamlab.net.TrafficEntry;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Screenshots;
import streamlab.ui.MainWindowTestBase;

class SocketsTabInWindowTest extends MainWindowTestBase {


    @Start
    void start(Stage stage) {
        openWindow(stage);
    }


    @Test
    void typedMessageArrivesInTheTabInsideTheMainWindow(FxRobot robot) throws Exception {
        robot.clickOn("Sockets");
        assertEquals("sockets", main.selectedTabName());
        TextField udpPort = robot.lookup("#udpPort").queryAs(TextField.class);
        robot.interact(() -> udpPort.setText("0"));
        robot.clickOn("#udpToggle");
        String port = udpPort.getText();
        TextField sendPort = robot.lookup("#sendPort").queryAs(TextField.class);
        TextField message = robot.lookup("#sendMessage").queryAs(TextField.class);
        robot.interact(() -> {
            sendPort.setText(port);
            message.clear();
        });
        robot.clickOn(message).write("2017,1,1,00:00,44.6");
        robot.clickOn("#sendButton");
        @SuppressWarnings("unchecked")
        TableView<TrafficEntry> table = robot.lookup("#traffic").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(
                e -> e.direction() == Direction.RECEIVED && e.text().equals("2017,1,1,00:00,44.6")
                        && e.size() == 19));

        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> img[0] = SwingFXUtils.fromFXImage(Screenshots.snapshot(window.stage().getScene()), null));
        Path png = Path.of("target", "sockets-window.png");
        Files.createDirectories(png.getParent());
        javax.imageio.ImageIO.write(img[0], "png", png.toFile());
        assertTrue(FxTestSupport.distinctColours(img[0]) > 50);

        // The tab's colours are theme variables, so the dark theme darkens it too.
        double light = FxTestSupport.meanLuminance(img[0]);
        robot.clickOn("#darkThemeButton");
        robot.interact(() -> img[0] = SwingFXUtils.fromFXImage(Screenshots.snapshot(window.stage().getScene()), null));
        javax.imageio.ImageIO.write(img[0], "png", Path.of("target", "sockets-window-dark.png").toFile());
        double dark = FxTestSupport.meanLuminance(img[0]);
        assertTrue(dark < light - 60, "dark " + dark + " vs light " + light);
        robot.clickOn("#darkThemeButton");
    }
}
