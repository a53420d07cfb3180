package streamlab.ui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

/** A change to the settings reaches the disk within about a second, so killing the app loses next to nothing. */
class SettingsFlushTest {

    private static final Settings.Key<String> FILE = Settings.Key.ofString("stream.file", "");
    private static final Settings.Key<Integer> PORT = Settings.Key.ofInt("sockets.udpPort", 9999);

    /** Where the JDK's file-backed preferences keep a user node on Linux and macOS. */
    private static Path fileOf(String nodePath) {
        String root = System.getProperty("java.util.prefs.userRoot", System.getProperty("user.home"));
        return Path.of(root, ".java", ".userPrefs").resolve(nodePath).resolve("prefs.xml");
    }

    private static boolean fileHolds(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aChangeIsOnDiskWithinSecondsNotThirty() throws Exception {
        assumeTrue(Preferences.userRoot().getClass().getName().equals("java.util.prefs.FileSystemPreferences"),
                "file-backed preferences only");
        String path = "streamlab-test/flush" + System.nanoTime();
        Settings settings = new Settings(Preferences.userRoot().node(path));
        try {
            Path file = fileOf(path);
            settings.put(FILE, "data/course.csv");
            await(file + " holds the change").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> fileHolds(file, "data/course.csv"));

            // One write for a burst of changes: the last value wins.
            for (int i = 0; i < 50; i++) {
                settings.put(PORT, 9000 + i);
            }
            await("the burst's last value is on disk").atMost(Duration.ofSeconds(3))
                    .pollInterval(Duration.ofMillis(50)).until(() -> fileHolds(file, "\"9049\""));
        } finally {
            settings.close();
            Preferences.userRoot().node(path).removeNode();
        }
    }
}
