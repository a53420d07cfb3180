package streamlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** Immutable facts about this build, and the folder where runs write their output. */
public final class StreamLabInfo {

    /** The system property log4j2.xml reads for the log folder; set by the launcher before log4j starts. */
    public static final String LOG_DIR_PROPERTY = "streamlab.logdir";
    /** The system property log4j2.xml reads for the log file's level: "off" when no folder can be written. */
    public static final String LOG_FILE_PROPERTY = "streamlab.logfile.level";

    private static final String VERSION = loadVersion();

    private StreamLabInfo() {
    }

    /** The project version, from the build. */
    public static String version() {
        return VERSION;
    }

    /** The folder for run outputs: {@code out/} under the working directory, or {@code -Dstreamlab.out}. */
    public static Path outDir() {
        return Path.of(System.getProperty("streamlab.out", "out"));
    }

    /** The log file, or empty when the launcher found no folder to write it in (console only). */
    public static Optional<Path> logFile() {
        if ("off".equalsIgnoreCase(System.getProperty(LOG_FILE_PROPERTY))) {
            return Optional.empty();
        }
        String dir = System.getProperty(LOG_DIR_PROPERTY);
        return Optional.of((dir != null ? Path.of(dir) : outDir().resolve("logs")).resolve("streamlab.log"));
    }

    private static String loadVersion() {
        try (InputStream in = StreamLabInfo.class.getResourceAsStream("/streamlab/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
