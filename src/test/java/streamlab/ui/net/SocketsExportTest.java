package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.net.ExperimentResult;
import streamlab.ui.MainWindowTestBase;

class SocketsExportTest extends MainWindowTestBase {

    private Node tab;

    @Start
    void start(Stage stage) {
        openWindow(stage);
        main.tabs().getSelectionModel().select(2);
        tab = main.tabs().getTabs().get(2).getContent();
    }


    @Test
    void f5RunsTheExperimentAndExportRunWritesItsNumbers(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.from(tab).lookup("#expCount").queryAs(TextField.class).setText("500");
            robot.from(tab).lookup("#expDrop").queryAs(TextField.class).setText("10");
            robot.from(tab).lookup("#expReorder").queryAs(TextField.class).setText("0");
        });
        SocketsView controller = (SocketsView) main.labTabs().get("sockets").view();
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> controller.lastResult() != null);
        ExperimentResult r = controller.lastResult();
        assertEquals(500, r.udp().sent());
        assertEquals(500, r.tcp().delivered());

        Path folder = exportRun(robot);
        assertTrue(folder.getFileName().toString().startsWith("sockets-"), folder.toString());

        String md = Files.readString(folder.resolve("report.md"));
        String udp = String.format(Locale.ROOT, "UDP delivered %,d of 500 messages over a SIMULATED lossy link",
                r.udp().delivered());
        assertTrue(md.contains(udp), udp + " in\n" + md);
        assertTrue(md.contains("TCP delivered 500 of 500 messages: 0 lost, 0 out of order."), md);
        assertTrue(r.udp().lost() > 0, "a 10 % simulated drop loses some of 500 datagrams");
        List<String> csv = Files.readAllLines(folder.resolve("experiment.csv"), StandardCharsets.UTF_8);
        assertEquals("metric,udp,tcp", csv.get(0));
        assertEquals("lost," + r.udp().lost() + ",0", csv.get(3));
        assertTrue(Files.readString(folder.resolve("traffic-log.tsv")).startsWith("# StreamLab traffic log"));
    }
}
