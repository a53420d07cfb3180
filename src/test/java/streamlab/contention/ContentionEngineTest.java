package streamlab.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentionEngineTest {

    @TempDir
    Path dir;

    @Test
    void closeAsyncReturnsAtOnceEndsTheRunWithinASecondAndRefusesLaterStarts() throws Exception {
        ContentionEngine engine = new ContentionEngine();
        ContentionRun run = engine.start(Scenario.defaults().withDbPath(dir.resolve("x.db")).withThreads(4)
                .withTasks(100).withHold(Duration.ofSeconds(5)));
        Await.workerIn(run, Phase.HOLDING);

        long t0 = System.nanoTime();
        CompletableFuture<Void> ended = engine.closeAsync();
        long returnedMs = (System.nanoTime() - t0) / 1_000_000;
        ended.get(1, TimeUnit.SECONDS);
        long endedMs = (System.nanoTime() - t0) / 1_000_000;

        assertTrue(returnedMs < 100, "closeAsync returned after " + returnedMs + " ms");
        assertTrue(endedMs < 1_000, "the run's threads ended " + endedMs + " ms after closeAsync");
        assertTrue(run.completion().isDone(), "the summary is ready once the threads have ended");
        for (LaneRecorder lane : run.lanes()) {
            assertEquals(Phase.IDLE, lane.livePhase());
        }
        assertTrue(run.join(Duration.ofSeconds(1)), "no thread of the run is left");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.start(Scenario.defaults()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertFalse(engine.current().orElseThrow().isRunning());
    }
}
