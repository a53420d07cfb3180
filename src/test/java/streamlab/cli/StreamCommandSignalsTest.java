package streamlab.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.ChildJvm;

/** `streamlab stream` in a child JVM, stopped by a signal, a closed pipe or an engine failure, as a shell would see. */
class StreamCommandSignalsTest {

    private static final Pattern RECORD = Pattern.compile("\\[2023, 1, \\d, \\d{1,2}:\\d\\d, -?\\d+\\]");

    @TempDir
    Path dir;

    private ProcessBuilder child(List<String> jvmOptions, String... streamArgs) {
        return ChildJvm.stream(dir, jvmOptions, streamArgs);
    }

    private static String course() {
        return ChildJvm.course();
    }

    @Test
    void sigtermAtRandomMomentsPrintsExactlyOneWholeSummary() throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int run = 0; run < 10; run++) {
            String context = "seed " + seed + ", run " + run;
            Path out = dir.resolve("out-" + run + ".txt");
            Path stdout = dir.resolve("stdout-" + run + ".txt");
            Process p = child(List.of(), course(), "--interval", "0", "--loop", "--out", out.toString())
                    .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr-" + run + ".txt").toFile())
                    .start();
            long target = random.nextLong(1, 3_000_000);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive()
                        || Files.exists(stdout) && Files.size(stdout) >= target);
            } finally {
                p.destroy();
            }
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), context);
            assertEquals(143, p.exitValue(), context);
            List<String> lines = Files.readAllLines(stdout);
            String text = Files.readString(stdout);
            assertTrue(text.endsWith("\n"), context + ": stdout ends with a whole line");
            int summaries = 0;
            for (String line : lines) {
                if (line.startsWith("Stopped: ")) {
                    summaries++;
                }
            }
            assertEquals(1, summaries, context + ": one summary\n" + tail(lines));
            String last = lines.get(lines.size() - 1);
            assertTrue(lines.get(lines.size() - 2).matches("Stopped: \\d+ records in .*"), context + tail(lines));
            List<String> fileLines = Files.readAllLines(out);
            assertEquals("  file " + out + ": " + fileLines.size() + " sent, 0 failed", last, context);
            for (int i = 0; i < lines.size() - 2; i++) {
                assertTrue(lines.get(i).startsWith("Sent: [2023, 1, ") && lines.get(i).endsWith(" to " + out),
                        context + ": line " + (i + 1) + " is whole: " + lines.get(i));
            }
            assertEquals(fileLines.size(), lines.size() - 2, context + ": one Sent line per record in the file");
            byte[] bytes = Files.readAllBytes(out);
            assertTrue(bytes.length == 0 || bytes[bytes.length - 1] == '\n', context);
            fileLines.forEach(l -> assertTrue(RECORD.matcher(l).matches(), context + ": " + l));
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
    }

    @Test
    void aReaderThatClosesTheOutputPipeEndsTheRunQuietly() throws Exception {
        Path out = dir.resolve("piped.txt");
        Process p = child(List.of(), course(), "--interval", "0", "--loop", "--out", out.toString())
                .redirectError(dir.resolve("pipe-stderr.txt").toFile()).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            assertTrue(first.startsWith("Sent: [2023, 1, 3, 7:55, 12] to "), first);
            // What `| head -1` does: read one line, then close the pipe.
            p.getInputStream().close();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the run ends once nobody reads its output");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(StreamCommand.BROKEN_PIPE, p.exitValue());
        assertEquals("", Files.readString(dir.resolve("pipe-stderr.txt")), "quietly");
        byte[] bytes = Files.readAllBytes(out);
        assertEquals('\n', bytes[bytes.length - 1], "the file holds whole lines");
    }

    @Test
    void outOfMemoryOnTheEngineThreadFailsTheRun() throws Exception {
        // Small rows, then one of 15 MB: the file check passes in a 112 MB heap, formatting that row does not.
        StringBuilder csv = new StringBuilder("n,text\n");
        for (int i = 0; i < 6; i++) {
            csv.append(i).append(",small\n");
        }
        Path file = dir.resolve("huge.csv");
        Files.writeString(file, csv);
        Files.write(file, ("7," + "x".repeat(15 * 1024 * 1024) + "\n").getBytes(StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND);
        Path out = dir.resolve("huge-out.txt");
        Path stdout = dir.resolve("oom-stdout.txt");
        Path stderr = dir.resolve("oom-stderr.txt");
        Process p = child(List.of("-Xmx112m"), file.toString(), "--interval", "0", "--quiet", "--out",
                out.toString()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String o = Files.readString(stdout);
        String e = Files.readString(stderr);
        assertEquals(1, p.exitValue(), o + e);
        assertTrue(o.startsWith("Failed: 6 records"), o + e);
        assertTrue(e.contains("streamlab stream: the stream engine failed at record 7: java.lang.OutOfMemoryError"),
                e);
        assertEquals(6, Files.readAllLines(out).size());
    }

    @Test
    void theLogOutputEscapesControlCharactersFromTheFile() throws Exception {
        Path csv = Files.writeString(dir.resolve("evil.csv"), "n,text\n1,a\u001b[2Jb\u0007c\n");
        Process p = child(List.of(), csv.toString(), "--interval", "0", "--format", "csv", "--no-file", "--log")
                .redirectOutput(dir.resolve("log-stdout.txt").toFile())
                .redirectError(dir.resolve("log-stderr.txt").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log-stderr.txt")));
        String log = Files.readString(dir.resolve("logs/streamlab.log"));
        assertTrue(log.contains("- 1,a\\e[2Jb\\x07c"), log);
        assertTrue(log.indexOf('\u001b') < 0 && log.indexOf('\u0007') < 0, "no raw control characters in the log");
    }

    @Test
    void aLongWaitShowsACountdownOnATerminalAndNothingElsewhere() throws Exception {
        Path script = Path.of("/usr/bin/script");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(script),
                "util-linux script is here to give the child a terminal");
        List<String> cmd = new ArrayList<>(child(List.of(), course(), "--interval", "4500ms", "--limit", "2",
                "--no-file", "--log").command());
        String line = cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                .reduce((a, b) -> a + " " + b).orElseThrow();
        Process onTerminal = new ProcessBuilder(script.toString(), "-qfec", line, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("tty.txt").toFile()).redirectErrorStream(true).start();
        Process redirected = child(List.of(), course(), "--interval", "4500ms", "--limit", "2", "--no-file", "--log")
                .redirectOutput(dir.resolve("plain-stdout.txt").toFile())
                .redirectError(dir.resolve("plain-stderr.txt").toFile()).start();
        assertTrue(onTerminal.waitFor(60, TimeUnit.SECONDS));
        assertTrue(redirected.waitFor(60, TimeUnit.SECONDS));
        String tty = Files.readString(dir.resolve("tty.txt"));
        assertTrue(tty.contains("\rnext record in 4 s"), tty);
        assertTrue(tty.contains("\r\u001b[KSent: [2023, 1, 3, 7:35, 12] to log"), "the countdown is cleared: " + tty);
        assertEquals("", Files.readString(dir.resolve("plain-stderr.txt")), "no countdown when stderr is a file");
        assertEquals(0, redirected.exitValue());
    }
}
