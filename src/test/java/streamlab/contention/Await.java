package streamlab.contention;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Waits for a worker in a given live phase. Immutable (static helpers only). */
final class Await {

    private Await() {
    }

    /** The first worker (1-based) whose live phase is {@code phase}, waiting for one. */
    static int workerIn(ContentionRun run, Phase phase) {
        AtomicInteger found = new AtomicInteger();
        // A phase can last a few milliseconds only, so the run is looked at every 2 ms.
        await("a worker is " + phase).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2)).until(() -> {
            for (LaneRecorder lane : run.lanes()) {
                if (lane.livePhase() == phase) {
                    found.set(lane.worker());
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }
}
