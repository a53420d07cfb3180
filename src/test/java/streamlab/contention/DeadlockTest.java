package streamlab.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadlockTest {

    @TempDir
    Path dir;

    @Test
    void opposingLockOrderIsDetectedWithItsWaitsForCycleAndStopRecovers() throws Exception {
        Scenario before = Scenario.defaults();
        ContentionRun run = ContentionRun.start(Scenario.deadlockDemo().withDbPath(dir.resolve("x.db")));
        Await.until(Duration.ofSeconds(10), "the deadlock is detected", () -> run.deadlock() != null);

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
}
