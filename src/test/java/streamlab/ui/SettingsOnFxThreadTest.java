package streamlab.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.report.ReportHeader;
import streamlab.ui.shell.WindowSettings;

/** The FX thread stores settings and asks for them to be written, and never waits for the disk itself. */
class SettingsOnFxThreadTest {

    private final String path = "streamlab-test/fx" + System.nanoTime();
    private final Settings settings = new Settings(Preferences.userRoot().node(path));

    @BeforeAll
    static void guard() {
        FxThreadBlockingGuard.install();
    }

    @AfterEach
    void removeNode() throws Exception {
        settings.close();
        Preferences.userRoot().node(path).removeNode();
    }

    private static void onFx(Runnable r) throws Exception {
        WaitForAsyncUtils.asyncFx(r).get(20, TimeUnit.SECONDS);
    }

    /** Where the JDK's file-backed preferences keep a user node on Linux and macOS; null for other back ends. */
    private Path file() {
        if (!Preferences.userRoot().getClass().getName().equals("java.util.prefs.FileSystemPreferences")) {
            return null;
        }
        String root = System.getProperty("java.util.prefs.userRoot", System.getProperty("user.home"));
        return Path.of(root, ".java", ".userPrefs").resolve(path).resolve("prefs.xml");
    }

    private static boolean holds(Path file, String text) {
        try {
            return file == null || Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs the change on the FX thread, checks that the FX thread wrote nothing itself, and waits at most
     * {@code within} for the settings file to hold {@code text}.
     */
    private void onFxThenOnDisk(Runnable change, Duration within, String text) throws Exception {
        onFx(change);
        assertEquals(List.of(), FxThreadBlockingGuard.drainViolations(), "the FX thread wrote the settings itself");
        Awaitility.await().atMost(within).until(() -> holds(file(), text));
    }

    @Test
    void flushOnTheFxThreadOnlyHandsTheWriteOver() throws Exception {
        // Well before the scheduled write of a second later: the flush itself wrote it.
        onFxThenOnDisk(() -> {
            settings.putReportHeader(new ReportHeader("Ada Lovelace", "", ""));
            settings.flush();
        }, Duration.ofMillis(800), "Ada Lovelace");
    }

    @Test
    void closingOnTheFxThreadStillWritesWhatIsPending() throws Exception {
        onFxThenOnDisk(() -> {
            settings.put(WindowSettings.WIDTH, 1234.5);
            settings.close();
        }, Duration.ofSeconds(10), "1234.5");
    }

    @Test
    void aFlushAfterCloseOnTheFxThreadIsWrittenToo() throws Exception {
        settings.close();
        onFxThenOnDisk(() -> {
            settings.put(WindowSettings.THEME, Theme.DARK);
            settings.flush();
        }, Duration.ofSeconds(10), "DARK");
    }

    @Test
    void theFutureOfAFlushCompletesOnceWritten() throws Exception {
        settings.put(Settings.Key.ofString("stream.file", ""), "data/course.csv");
        settings.flush().get(10, TimeUnit.SECONDS);
        assertTrue(holds(file(), "data/course.csv"), "written when the future completes");
    }
}
