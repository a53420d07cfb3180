package streamlab.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.LogOrder;

class LogOrderTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Scenario counter(int threads, int tasks, boolean lockOn) {
        return CounterScenarios.counter(dir, threads, tasks, Duration.ZERO, lockOn);
    }

    /** Drains the whole log of an ended run, as a reader would, and formats it. */
    private static List<String> drained(ContentionRun run) {
        List<LogEvent> events = new ArrayList<>();
        while (run.log().drain(events::add, 1_000) > 0) {
            // Drains in batches, as the window does.
        }
        List<String> lines = new ArrayList<>();
        for (LogEvent e : events) {
            lines.add(RunLog.format(run.startedAt(), e));
        }
        return lines;
    }

    @Test
    void lockedRunsLogEveryWriteInCounterOrderWithTimeNeverGoingBackAndTheSummaryLast() throws Exception {
        int failedRuns = 0;
        List<String> firstProblems = List.of();
        for (int r = 0; r < 20; r++) {
            // Every lock kind, the atomic one (compare-and-set, no lock) included.
            LockKind kind = LockKind.values()[r % LockKind.values().length];
            ContentionRun run = ContentionRun.start(counter(4, 500, true).withLockKind(kind));
            run.awaitSummary(WAIT);
            List<String> problems = LogOrder.problems(drained(run), 2_000);
            if (!problems.isEmpty()) {
                failedRuns++;
                if (firstProblems.isEmpty()) {
                    firstProblems = problems;
                }
            }
        }
        assertEquals(0, failedRuns, failedRuns + " of 20 runs out of order, first: " + firstProblems);
    }

    /** One recorded task, with what the timeline's order view and lost-update connectors use. */
    private record Task(int worker, int task, long seq, long replacedSeq, long read, long overwritten,
                        Outcome outcome) {
    }

    private static Map<Long, Task> bySeq(ContentionRun run) {
        Map<Long, Task> bySeq = new HashMap<>();
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            for (int i = 0; i < b.count(); i++) {
                Task t = new Task(lane.worker(), b.firstTask(i), b.seq(i), b.overwrittenSeq(i), b.read(i),
                        b.overwritten(i), b.outcome(i));
                assertTrue(bySeq.put(t.seq(), t) == null, "one write per place in the write order: " + t);
            }
        }
        return bySeq;
    }

    @Test
    void withTheLockOffTheLogFollowsTheWriteOrderAndEachLostUpdateNamesTheWriteItOverwrote() throws Exception {
        ContentionRun run = ContentionRun.start(counter(4, 50, false).withHold(Duration.ofMillis(1)));
        RunSummary s = run.awaitSummary(WAIT);
        assertTrue(s.detectedOverwrites() > 0, "overlapping holds lose updates: " + s.describe());

        Map<Long, Task> bySeq = bySeq(run);
        assertEquals(200, bySeq.size());
        long lost = 0;
        for (long seq = 1; seq <= 200; seq++) {
            Task t = bySeq.get(seq);
            assertTrue(t != null, "the write order has no gaps: " + seq);
            assertEquals(seq - 1, t.replacedSeq(), "each write replaced the one before it: " + t);
            // The value it replaced is the value that write stored (or the counter's initial 0).
            long before = seq == 1 ? 0 : bySeq.get(seq - 1).read() + 1;
            assertEquals(before, t.overwritten(), t.toString());
            assertEquals(t.overwritten() != t.read(), t.outcome() == Outcome.OVERWROTE, t.toString());
            lost += t.outcome() == Outcome.OVERWROTE ? 1 : 0;
        }
        assertEquals(s.detectedOverwrites(), lost);
        assertEquals(bySeq.get(200L).read() + 1, s.actual(), "the last write left the counter's final value");
        List<String> writeOrder = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            writeOrder.add(bySeq.get(seq).worker() + ":" + bySeq.get(seq).task());
        }
        assertEquals(writeOrder, s.completionOrder(), "the completion order is the write order");

        // The log's "wrote" lines come in the order of the writes, with time never going back.
        Pattern wrote = Pattern.compile("task (\\d+): wrote ");
        Map<String, Long> seqOf = new HashMap<>();
        bySeq.values().forEach(t -> seqOf.put(t.worker() + ":" + t.task(), t.seq()));
        List<LogEvent> events = new ArrayList<>();
        while (run.log().drain(events::add, 64) > 0) {
            // Small batches: the order holds across them.
        }
        long lastSeq = 0;
        long lastAt = -1;
        int writes = 0;
        for (LogEvent e : events) {
            assertTrue(e.atNanos() > lastAt, "stamps increase: " + e);
            lastAt = e.atNanos();
            Matcher m = wrote.matcher(e.message());
            if (m.find()) {
                long seq = seqOf.get(e.worker() + ":" + m.group(1));
                assertTrue(seq > lastSeq, "write #" + seq + " logged after write #" + lastSeq + ": " + e);
                lastSeq = seq;
                writes++;
            }
        }
        assertEquals(200, writes);
        assertTrue(events.get(events.size() - 1).message().startsWith("summary: "));
    }

    @Test
    void withTheLockOnTheWriteOrderIsTheCounterOrder() throws Exception {
        ContentionRun run = ContentionRun.start(counter(4, 500, true));
        run.awaitSummary(WAIT);
        Map<Long, Task> bySeq = bySeq(run);
        assertEquals(2_000, bySeq.size());
        for (Task t : bySeq.values()) {
            assertEquals(t.seq(), t.read() + 1, "the n-th write wrote n: " + t);
            assertEquals(Outcome.DONE, t.outcome());
        }
    }

    @Test
    void aFullLogKeepsItsFirstLinesWithoutHolesAndSaysHowManyItSkipped() throws Exception {
        ContentionRun run = ContentionRun.start(counter(4, 200, true), RunOptions.defaults().withLogLimit(100));
        run.awaitSummary(WAIT);
        List<String> lines = drained(run);
        long phaseLines = lines.stream().filter(l -> l.contains(" - worker-")).count();
        assertTrue(phaseLines <= 100, "at most the limit: " + phaseLines);
        assertEquals(2_400, phaseLines + run.log().skipped(), "three lines per task, kept or counted");
        // The writes kept are the first ones, with none missing in between.
        Pattern wrote = Pattern.compile("wrote (\\d+)$");
        long n = 0;
        for (String line : lines) {
            Matcher m = wrote.matcher(line);
            if (m.find()) {
                assertEquals(++n, Long.parseLong(m.group(1)), line);
            }
        }
        assertTrue(n > 0);
        assertTrue(lines.get(lines.size() - 2).endsWith(String.format(java.util.Locale.ROOT,
                "the log keeps the first 100 phase lines: %,d later phase lines were not kept",
                run.log().skipped())), lines.get(lines.size() - 2));
        assertTrue(lines.get(lines.size() - 1).contains(" - run - INFO - summary: "));
    }

    @Test
    void aKillMarkerNamesTheKilledWorker() throws Exception {
        ContentionRun run = ContentionRun.start(counter(3, 5, true).withHold(Duration.ofMillis(200)));
        int victim = Await.workerIn(run, Phase.HOLDING);
        assertTrue(run.kill(victim));
        run.awaitSummary(WAIT);
        List<Marker> kills = run.markers().stream().filter(m -> m.kind() == Marker.Kind.KILL).toList();
        assertEquals(1, kills.size());
        assertEquals(victim, kills.get(0).worker());
        assertTrue(run.markers().stream().filter(m -> m.kind() != Marker.Kind.KILL).allMatch(m -> m.worker() == 0));
    }
}
