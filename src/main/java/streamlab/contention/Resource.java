package streamlab.contention;

import java.util.Locale;

/** What the workers share. Immutable. */
public enum Resource {
    /** An in-memory counter: read, hold, write value + 1. */
    COUNTER,
    /** A real SQLite file with a {@code pets} table: BEGIN, INSERT, hold, COMMIT. */
    SQLITE;

    /** Parses counter or sqlite, ignoring case. */
    public static Resource parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown resource '" + text + "': use counter or sqlite.", e);
        }
    }
}
