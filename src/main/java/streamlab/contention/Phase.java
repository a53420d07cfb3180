package streamlab.contention;

/** The phases of one task, in the order they happen. Immutable. */
public enum Phase {
    /** Waiting for the lock (or for SQLite's write lock, or retrying a failed compare-and-set). */
    WAITING,
    /** Holding: the value is read (or the row inserted) and the task works for the hold duration. */
    HOLDING,
    /** Writing value + 1, or committing the transaction. */
    WRITING,
    /** The task failed, for example with SQLite's "database is locked". */
    ERROR,
    /** Not in a task: between tasks, or the worker has ended. */
    IDLE;

    private static final Phase[] VALUES = values();

    static Phase of(int ordinal) {
        return VALUES[ordinal];
    }
}
