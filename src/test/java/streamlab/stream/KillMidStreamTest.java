package streamlab.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM streams into a file at full speed and is killed; the file must hold whole lines only. */
class KillMidStreamTest {

    @TempDir
    Path dir;

    private Process startChild(Path out) throws Exception {
        ProcessBuilder pb = StreamChild.builder(dir, List.of(), StreamChild.course(),
                "--interval", "0", "--loop", "--quiet", "--out", out.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(dir.resolve("child-stderr.txt").toFile());
        return pb.start();
    }

    private static void awaitSize(Path out, Process child, long bytes) {
        await("the child wrote " + bytes + " bytes").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10)).until(() -> {
                    assertTrue(child.isAlive(), "the child is still streaming");
                    return out.toFile().length() >= bytes;
                });
    }

    private static int assertWholeLines(Path out) throws Exception {
        assertTrue(Files.size(out) > 0);
        return WholeLines.assertWholeLines(out, WholeLines.RECORD);
    }

    /** Streams until the file holds {@code bytes}, stops the child by SIGKILL or SIGTERM, and returns its exit code. */
    private int streamThenStop(Path out, long bytes, boolean kill) throws Exception {
        Process child = startChild(out);
        try {
            awaitSize(out, child, bytes);
        } finally {
            if (kill) {
                child.destroyForcibly();
            } else {
                // SIGTERM runs the shutdown hook, as Ctrl-C (SIGINT) does in a terminal.
                child.destroy();
            }
        }
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        return child.exitValue();
    }

    @Test
    void sigkillMidStreamLeavesOnlyWholeLines() throws Exception {
        Path out = dir.resolve("out9.txt");
        assertEquals(137, streamThenStop(out, 256 * 1024, true), "killed by SIGKILL");
        assertTrue(assertWholeLines(out) > 5000);
    }

    @Test
    void terminationSignalStopsTheStreamCleanly() throws Exception {
        Path out = dir.resolve("term.txt");
        assertEquals(143, streamThenStop(out, 64 * 1024, false));
        assertWholeLines(out);
        String stderr = Files.readString(dir.resolve("child-stderr.txt"));
        assertTrue(!stderr.contains("Exception"), stderr);
    }

}
