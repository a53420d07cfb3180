package streamlab.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadlockTest {

    @TempDir
    Path dir;

    @Test
    void opposingLockOrderIsDetectedWithItsWaitsForCycleAndStopRecovers() throws Exception {
        Scenario before = Scenario.defaults();
        ContentionRun run = ContentionRun.start(Scenario.deadlockDemo().withDbPath(dir.resolve("x.db")));
        await("the deadlock is detected").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                .until(() -> run.deadlock() != null);

        String cycle = run.deadlock();
        assertTrue(cycle.contains("worker-1 holds lock A and waits for lock B, held by worker-2"), cycle);
        assertTrue(cycle.contains("worker-2 holds lock B and waits for lock A, held by worker-1"), cycle);
        assertTrue(run.isRunning(), "a deadlocked run does not end by itself");
        assertTrue(run.markers().stream().anyMatch(m -> m.kind() == Marker.Kind.DEADLOCK));

        assertTrue(run.stop(Duration.ofSeconds(1)), "stop recovers from the deadlock");
        RunSummary s = run.awaitSummary(Duration.ofSeconds(5));
        assertTrue(s.stopped());
        assertEquals(cycle, s.deadlock());
        // Stop interrupts both; the first to leave frees its lock, and the other may take it and finish before it
        // sees its own interrupt. Either way nothing is left hanging and the counter says what was written.
        assertTrue(s.abandoned() >= 1, s.describe());
        assertEquals(2, s.abandoned() + s.completed(), s.describe());
        assertEquals(s.completed(), s.actual());
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            assertEquals(1, b.count());
            if (b.outcome(0) == Outcome.STOPPED) {
                assertEquals(Phase.WAITING, b.tailPhase(0), "a stopped worker ended waiting for its second lock");
            }
        }
        assertEquals(before.threads(), Scenario.defaults().threads());
    }

    @Test
    void theMaxLockWaitIncludesTheDeadlockedWaitsUntilTheStopEndedThem() throws Exception {
        ContentionRun run = ContentionRun.start(Scenario.deadlockDemo().withDbPath(dir.resolve("x.db")));
        await("the deadlock is detected").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                .until(() -> run.deadlock() != null);
        long detected = run.markers().stream().filter(m -> m.kind() == Marker.Kind.DEADLOCK).findFirst()
                .orElseThrow().atNanos();
        // The workers stay deadlocked for at least 300 ms before the stop ends their waits.
        await("300 ms of deadlock").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> run.elapsedNanos() - detected >= 300_000_000L);
        assertTrue(run.stop(Duration.ofSeconds(1)));
        RunSummary s = run.awaitSummary(Duration.ofSeconds(5));

        assertTrue(s.maxLockWaitNanos() >= 300_000_000L, "the deadlocked wait counts: " + s.describe());
        long longest = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            // Both asked for their second lock before the deadlock was detected.
            assertTrue(b.tailStart(0) <= detected, "worker-" + lane.worker());
            if (b.tailPhase(0) == Phase.WAITING) {
                longest = Math.max(longest, b.end(0) - b.tailStart(0));
            }
            assertTrue(lane.maxWaitNanos() >= 300_000_000L, "worker-" + lane.worker() + " waited through it");
        }
        assertTrue(s.maxLockWaitNanos() >= longest);
    }

    @Test
    void repeatedDemosLeaveNoWatchdogBehindAndNeverReportAMarkerWithoutItsCycle() throws Exception {
        Set<String> before = CounterContentionTest.runThreads();
        for (int i = 0; i < 20; i++) {
            ContentionRun run = ContentionRun.start(Scenario.deadlockDemo().withDbPath(dir.resolve("x.db")));
            // Runs on the last worker as the summary completes: the watchdog must be gone by then.
            AtomicReference<List<String>> watchdogsAtSummary = new AtomicReference<>();
            run.completion().whenComplete((s, e) -> watchdogsAtSummary.set(watchdogs()));
            if (i % 2 == 0) {
                await("the deadlock marker").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                        .until(() -> run.markers().stream().anyMatch(m -> m.kind() == Marker.Kind.DEADLOCK));
                assertTrue(run.deadlock() != null, "whoever sees the marker sees the cycle (run " + i + ")");
            }
            // Odd runs stop at once, racing the watchdog's first look.
            assertTrue(run.stop(Duration.ofSeconds(1)), "run " + i + " ended within a second");
            RunSummary s = run.awaitSummary(Duration.ofSeconds(5));
            boolean marked = run.markers().stream().anyMatch(m -> m.kind() == Marker.Kind.DEADLOCK);
            assertEquals(marked, s.deadlock() != null, "the summary reports the deadlock its marker shows (run "
                    + i + "): " + s.deadlock());
            assertEquals(List.of(), watchdogsAtSummary.get(), "no watchdog alive when run " + i + " summarised");
        }
        assertEquals(before, CounterContentionTest.runThreads());
    }

    private static List<String> watchdogs() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("deadlock-watch"))
                .map(t -> t.getName() + "#" + t.getId()).collect(Collectors.toList());
    }
}
