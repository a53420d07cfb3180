package streamlab.contention;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe (one instance per run, shared by its two workers): the deadlock demo's two locks, which worker 1 takes
 * in the order A, B and worker 2 in the order B, A.
 */
final class OppositeOrderLocks {

    /** How long a worker holding its first lock waits for the other to take its own. */
    static final Duration RENDEZVOUS = Duration.ofSeconds(1);

    private final ReentrantLock lockA = new ReentrantLock();
    private final ReentrantLock lockB = new ReentrantLock();
    private final CountDownLatch bothHoldFirstLock = new CountDownLatch(2);
    private final Duration rendezvous;

    OppositeOrderLocks() {
        this(RENDEZVOUS);
    }

    OppositeOrderLocks(Duration rendezvous) {
        this.rendezvous = rendezvous;
    }

    /** What a worker shows and records at each step of its task. Called on the worker's own thread. */
    interface Steps {

        /** About to wait for {@code lock}. */
        void waitingFor(String lock);

        /** Took its first lock. */
        void took(String lock);

        /** Holds its first lock for the hold duration. */
        void hold() throws InterruptedException;

        /** Asks for its second lock, which the other worker holds. */
        void waitingForSecond(String lock);

        /** Holds both locks: writes. */
        Outcome write();

        /** Released its locks. */
        void released();
    }

    /**
     * Runs the task of worker 1 or 2. Both workers hold their first lock before either asks for its second, so the
     * deadlock is certain; a worker whose partner does not take its first lock within {@link #RENDEZVOUS} (it was
     * killed first) fails its task rather than showing a demo that does not deadlock.
     */
    Outcome run(int worker, Steps steps) throws InterruptedException, TaskFailure {
        ReentrantLock first = worker == 1 ? lockA : lockB;
        ReentrantLock second = worker == 1 ? lockB : lockA;
        String firstName = worker == 1 ? "lock A" : "lock B";
        String secondName = worker == 1 ? "lock B" : "lock A";
        steps.waitingFor(firstName);
        first.lockInterruptibly();
        try {
            steps.took(firstName);
            bothHoldFirstLock.countDown();
            if (!bothHoldFirstLock.await(rendezvous.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TaskFailure("worker-" + (3 - worker) + " did not take " + secondName + " within "
                        + Durations.format(rendezvous) + ", so there is no deadlock to show; " + firstName
                        + " released");
            }
            steps.hold();
            steps.waitingForSecond(secondName);
            second.lockInterruptibly();
            try {
                return steps.write();
            } finally {
                second.unlock();
            }
        } finally {
            first.unlock();
            steps.released();
        }
    }

    /** How many threads wait for a lock, for tests: 2 once both wait for their second. */
    int waitingForSecond() {
        return lockA.getQueueLength() + lockB.getQueueLength();
    }

    /** Whether neither lock is held, for tests. */
    boolean bothFree() {
        return !lockA.isLocked() && !lockB.isLocked();
    }
}
