package streamlab.contention;

import java.util.concurrent.locks.ReentrantLock;

/** Thread-safe. {@link LockKind#FAIR}: a fair {@code ReentrantLock}; the longest waiter goes next. */
final class FairLockStrategy implements LockStrategy {

    private final ReentrantLock lock = new ReentrantLock(true);

    @Override
    public Outcome run(Task task) throws InterruptedException, TaskFailure {
        lock.lockInterruptibly();
        try {
            return task.runLocked();
        } finally {
            lock.unlock();
        }
    }
}
