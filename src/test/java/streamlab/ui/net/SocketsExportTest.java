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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.net.ExperimentResult;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.shell.MainView;
import streamlab.ui.shell.MainWindow;

@ExtendWith(ApplicationExtension.class)
class SocketsExportTest {

    @TempDir
    static Path outDir;

    private AppContext context;
    private MainView view;
    private Node tab;

    @Start
    void start(Stage stage) {
        context = FxTestSupport.context(outDir);
        view = MainWindow.open(stage, context);
        view.tabs().getSelectionModel().select(2);
        tab = view.tabs().getTabs().get(2).getContent();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    @Test
    void f5RunsTheExperimentAndExportRunWritesItsNumbers(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.from(tab).lookup("#expCount").queryAs(TextField.class).setText("500");
            robot.from(tab).lookup("#expDrop").queryAs(TextField.class).setText("10");
            robot.from(tab).lookup("#expReorder").queryAs(TextField.class).setText("0");
        });
        SocketsView controller = (SocketsView) view.labTabs().get("sockets").view();
        robot.type(KeyCode.F5);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> controller.lastResult() != null);
        ExperimentResult r = controller.lastResult();
        assertEquals(500, r.udp().sent());
        assertEquals(500, r.tcp().delivered());

        Path[] out = new Path[1];
        robot.interact(() -> view.exportRun().thenAccept(f -> out[0] = f.orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> out[0] != null);
        assertTrue(out[0].getFileName().toString().startsWith("sockets-"), out[0].toString());

        String md = Files.readString(out[0].resolve("report.md"));
        String udp = String.format(Locale.ROOT, "UDP delivered %,d of 500 messages over a SIMULATED lossy link",
                r.udp().delivered());
        assertTrue(md.contains(udp), udp + " in\n" + md);
        assertTrue(md.contains("TCP delivered 500 of 500 messages: 0 lost, 0 out of order."), md);
        assertTrue(r.udp().lost() > 0, "a 10 % simulated drop loses some of 500 datagrams");
        List<String> csv = Files.readAllLines(out[0].resolve("experiment.csv"), StandardCharsets.UTF_8);
        assertEquals("metric,udp,tcp", csv.get(0));
        assertEquals("lost," + r.udp().lost() + ",0", csv.get(3));
        assertTrue(Files.readString(out[0].resolve("traffic-log.tsv")).startsWith("# StreamLab traffic log"));
    }
}
