package streamlab.contention;

/**
 * A run event drawn as a vertical line across all lanes: a lock toggle, a hold change, a kill, a deadlock. Immutable.
 *
 * @param atNanos nanoseconds since the run started
 * @param kind    what happened
 * @param text    in words, for the tooltip and the log
 */
public record Marker(long atNanos, Kind kind, String text) {

    /** The kinds of marker. */
    public enum Kind { LOCK_ON, LOCK_OFF, HOLD, KILL, DEADLOCK, STOP }
}
