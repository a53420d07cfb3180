package streamlab.contention;

import java.util.Locale;

/** How workers take turns when the lock is on. Immutable. */
public enum LockKind {
    /** {@code ReentrantLock}, non-fair: a waiting thread may be overtaken by one that just arrived. */
    REENTRANT("ReentrantLock"),
    /** Fair {@code ReentrantLock}: the longest-waiting thread goes next, at some cost in throughput. */
    FAIR("fair ReentrantLock"),
    /** A {@code synchronized} block on a shared monitor. */
    SYNCHRONIZED("synchronized"),
    /** No lock: a lock-free compare-and-set loop on an {@code AtomicLong} (a CAS spin lock for SQLite). */
    ATOMIC("AtomicLong CAS");

    private final String label;

    LockKind(String label) {
        this.label = label;
    }

    /** A short name for logs and tables. */
    public String label() {
        return label;
    }

    /** Parses reentrant, fair, synchronized or atomic, ignoring case. */
    public static LockKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown lock kind '" + text
                    + "': use reentrant, fair, synchronized or atomic.", e);
        }
    }
}
