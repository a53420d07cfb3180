package streamlab.contention;

import java.time.Duration;
import java.util.Optional;

/**
 * Thread-safe. Starts contention runs, one at a time, and stops the current one on close.
 */
public final class ContentionEngine implements AutoCloseable {

    private ContentionRun current;

    /**
     * Starts a run, stopping the previous one first if it is still going.
     *
     * @throws IllegalArgumentException when the resource cannot be prepared; the message says what to do
     */
    public synchronized ContentionRun start(Scenario scenario, RunOptions options) {
        if (current != null && current.isRunning()) {
            current.stop(Duration.ofSeconds(1));
        }
        current = ContentionRun.start(scenario, options);
        return current;
    }

    public ContentionRun start(Scenario scenario) {
        return start(scenario, RunOptions.defaults());
    }

    /** The latest run, running or not. */
    public synchronized Optional<ContentionRun> current() {
        return Optional.ofNullable(current);
    }

    /** Asks the current run to stop and returns at once; the future completes when its threads have ended. */
    public synchronized java.util.concurrent.CompletableFuture<Void> requestStop() {
        return current != null ? current.requestStop() : java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** Stops the current run within a second, waiting for it. */
    @Override
    public synchronized void close() {
        if (current != null) {
            current.stop(Duration.ofSeconds(1));
        }
    }
}
