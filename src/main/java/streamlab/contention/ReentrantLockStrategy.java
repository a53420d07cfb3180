package streamlab.contention;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe. {@link LockKind#REENTRANT} and {@link LockKind#FAIR}: a {@code ReentrantLock}. When fair, the longest
 * waiter goes next; when not, a waiting worker may be overtaken.
 */
final class ReentrantLockStrategy implements LockStrategy {

    private final ReentrantLock lock;

    ReentrantLockStrategy(boolean fair) {
        this.lock = new ReentrantLock(fair);
    }

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
