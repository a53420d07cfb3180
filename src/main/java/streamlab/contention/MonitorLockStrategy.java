package streamlab.contention;

/** Thread-safe. {@link LockKind#SYNCHRONIZED}: Java's built-in monitor. */
final class MonitorLockStrategy implements LockStrategy {

    private final Object monitor = new Object();

    @Override
    public Outcome run(Task task) throws InterruptedException, TaskFailure {
        // Entering a monitor cannot be interrupted, but the holder's hold can: on Stop the holder leaves, and each
        // waiter in turn enters, sees its interrupt at the hold, and leaves too.
        synchronized (monitor) {
            return task.runLocked();
        }
    }
}
