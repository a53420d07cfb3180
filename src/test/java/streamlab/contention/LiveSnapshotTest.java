package streamlab.contention;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live phase a worker publishes is read as one piece while the worker keeps changing it. */
class LiveSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void aReaderNeverSeesTheLivePhaseOfOneTaskWithTheTimesOfAnother() throws Exception {
        Scenario s = CounterScenarios.counter(dir, 2, 1_000_000, Duration.ofNanos(1_000), true);
        ContentionRun run = ContentionRun.start(s, RunOptions.defaults().withLogLimit(0));
        // A 1 µs hold: every task publishes waiting, holding and writing, about a million times a second per lane.
        long reads = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                for (LaneRecorder lane : run.lanes()) {
                    LiveSnapshot live = lane.liveSnapshot();
                    Phase phase = live.phase();
                    long since = live.since();
                    long taskStart = live.taskStart();
                    long holdStart = live.holdStart();
                    reads++;
                    String seen = "read " + reads + ": " + phase + " since " + since + ", task from " + taskStart
                            + ", holding from " + holdStart;
                    if (phase == Phase.IDLE) {
                        continue;
                    }
                    assertTrue(taskStart <= since, seen);
                    assertTrue(holdStart < 0 || taskStart <= holdStart && holdStart <= since, seen);
                    assertTrue(phase != Phase.HOLDING || holdStart == since, seen);
                }
            }
        } finally {
            run.stop(Duration.ofSeconds(1));
        }
        assertTrue(reads > 1_000, "the reader kept up: " + reads + " reads");
    }
}
