package streamlab.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CounterContentionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Scenario counter(int threads, int tasks, long holdMs, boolean lockOn) {
        return CounterScenarios.counter(dir, threads, tasks, Duration.ofMillis(holdMs), lockOn);
    }

    @Test
    void lostUpdatesAppearWhenLockIsOffAndEachOneIsDetected() throws Exception {
        ContentionRun run = ContentionRun.start(counter(4, 5, 20, false));
        RunSummary s = run.awaitSummary(WAIT);

        assertEquals(20, s.expected());
        assertTrue(s.lost() > 0, "four overlapping read-hold-write tasks lose updates: " + s.describe());
        assertEquals(s.expected() - s.actual(), s.lost());
        assertEquals(run.counterValue(), s.actual());
        assertTrue(s.detectedOverwrites() > 0, s.describe());
        assertEquals(0, s.abandoned() + s.notRun() + s.errors());

        // Each write that replaced a value other than the one its task read is marked, and the marks account for
        // every lost increment: the sum of (overwritten - read) over all writes is exactly expected - actual.
        long marks = 0;
        long lostByMarks = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            assertEquals(5, b.count());
            for (int i = 0; i < b.count(); i++) {
                boolean overwrote = b.overwritten(i) != b.read(i);
                assertEquals(overwrote, b.outcome(i) == Outcome.OVERWROTE);
                marks += b.lost(i);
                lostByMarks += b.overwritten(i) - b.read(i);
            }
        }
        assertEquals(s.detectedOverwrites(), marks);
        assertEquals(s.lost(), lostByMarks);
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void everyLockKindKeepsTheCountExactOverManyRuns(LockKind kind) throws Exception {
        for (int i = 0; i < 5; i++) {
            RunSummary s = ContentionRun.start(counter(8, 2_000, 0, true).withLockKind(kind)).awaitSummary(WAIT);
            assertEquals(16_000, s.actual(), kind + " run " + i + ": " + s.describe());
            assertEquals(0, s.lost());
            assertEquals(0, s.detectedOverwrites());
        }
        // With a hold the tasks surely overlap, and the lock still serialises them.
        RunSummary held = ContentionRun.start(counter(4, 3, 2, true).withLockKind(kind)).awaitSummary(WAIT);
        assertEquals(12, held.actual(), held.describe());
        assertEquals(0, held.detectedOverwrites());
    }

    @Test
    void completionOrderListsEveryTaskOnceAndSummaryAddsUp() throws Exception {
        RunSummary s = ContentionRun.start(counter(3, 4, 1, true)).awaitSummary(WAIT);
        List<String> order = s.completionOrder();
        assertEquals(12, order.size());
        assertEquals(12, new HashSet<>(order).size());
        assertTrue(order.contains("1:1") && order.contains("3:4"), order.toString());
        assertTrue(s.completionOrderComplete());
        assertEquals(12, s.completed());
        assertTrue(s.wallNanos() > 0 && s.throughputPerSec() > 0);
        assertTrue(s.maxLockWaitNanos() > 0, "three workers on one lock with a hold wait for it");
    }

    @Test
    void withTheLockOnCompletionOrderIsTheExactWriteOrder() throws Exception {
        ContentionRun run = ContentionRun.start(counter(3, 200, 0, true));
        RunSummary s = run.awaitSummary(WAIT);
        List<String> order = s.completionOrder();
        assertEquals(600, order.size());
        for (int k = 0; k < order.size(); k++) {
            String[] wt = order.get(k).split(":");
            SegmentBlock b = run.lanes().get(Integer.parseInt(wt[0]) - 1).block();
            int task = Integer.parseInt(wt[1]);
            assertEquals(k, b.read(task - 1), "the k-th write read k: " + order.get(k));
        }
    }

    @Test
    void turningTheLockOnMidRunStopsNewLostUpdates() throws Exception {
        ContentionRun run = ContentionRun.start(counter(4, 60, 5, false));
        await("a lost update appears").atMost(WAIT).pollInterval(Duration.ofMillis(2))
                .until(() -> run.lanes().stream().mapToLong(LaneRecorder::overwrites).sum() > 0);
        run.setLockOn(true);
        RunSummary s = run.awaitSummary(WAIT);

        Marker on = run.markers().stream().filter(m -> m.kind() == Marker.Kind.LOCK_ON).findFirst().orElseThrow();
        long lastUnlockedEnd = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            boolean seenLocked = false;
            for (int i = 0; i < b.count(); i++) {
                if (!b.locked(i)) {
                    lastUnlockedEnd = Math.max(lastUnlockedEnd, b.end(i));
                    assertFalse(seenLocked, "each worker switches once, at a task boundary, and never back");
                } else {
                    seenLocked = true;
                    assertTrue(b.end(i) > on.atNanos(), "no locked task before the toggle");
                }
            }
        }
        int lockedAfter = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            for (int i = 0; i < b.count(); i++) {
                if (b.locked(i) && b.start(i) > lastUnlockedEnd) {
                    lockedAfter++;
                    assertEquals(Outcome.DONE, b.outcome(i), "a locked task after the last unlocked one lost "
                            + "nothing: worker " + lane.worker() + " task " + b.firstTask(i));
                }
            }
        }
        assertTrue(lockedAfter > 50, "many tasks ran locked after the toggle: " + lockedAfter);
        assertTrue(s.detectedOverwrites() > 0);
        assertEquals(s.lost(), s.lostToOverwrites());
    }

    @Test
    void holdChangeTakesEffectFromTheNextTaskAndIsMarked() throws Exception {
        ContentionRun run = ContentionRun.start(counter(2, 40, 1, true));
        await("a few tasks are done").atMost(WAIT).pollInterval(Duration.ofMillis(2))
                .until(() -> run.lanes().get(0).completed() >= 2);
        run.setHold(Duration.ofMillis(15));
        run.awaitSummary(WAIT);
        Marker hold = run.markers().stream().filter(m -> m.kind() == Marker.Kind.HOLD).findFirst().orElseThrow();
        assertTrue(hold.text().contains("15 ms"), hold.text());
        int after = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            for (int i = 0; i < b.count(); i++) {
                if (b.start(i) > hold.atNanos()) {
                    after++;
                    assertTrue(b.tailStart(i) - b.acquired(i) >= 15_000_000, "hold of task after the change");
                }
            }
        }
        assertTrue(after > 0);
    }

    @Test
    void killedWorkerLosesItsIncrementReleasesTheLockAndOthersFinish() throws Exception {
        ContentionRun run = ContentionRun.start(counter(3, 3, 150, true));
        int victim = Await.workerIn(run, Phase.HOLDING);
        assertTrue(run.kill(victim));
        RunSummary s = run.awaitSummary(WAIT);
        SegmentBlock last = run.lanes().get(victim - 1).block();
        int task = last.firstTask(last.count() - 1);

        assertEquals(List.of(victim), s.killedWorkers());
        assertEquals(1, s.abandoned());
        assertEquals(3 - task, s.notRun());
        assertEquals(9 - 1 - (3 - task), s.actual(), s.describe());
        assertEquals(s.expected() - s.actual(), s.lost());
        assertEquals(0, s.detectedOverwrites());
        assertEquals(LaneState.KILLED, run.lanes().get(victim - 1).state());
        for (LaneRecorder lane : run.lanes()) {
            if (lane.worker() != victim) {
                assertEquals(3, lane.completed(), "the others went on after the lock was released");
                assertEquals(LaneState.FINISHED, lane.state());
            }
        }
        SegmentBlock b = run.lanes().get(victim - 1).block();
        assertEquals(Outcome.ABANDONED, b.outcome(b.count() - 1));
        assertTrue(run.markers().stream().anyMatch(m -> m.kind() == Marker.Kind.KILL));
    }

    @ParameterizedTest
    @EnumSource(LockKind.class)
    void stopEndsWorkersMidHoldAndMidLockWaitWithinOneSecond(LockKind kind) throws Exception {
        ContentionRun run = ContentionRun.start(counter(3, 1_000, 5_000, true).withLockKind(kind));
        Await.workerIn(run, Phase.HOLDING);
        if (kind != LockKind.ATOMIC) {
            Await.workerIn(run, Phase.WAITING);
        }
        long t = System.nanoTime();
        assertTrue(run.stop(Duration.ofSeconds(1)), "every worker ended within a second");
        long stopMs = (System.nanoTime() - t) / 1_000_000;
        assertTrue(stopMs < 1_000, "stop() took " + stopMs + " ms; the limit is 1000 ms");
        RunSummary s = run.awaitSummary(WAIT);
        assertTrue(s.stopped());
        assertTrue(s.abandoned() >= 1, s.describe());
        assertEquals(s.expected() - s.completed() - s.abandoned(), s.notRun());
    }

    @Test
    void hundredRunsLeaveNoThreadsBehind() throws Exception {
        Set<String> before = runThreads();
        for (int i = 0; i < 100; i++) {
            ContentionRun run = ContentionRun.start(counter(3, 2, 0, i % 2 == 0));
            if (i % 10 == 0) {
                run.stop(Duration.ofSeconds(1));
            }
            run.awaitSummary(WAIT);
            assertTrue(run.join(Duration.ofSeconds(1)));
        }
        ContentionRun held = ContentionRun.start(counter(4, 10, 5_000, true));
        Await.workerIn(held, Phase.HOLDING);
        assertTrue(held.stop(Duration.ofSeconds(1)));
        assertEquals(before, runThreads());
    }

    @Test
    void recorderCoalescesPastItsBudgetWithoutLosingCounts() throws Exception {
        ContentionRun run = ContentionRun.start(counter(2, 5_000, 0, false),
                RunOptions.defaults().withRecordBudget(128).withLogLimit(0));
        RunSummary s = run.awaitSummary(WAIT);
        assertTrue(s.coalesced());
        assertFalse(s.completionOrderComplete());
        long overwrites = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            assertTrue(b.count() <= 1024, "bounded: " + b.count());
            assertTrue(b.granularity() > 1);
            long tasks = 0;
            int expectedFirst = 1;
            for (int i = 0; i < b.count(); i++) {
                assertEquals(expectedFirst, b.firstTask(i), "records are consecutive, none dropped");
                expectedFirst += b.taskCount(i);
                tasks += b.taskCount(i);
                overwrites += b.lost(i);
                assertTrue(b.start(i) <= b.acquired(i) && b.acquired(i) <= b.tailStart(i)
                        && b.tailStart(i) <= b.end(i));
            }
            assertEquals(5_000, tasks);
        }
        assertEquals(s.detectedOverwrites(), overwrites);
    }

    @Test
    void recordingOffStillCountsExactly() throws Exception {
        ContentionRun run = ContentionRun.start(counter(4, 1_000, 0, true),
                RunOptions.defaults().withRecording(false).withLogLimit(0));
        RunSummary s = run.awaitSummary(WAIT);
        assertEquals(4_000, s.actual());
        assertEquals(4_000, s.completed());
        assertEquals(0, run.lanes().get(0).block().count());
    }

    @Test
    void logReadsLikeTheCourseScript() throws Exception {
        ContentionRun run = ContentionRun.start(counter(2, 1, 0, true));
        run.awaitSummary(WAIT);
        StringBuilder text = new StringBuilder();
        run.log().drain(e -> text.append(RunLog.format(run.startedAt(), e)).append('\n'), 1000);
        String log = text.toString();
        assertTrue(log.matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} - run - INFO - start: .*"), log);
        assertTrue(log.contains(" - worker-1 - INFO - task 1: waiting for the lock (ReentrantLock)"), log);
        assertTrue(log.contains(" - worker-2 - INFO - task 1: got the lock after "), log);
        assertFalse(log.contains("after -"), "no negative waits: " + log);
        assertTrue(log.indexOf(" - run - INFO - start: ") < log.indexOf(" - worker-"), "the start comes first");
        assertTrue(log.contains(" - worker-1 - INFO - task 1: wrote "), log);
        assertTrue(log.contains(" - run - INFO - summary: expected 2, actual 2, lost 0"), log);
    }

    static Set<String> runThreads() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("worker-") || t.getName().equals("deadlock-watch"))) {
                names.add(t.getName() + "#" + t.getId());
            }
        }
        return names;
    }
}
