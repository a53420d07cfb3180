package streamlab.contention;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Thread-safe. {@link LockKind#ATOMIC}: no lock where the resource has compare-and-set (the counter); a
 * compare-and-set spin lock where it has not (SQLite).
 */
final class CasLockStrategy implements LockStrategy {

    private final AtomicReference<Thread> owner = new AtomicReference<>();

    @Override
    public Outcome run(Task task) throws InterruptedException, TaskFailure {
        if (task.canRunLockFree()) {
            return task.runLockFree();
        }
        spinLock();
        try {
            return task.runLocked();
        } finally {
            owner.set(null);
        }
    }

    private void spinLock() throws InterruptedException {
        Thread me = Thread.currentThread();
        while (!owner.compareAndSet(null, me)) {
            LockSupport.parkNanos(20_000);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
