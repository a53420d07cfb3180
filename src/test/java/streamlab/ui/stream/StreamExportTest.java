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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.stream.StreamState;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.shell.MainView;
import streamlab.ui.shell.MainWindow;

@ExtendWith(ApplicationExtension.class)
class StreamExportTest {

    @TempDir
    static Path outDir;

    private AppContext context;
    private MainView view;
    private StreamViewModel vm;

    @Start
    void start(Stage stage) {
        context = FxTestSupport.context(outDir);
        view = MainWindow.open(stage, context);
        view.tabs().getSelectionModel().select(1);
        vm = ((StreamView) view.labTabs().get("stream").view()).model();
    }

    @AfterEach
    void closeContext() {
        context.close();
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

        Path[] out = new Path[1];
        robot.interact(() -> view.exportRun().thenAccept(f -> out[0] = f.orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> out[0] != null);
        assertTrue(out[0].getFileName().toString().startsWith("stream-"), out[0].toString());

        List<String> copy = Files.readAllLines(out[0].resolve("out9.txt"), StandardCharsets.UTF_8);
        assertEquals(168, copy.size());
        assertEquals(Files.readAllLines(outDir.resolve("out9.txt"), StandardCharsets.UTF_8), copy);
        assertEquals("[2023, 1, 1, 0:15, 27]", copy.get(0), "oldest record first");

        String md = Files.readString(out[0].resolve("report.md"));
        assertTrue(md.contains("- 168 records were sent from data/batchfile_0_farenheit.csv; the stream is finished."),
                md);
        assertTrue(md.contains("| Order | reversed |"), md);
        assertTrue(md.contains("168 sent, 0 failed"), md);
        List<String> settings = Files.readAllLines(out[0].resolve("stream-settings.txt"));
        assertTrue(settings.contains("Interval: 0"), settings.toString());
        assertTrue(Files.size(out[0].resolve("screenshot.png")) > 1000);
    }
}
