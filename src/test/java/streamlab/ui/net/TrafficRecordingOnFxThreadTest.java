package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static streamlab.ui.FxTestSupport.onFx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.net.Direction;
import streamlab.net.Protocol;
import streamlab.net.TrafficLog;
import streamlab.ui.AppContext;
import streamlab.ui.FxThreadBlockingGuard;

/** Record, pressed on the FX thread as in the window, creates and completes its file on the files executor. */
class TrafficRecordingOnFxThreadTest {

    @TempDir
    Path outDir;

    private final TrafficLog log = new TrafficLog(TrafficLog.DEFAULT_CAPACITY);
    /** Several threads, as the window's background executor has: a start and a stop must still keep their order. */
    private final ExecutorService files = Executors.newCachedThreadPool(AppContext.daemonThreads("test-files"));

    @BeforeAll
    static void guard() {
        FxThreadBlockingGuard.install();
    }

    @AfterEach
    void stopFiles() throws Exception {
        files.shutdownNow();
        assertTrue(files.awaitTermination(5, TimeUnit.SECONDS));
    }

    private void arrive(int n) {
        byte[] b = "kept".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            log.message(Direction.RECEIVED, Protocol.UDP, "127.0.0.1:1", "127.0.0.1:2", b, 0, b.length, "");
        }
    }

    /** The ViewModel as the window makes it, on the FX thread, with the real FX executor. */
    private TrafficViewModel modelOnFx(StatusLine status) throws Exception {
        return onFx(() -> new TrafficViewModel(log, outDir, Platform::runLater, files, status, System::nanoTime));
    }

    /** Switches the recording on or off on the FX thread, as the toggle does, once per value in one go. */
    private static void setRecordingOnFx(TrafficViewModel m, boolean... onOff) throws Exception {
        onFx(() -> {
            for (boolean on : onOff) {
                m.setRecording(on);
            }
            return null;
        });
    }

    @Test
    void startingAndStoppingARecordingNeverTouchesTheDiskOnTheFxThread() throws Exception {
        StatusLine status = onFx(StatusLine::new);
        TrafficViewModel m = modelOnFx(status);
        setRecordingOnFx(m, true);
        assertEquals(List.of(), FxThreadBlockingGuard.drainViolations(), "the FX thread created the file itself");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onFx(() -> m.recordingProperty().get()));
        assertTrue(onFx(status::text).startsWith("Recording every entry to "), onFx(status::text));
        Path file = log.recordingFile();
        assertTrue(Files.exists(file), file + " exists");

        arrive(3);
        setRecordingOnFx(m, false);
        assertEquals(List.of(), FxThreadBlockingGuard.drainViolations(), "the FX thread completed the file itself");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !onFx(() -> m.recordingProperty().get()));
        assertEquals("Recording stopped: 3 entries written.", onFx(status::text));
        assertEquals(3, Files.readAllLines(file).stream().filter(l -> l.contains("kept")).count(), "complete");
    }

    @Test
    void aStopRightAfterTheStartWaitsForTheFileToOpen() throws Exception {
        StatusLine status = onFx(StatusLine::new);
        TrafficViewModel m = modelOnFx(status);
        setRecordingOnFx(m, true, false);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> onFx(status::text).startsWith("Recording stopped: "));
        assertFalse(onFx(() -> m.recordingProperty().get()));
        assertEquals(null, log.recordingFile(), "no recording is left open");
        assertEquals(List.of(), FxThreadBlockingGuard.drainViolations());
    }
}
