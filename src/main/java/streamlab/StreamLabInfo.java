package streamlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** Immutable facts about this build, and the folder where runs write their output. */
public final class StreamLabInfo {

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
