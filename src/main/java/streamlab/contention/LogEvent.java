package streamlab.contention;

/**
 * One line of the run log. Immutable.
 *
 * @param atNanos when it happened, in nanoseconds since the run started: unique within a run and strictly increasing
 *                in the order of events, so it is also the line's sequence number ({@link RunLog} hands lines out in
 *                this order)
 * @param worker  the worker (1-based), or 0 for the run itself
 * @param level   INFO, WARNING or ERROR, as in Python's logging
 * @param message what happened, in words
 */
public record LogEvent(long atNanos, int worker, String level, String message) {

    static LogEvent info(long at, int worker, String message) {
        return new LogEvent(at, worker, "INFO", message);
    }

    static LogEvent warning(long at, int worker, String message) {
        return new LogEvent(at, worker, "WARNING", message);
    }

    static LogEvent error(long at, int worker, String message) {
        return new LogEvent(at, worker, "ERROR", message);
    }

    /** The thread name shown in the log: worker-N, or "run" for the run itself. */
    public String threadName() {
        return worker == 0 ? "run" : "worker-" + worker;
    }
}
