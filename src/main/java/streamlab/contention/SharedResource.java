package streamlab.contention;

/**
 * Thread-safe: what the workers of a run share, the in-memory counter or the SQLite file. Each worker reaches it
 * through its own {@link Session}; the run prepares it before the workers start and counts it after they end.
 *
 * <p>A new kind of resource (a counter file shared by OS processes, say) implements this interface and is chosen in
 * {@link #of}; the run, the workers and the lock strategies need no change.
 */
interface SharedResource {

    /** The resource a scenario asks for. The deadlock demo always uses the counter: its point is the two locks. */
    static SharedResource of(Scenario scenario) {
        if (scenario.workers() == WorkerKind.PROCESS && scenario.resource() == Resource.COUNTER) {
            // Processes share no memory: their counter is a file.
            return new CounterFileResource(scenario.counterFile());
        }
        if (scenario.resource() == Resource.SQLITE && !scenario.deadlock()) {
            return new SqliteResource(scenario.dbPath(), scenario.busyTimeout());
        }
        return new CounterResource();
    }

    /**
     * Makes the resource ready and empty, before any worker starts. Blocks for the preparation only.
     *
     * @throws IllegalArgumentException when it cannot be prepared; the message says what to do
     */
    void prepare();

    /** Opens one worker's access to the resource; called on that worker's thread. */
    Session open(int worker) throws TaskFailure;

    /**
     * Whether a task on it is a few memory operations: it has no wait of its own (without the lock a task starts at
     * its read), and at hold 0 it is shorter than a clock reading, so the worker skips those readings.
     */
    boolean instant();

    /** Whether a task is a transaction that a kill, stop or failure rolls back (the log says so). */
    boolean transactional();

    /** The value now, for the live figures: the counter's value, or 0 where reading it would touch the disk. */
    long liveValue();

    /** Whether {@link #finalCount} counts rows, which the summary reports as such. */
    boolean countsRows();

    /**
     * What the workers achieved, counted once they have all ended: the counter's value or the rows present.
     *
     * @throws IllegalStateException when it cannot be counted
     */
    long finalCount();

    /** One worker's access to the resource. Confined to that worker's thread. */
    interface Session extends AutoCloseable {

        /** Takes what the resource needs before the read: SQLite's write lock ({@code BEGIN IMMEDIATE}). */
        void begin() throws InterruptedException, TaskFailure;

        /** Reads the value (counter), or inserts the task's row and returns its id (SQLite). */
        long read(int task) throws TaskFailure;

        /**
         * Writes read + 1 (or commits) and returns the value it replaced; unlike {@code read}, a lost update. Tells
         * {@code order} when the write's place in the write order is fixed, and which place it took.
         */
        long write(long read, WriteOrder order) throws InterruptedException, TaskFailure;

        /** Whether {@link #compareAndWrite} is supported, so the CAS lock kind can go without a lock. */
        boolean canCompareAndWrite();

        /**
         * Writes read + 1 only if the value is still {@code read}; false when another write came first. Tells
         * {@code order} as {@link #write} does, when it writes.
         */
        boolean compareAndWrite(long read, WriteOrder order);

        /** Undoes an open transaction, if any; never fails. */
        void rollback();

        /** Rolls back what is open and releases the worker's access. */
        @Override
        void close() throws TaskFailure;
    }

    /**
     * Confined to one worker's thread: where a session reports the place of a write in the run's write order.
     * Implemented by the worker itself, so that a write needs no per-task object.
     */
    interface WriteOrder {

        /**
         * Called just before each attempt to write, where no other write can come between this call and the attempt
         * if it succeeds: inside the app's lock, inside the resource's own exclusion (SQLite's write lock), or
         * between reading and compare-and-setting the counter. The worker takes its log stamp here, so the log's
         * order of writes is the order of the writes.
         */
        void writing();

        /**
         * The write took effect.
         *
         * @param seq         its place in the run's write order, from 1 (the counter's are 1, 2, 3, … with no gaps;
         *                    SQLite's leave out commits that failed)
         * @param replacedSeq the place of the write whose value it replaced, or 0 for the initial value or a row
         */
        void written(long seq, long replacedSeq);
    }
}
