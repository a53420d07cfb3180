package streamlab.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static streamlab.stream.WholeLines.assertWholeLines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The output file holds whole lines only, never destroys the input, and is written by one run at a time. */
// A run that waits for ever fails the test instead of hanging the build.
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FileOutputSafetyTest extends StreamEngineFixture {

    private static final Pattern RECORD = WholeLines.RECORD;

    private static StreamConfig config(Path csv, boolean loop, long limit, SinkSpec... sinks) {
        return new StreamConfig(CsvOptions.of(csv), false, loop, limit, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(sinks));
    }

    private StreamSnapshot runToEnd(StreamConfig config) throws Exception {
        return runToEnd(config, 60);
    }

    @Test
    void anOutputThatIsTheInputIsRefusedBySamePathSymlinkOrHardLink() throws Exception {
        Path input = Files.copy(COURSE, dir.resolve("in.csv"));
        byte[] before = Files.readAllBytes(input);
        Path symlink = Files.createSymbolicLink(dir.resolve("link.txt"), input);
        Path hardLink = Files.createLink(dir.resolve("hard.txt"), input);
        Files.createDirectories(dir.resolve("sub"));
        Path roundabout = dir.resolve("sub/../in.csv");
        for (Path out : List.of(input, roundabout, symlink, hardLink)) {
            for (boolean append : new boolean[] {false, true}) {
                StreamInputException e = assertThrows(StreamInputException.class,
                        () -> engine.start(config(input, false, 0, new SinkSpec.File(out, append))));
                assertTrue(e.getMessage().contains("is the input file"), e.getMessage());
                assertArrayEquals(before, Files.readAllBytes(input), "the input is untouched via " + out);
            }
        }
    }

    /** Starts a looping {@code streamlab stream} child writing to {@code out}; returns once it wrote a few records. */
    private Process childWriting(String name, Path out, String interval) throws Exception {
        Process child = StreamChild.start(dir, name, List.of(), StreamChild.course(), "--interval", interval, "--loop",
                "--quiet", "--out", out.toString());
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out) && Files.size(out) > 100);
        } catch (Throwable e) {
            child.destroyForcibly();
            throw e;
        }
        return child;
    }

    @Test
    void aFileThatAnotherRunIsWritingIsRefusedAndLeftAlone() throws Exception {
        Path out = dir.resolve("shared.txt");
        Process writer = childWriting("writer", out, "100ms");
        try {
            StreamInputException e = assertThrows(StreamInputException.class,
                    () -> engine.start(config(COURSE, false, 0, new SinkSpec.File(out, false))));
            assertEquals("another StreamLab run is writing " + out
                    + ". Wait for it to end, or choose another output file.", e.getMessage());
            long size = Files.size(out);
            assertTrue(size > 100, "the other run's file was not emptied");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.size(out) > size);
        } finally {
            writer.destroy();
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS));
        }
        assertWholeLines(out, RECORD);
        // Once that run has ended, the file is free again.
        assertEquals(StreamState.FINISHED, runToEnd(config(COURSE, false, 3, new SinkSpec.File(out, false))).state());
        assertEquals(3, Files.readAllLines(out).size());
    }

    @Test
    void appendEndsAnUnfinishedLastLineBeforeTheFirstRecord() throws Exception {
        Path out = Files.writeString(dir.resolve("old.txt"), "first\nno line ending");
        runToEnd(config(COURSE, false, 2, new SinkSpec.File(out, true)));
        assertEquals(List.of("first", "no line ending", "[2023, 1, 3, 7:55, 12]", "[2023, 1, 3, 7:35, 12]"),
                Files.readAllLines(out));
    }

    @Test
    void devFullCountsEveryRecordFailedWithTheReason() throws Exception {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "this system has a writable /dev/full");
        StreamSnapshot s = runToEnd(config(COURSE, false, 12, new SinkSpec.File(full, false)));
        SinkStats file = s.sinks().get(0);
        assertEquals(0, file.sent());
        assertEquals(12, file.failed());
        assertTrue(file.lastError().contains("No space left on device"), file.lastError());
    }

    @Test
    void aFullFileSystemLeavesWholeLinesOnlyInEveryWriteMode() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small-disk"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = m.waitFor(10, TimeUnit.SECONDS) && m.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "a 64 KiB tmpfs can be mounted here (needs root and mount rights): "
                + new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        try {
            int[] modes = {0, 1, 1000};
            for (int flushEvery : modes) {
                Path out = mount.resolve("out9.txt");
                Files.deleteIfExists(out);
                StreamSnapshot s = runToEnd(config(COURSE, true, 20_000, new SinkSpec.File(out, false, flushEvery)));
                SinkStats file = s.sinks().get(0);
                assertTrue(file.failed() > 0, "the disk filled up: " + file);
                assertTrue(file.lastError().contains("No space left on device"), file.lastError());
                int lines = assertWholeLines(out, RECORD);
                assertEquals(file.sent(), lines, "every record counted sent is a whole line in the file");
                assertEquals(20_000, file.sent() + file.failed());
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigkillCutsNothingButARecordAcrossAPageAndTheNextAppendRepairsIt() throws Exception {
        // Wide rows, some of 2 MB, and --flush-every 1000. Before, a kill could cut a large batch, and the next append
        // glued its first record onto the torn line. Now only a record that crosses a page boundary of the file can
        // be cut, at that boundary, and the next run that appends removes the torn line first. A kill lands inside
        // such a write only now and then, so this checks the property; the test below checks the repair every time.
        StringBuilder csv = new StringBuilder("n,text\n");
        for (int i = 0; i < 200; i++) {
            csv.append(i).append(',').append("w".repeat(i % 10 == 9 ? 2_000_000 : 300 + i * 7 % 700)).append('\n');
        }
        Path wide = Files.writeString(dir.resolve("wide.csv"), csv);
        Pattern wideRecord = Pattern.compile("\\[\\d+, w+\\]");
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        int torn = 0;
        for (int run = 0; run < 6; run++) {
            String context = "seed " + seed + ", run " + run;
            Path out = dir.resolve("kill-" + run + ".txt");
            Process child = StreamChild.start(dir, "kill-" + run, List.of(), wide.toString(), "--interval", "0",
                    "--loop", "--quiet", "--flush-every", "1000", "--out", out.toString());
            long target = 1_000_000 + random.nextLong(30_000_000);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !child.isAlive()
                        || Files.exists(out) && Files.size(out) >= target);
            } finally {
                child.destroyForcibly();
            }
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL (" + context + ")");
            byte[] bytes = Files.readAllBytes(out);
            if (bytes[bytes.length - 1] != '\n') {
                torn++;
                assertEquals(0, bytes.length % FileSink.PAGE, "a torn line ends at a page boundary (" + context + ")");
            }
            runToEnd(new StreamConfig(CsvOptions.of(wide), false, false, 1, Pacing.asFastAsPossible(),
                    RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(new SinkSpec.File(out, true))));
            assertTrue(assertWholeLines(out, wideRecord) > 0, context);
            assertTrue(Files.notExists(FileSink.markerFor(out)), "a clean run leaves no marker");
        }
        System.out.println("sigkill test: " + torn + " of 6 kills cut a record (seed " + seed + ")");
    }

    @Test
    void appendingAfterAKilledRunRemovesTheTornLastLineThatRunLeft() throws Exception {
        Path out = dir.resolve("killed.txt");
        Process child = childWriting("killed", out, "50ms");
        child.destroyForcibly();
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue());
        int whole = assertWholeLines(out, RECORD);
        // What a kill inside a write that crosses a page boundary leaves: the first part of a record.
        Files.writeString(out, "[2023, 1, 3, 7:", java.nio.file.StandardOpenOption.APPEND);
        runToEnd(config(COURSE, false, 2, new SinkSpec.File(out, true)));
        assertEquals(whole + 2, assertWholeLines(out, RECORD), "the torn line is gone, the two new records follow");
    }
}
