package streamlab.contention;

/**
 * The phases of one task. Immutable. A task waits (for the app's lock, or for the database), holds, then writes or
 * fails; {@link #WAITING_FOR_DB} comes last only so that the ordinals of the others stay as they were.
 */
public enum Phase {
    /** Waiting for the app's lock (or retrying a failed compare-and-set, or for the deadlock demo's second lock). */
    WAITING,
    /** Holding: the value is read (or the row inserted) and the task works for the hold duration. */
    HOLDING,
    /** Writing value + 1, or committing the transaction. */
    WRITING,
    /** The task failed, for example with SQLite's "database is locked". */
    ERROR,
    /** Not in a task: between tasks, or the worker has ended. */
    IDLE,
    /**
     * Waiting for the database: SQLite's write lock ({@code BEGIN IMMEDIATE} retried until the busy timeout), which
     * another connection holds. Not a wait for the app's lock, and not counted as one.
     */
    WAITING_FOR_DB;

    private static final Phase[] VALUES = values();

    static Phase of(int ordinal) {
        return VALUES[ordinal];
    }
}
