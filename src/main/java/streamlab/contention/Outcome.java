package streamlab.contention;

/** How a recorded task ended; a coalesced record carries the most notable outcome of its tasks. Immutable. */
public enum Outcome {
    /** Written or committed as intended. */
    DONE,
    /** Written, but over a value another worker had written since this task read: a lost update. */
    OVERWROTE,
    /** Failed with an error (SQLite busy); the task's row is not in the table. */
    FAILED,
    /** The run was stopped during the task; its work was not written. */
    STOPPED,
    /** The worker was killed during the task; its work was not written. */
    ABANDONED;

    private static final Outcome[] VALUES = values();

    static Outcome of(int ordinal) {
        return VALUES[ordinal];
    }

    /** True when the task finished (written, overwritten or failed) rather than being cut short. */
    public boolean finished() {
        return this == DONE || this == OVERWROTE || this == FAILED;
    }
}
