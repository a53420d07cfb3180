package streamlab.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task takes the hold that is current when it gets the lock, so a task already waiting uses the new value. */
class HoldRuleTest {

    @TempDir
    Path dir;

    @Test
    void aTaskThatWaitedWhileTheHoldChangedHoldsForTheNewValue() throws Exception {
        Scenario s = CounterScenarios.counter(dir, 2, 1, Duration.ofMillis(800), true);
        ContentionRun run = ContentionRun.start(s);
        // One worker holds the lock for 800 ms while the other waits for it; the hold then drops to 0.
        await().atMost(Duration.ofSeconds(10)).until(() -> run.lanes().stream()
                .anyMatch(l -> l.livePhase() == Phase.HOLDING)
                && run.lanes().stream().anyMatch(l -> l.livePhase() == Phase.WAITING));
        run.setHold(Duration.ZERO);
        RunSummary summary = run.awaitSummary(Duration.ofSeconds(30));
        assertEquals(2, summary.actual(), summary.describe());

        long[] holds = new long[2];
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            assertEquals(1, b.count());
            holds[lane.worker() - 1] = b.tailStart(0) - b.acquired(0);
        }
        long longer = Math.max(holds[0], holds[1]);
        long shorter = Math.min(holds[0], holds[1]);
        assertTrue(longer >= Duration.ofMillis(700).toNanos(), "the first task held the old hold: " + longer + " ns");
        assertTrue(shorter < Duration.ofMillis(300).toNanos(),
                "the task that waited took the new hold of 0 when it got the lock, not 800 ms: " + shorter + " ns");
        assertTrue(run.markers().stream().anyMatch(m -> m.kind() == Marker.Kind.HOLD
                        && m.text().startsWith("hold 800 ms → 0")),
                "the marker names both values: " + run.markers());
    }
}
