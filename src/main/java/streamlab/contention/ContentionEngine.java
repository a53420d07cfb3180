package streamlab.contention;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe: starts contention runs one at a time (on the caller's thread, which waits for the previous run to
 * end), and stops the current one on close. Stopping and closing never wait on the engine's lock.
 */
public final class ContentionEngine implements AutoCloseable {

    /** Written under the engine's lock by {@link #start}; read without it, so a stop never waits for a start. */
    private volatile ContentionRun current;
    private volatile boolean closed;

    /**
     * Starts a run, stopping the previous one first if it is still going; blocks until it has ended (within a
     * second) and the resource is prepared, so call it off the FX thread.
     *
     * @throws IllegalArgumentException when the resource cannot be prepared; the message says what to do
     * @throws IllegalStateException    when the engine was closed
     */
    public synchronized ContentionRun start(Scenario scenario, RunOptions options) {
        if (closed) {
            throw new IllegalStateException("The contention engine is closed: open the tab again to start a run.");
        }
        ContentionRun previous = current;
        if (previous != null && previous.isRunning()) {
            previous.stop(Duration.ofSeconds(1));
        }
        ContentionRun run = ContentionRun.start(scenario, options);
        current = run;
        // Closed while this run was starting: closeAsync may have seen the previous run only, so this one ends too.
        if (closed) {
            run.requestStop();
        }
        return run;
    }

    public ContentionRun start(Scenario scenario) {
        return start(scenario, RunOptions.defaults());
    }

    /** The latest run, running or not. */
    public Optional<ContentionRun> current() {
        return Optional.ofNullable(current);
    }

    /** Asks the current run to stop and returns at once; the future completes when its threads have ended. */
    public CompletableFuture<Void> requestStop() {
        ContentionRun run = current;
        return run != null ? run.requestStop() : CompletableFuture.completedFuture(null);
    }

    /**
     * Closes the engine without waiting: no run starts after this, and the current one (or one starting now) is asked
     * to stop. The future completes when its threads have ended.
     */
    public CompletableFuture<Void> closeAsync() {
        closed = true;
        return requestStop();
    }

    /** Closes the engine and waits up to a second for the current run's threads to end. */
    @Override
    public void close() {
        closeAsync();
        ContentionRun run = current;
        if (run != null) {
            run.join(Duration.ofSeconds(1));
        }
    }
}
