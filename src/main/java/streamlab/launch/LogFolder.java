package streamlab.launch;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import streamlab.StreamLabInfo;
import streamlab.text.Printable;

/**
 * Chooses the log folder before log4j starts, so that a folder the user cannot write to costs one line on stderr
 * instead of hundreds of log4j errors. Called once from {@code main}, before anything logs; not thread-safe.
 *
 * <p>The order: {@code -Dstreamlab.logdir}, else {@code out/logs} under {@code -Dstreamlab.out} or the working
 * folder; if that cannot be written, {@code <java.io.tmpdir>/streamlab-<user>/logs}; if neither can, no log file
 * (problems still reach the console). The choice goes to log4j2.xml through the system properties
 * {@link StreamLabInfo#LOG_DIR_PROPERTY} and {@link StreamLabInfo#LOG_FILE_PROPERTY}.
 */
public final class LogFolder {

    private LogFolder() {
    }

    /** Sets the log properties; returns the one line to print when the logs do not go where the user expects. */
    public static Optional<String> configure() {
        String wanted = System.getProperty(StreamLabInfo.LOG_DIR_PROPERTY);
        String preferred = wanted != null ? wanted : StreamLabInfo.outDir().resolve("logs").toString();
        if (writable(preferred)) {
            System.setProperty(StreamLabInfo.LOG_DIR_PROPERTY, preferred);
            return Optional.empty();
        }
        preferred = absolute(preferred);
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        String fallback = Path.of(System.getProperty("java.io.tmpdir"), "streamlab-" + user, "logs").toString();
        if (writable(fallback)) {
            System.setProperty(StreamLabInfo.LOG_DIR_PROPERTY, fallback);
            return Optional.of(Printable.escape("streamlab: cannot write logs to " + preferred + "; they go to "
                    + fallback + "."));
        }
        System.setProperty(StreamLabInfo.LOG_DIR_PROPERTY, fallback);
        System.setProperty(StreamLabInfo.LOG_FILE_PROPERTY, "off");
        return Optional.of(Printable.escape("streamlab: cannot write logs to " + preferred + " nor to " + fallback
                + "; problems are shown here only."));
    }

    private static String absolute(String dir) {
        try {
            return Path.of(dir).toAbsolutePath().toString();
        } catch (InvalidPathException e) {
            return dir;
        }
    }

    /**
     * Whether log4j could create {@code dir} and write {@code streamlab.log} in it, decided without creating anything.
     * {@link Files#isWritable} asks the kernel, so a read-only mount counts as read-only even for root.
     */
    static boolean writable(String dir) {
        Path p;
        try {
            p = Path.of(dir).toAbsolutePath();
        } catch (InvalidPathException e) {
            return false;
        }
        Path log = p.resolve("streamlab.log");
        if (Files.exists(log)) {
            return Files.isRegularFile(log) && Files.isWritable(log) && Files.isWritable(p);
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
    }
}
