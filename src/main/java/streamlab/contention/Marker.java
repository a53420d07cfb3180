package streamlab.contention;

/**
 * A run event drawn as a vertical line across all lanes: a lock toggle, a hold change, a kill, a deadlock. Immutable.
 *
 * @param atNanos nanoseconds since the run started
 * @param kind    what happened
 * @param text    in words, for the tooltip and the log
 * @param worker  the worker it is about (1-based: the killed worker for {@link Kind#KILL}), or 0 for the whole run
 */
public record Marker(long atNanos, Kind kind, String text, int worker) {

    /** A marker about the whole run. */
    public Marker(long atNanos, Kind kind, String text) {
        this(atNanos, kind, text, 0);
    }

    /** The kinds of marker. */
    public enum Kind { LOCK_ON, LOCK_OFF, HOLD, KILL, DEADLOCK, STOP }
}
