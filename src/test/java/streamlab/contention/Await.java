package streamlab.contention;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a timeout, failing the test with a message when it never holds. */
final class Await {

    private Await() {
    }

    static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** The first worker (1-based) whose live phase is {@code phase}, waiting for one. */
    static int workerIn(ContentionRun run, Phase phase) {
        int[] found = new int[1];
        until(Duration.ofSeconds(5), "a worker is " + phase, () -> {
            for (LaneRecorder lane : run.lanes()) {
                if (lane.livePhase() == phase) {
                    found[0] = lane.worker();
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
