package streamlab.contention;

/**
 * Thread-safe (one instance per run, shared by all its workers): how a worker takes its turn when the lock is on, one
 * implementation per {@link LockKind}.
 */
interface LockStrategy {

    /** The strategy for a lock kind, new for each run. */
    static LockStrategy of(LockKind kind) {
        return switch (kind) {
            case REENTRANT -> new ReentrantLockStrategy(false);
            case FAIR -> new ReentrantLockStrategy(true);
            case SYNCHRONIZED -> new MonitorLockStrategy();
            case ATOMIC -> new CasLockStrategy();
        };
    }

    /**
     * Runs one task with the lock held. Lock waits are interruptible (except entering a monitor, see
     * {@link MonitorLockStrategy}), so a kill or a stop ends the wait.
     */
    Outcome run(Task task) throws InterruptedException, TaskFailure;

    /**
     * One task of a worker, as a strategy runs it. Implemented by the worker itself, so that running a task needs no
     * per-task object. Confined to the worker's thread.
     */
    interface Task {

        /** Read, hold, write (or BEGIN, INSERT, hold, COMMIT): the part the lock protects. */
        Outcome runLocked() throws InterruptedException, TaskFailure;

        /** Whether the resource supports compare-and-set, so the task can go without any lock. */
        boolean canRunLockFree();

        /** Read, hold, compare-and-set; a failed compare-and-set retries the whole task. */
        Outcome runLockFree() throws InterruptedException, TaskFailure;
    }
}
