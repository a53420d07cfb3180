package streamlab.contention;

import java.util.concurrent.locks.ReentrantLock;

/** Thread-safe. {@link LockKind#REENTRANT}: a non-fair {@code ReentrantLock}; a waiting worker may be overtaken. */
final class ReentrantLockStrategy implements LockStrategy {

    private final ReentrantLock lock = new ReentrantLock(false);

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
