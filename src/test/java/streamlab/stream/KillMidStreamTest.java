package streamlab.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM streams into a file at full speed and is killed; the file must hold whole lines only. */
class KillMidStreamTest {

    private static final Pattern RECORD = Pattern.compile("\\[2023, 1, \\d, \\d{1,2}:\\d\\d, -?\\d+\\]");

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
        byte[] bytes = Files.readAllBytes(out);
        assertTrue(bytes.length > 0);
        assertEquals('\n', bytes[bytes.length - 1], "the file ends with a whole line");
        List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(RECORD.matcher(lines.get(i)).matches(), "line " + (i + 1) + " is whole: " + lines.get(i));
        }
        return lines.size();
    }

    @Test
    void sigkillMidStreamLeavesOnlyWholeLines() throws Exception {
        Path out = dir.resolve("out9.txt");
        Process child = startChild(out);
        try {
            awaitSize(out, child, 256 * 1024);
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertTrue(assertWholeLines(out) > 5000);
    }

    @Test
    void terminationSignalStopsTheStreamCleanly() throws Exception {
        Path out = dir.resolve("term.txt");
        Process child = startChild(out);
        try {
            awaitSize(out, child, 64 * 1024);
        } finally {
            // SIGTERM runs the shutdown hook, as Ctrl-C (SIGINT) does in a terminal.
            child.destroy();
        }
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(143, child.exitValue());
        assertWholeLines(out);
        String stderr = Files.readString(dir.resolve("child-stderr.txt"));
        assertTrue(!stderr.contains("Exception"), stderr);
    }

}
