package streamlab.contention;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import streamlab.StreamLabInfo;

/**
 * One run's settings. Immutable; the constructor rejects values out of range with a message that says what to do.
 *
 * @param threads        workers, 1 to 64
 * @param tasks          tasks per worker, 1 to 1,000,000
 * @param hold           time between the read and the write (or between INSERT and COMMIT), 0 to 5 s
 * @param lockOn         whether workers take the lock around each task
 * @param lockKind       which lock, when it is on
 * @param resource       the shared counter or the shared SQLite database
 * @param busyTimeout    how long SQLite waits for its write lock before "database is locked", 0 to 60 s
 * @param dbPath         the SQLite file, recreated at the start of each run
 * @param deadlock       the deadlock scenario instead: two workers take two locks in opposite order
 */
public record Scenario(int threads, int tasks, Duration hold, boolean lockOn, LockKind lockKind, Resource resource,
                       Duration busyTimeout, Path dbPath, boolean deadlock) {

    public static final int MAX_THREADS = 64;
    public static final int MAX_TASKS = 1_000_000;
    public static final Duration MAX_HOLD = Duration.ofSeconds(5);
    public static final Duration MAX_BUSY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    public Scenario {
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(lockKind, "lockKind");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(dbPath, "dbPath");
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("Threads must be 1 to " + MAX_THREADS + ", not " + threads + ".");
        }
        if (tasks < 1 || tasks > MAX_TASKS) {
            throw new IllegalArgumentException("Tasks per thread must be 1 to 1,000,000, not " + tasks + ".");
        }
        if (hold.isNegative() || hold.compareTo(MAX_HOLD) > 0) {
            throw new IllegalArgumentException("The hold must be 0 to 5 s, not " + Durations.format(hold) + ".");
        }
        if (busyTimeout.isNegative() || busyTimeout.compareTo(MAX_BUSY_TIMEOUT) > 0) {
            throw new IllegalArgumentException("The busy timeout must be 0 to 60 s, not "
                    + Durations.format(busyTimeout) + ".");
        }
        if (deadlock && threads != 2) {
            throw new IllegalArgumentException("The deadlock scenario has exactly two workers.");
        }
    }

    /** The defaults: 3 threads, 2 tasks, no hold, ReentrantLock on, shared counter, 5 s busy timeout. */
    public static Scenario defaults() {
        return new Scenario(3, 2, Duration.ZERO, true, LockKind.REENTRANT, Resource.COUNTER, DEFAULT_BUSY_TIMEOUT,
                StreamLabInfo.outDir().resolve("shared.db"), false);
    }

    /** Two workers, two locks taken in opposite order, a 100 ms hold: a deadlock every time. */
    public static Scenario deadlockDemo() {
        return defaults().withThreads(2).withTasks(1).withHold(Duration.ofMillis(100)).withDeadlock(true);
    }

    /** Tasks all workers intend to do together. */
    public long expectedTasks() {
        return (long) threads * tasks;
    }

    public Scenario withThreads(int value) {
        return new Scenario(value, tasks, hold, lockOn, lockKind, resource, busyTimeout, dbPath, deadlock);
    }

    public Scenario withTasks(int value) {
        return new Scenario(threads, value, hold, lockOn, lockKind, resource, busyTimeout, dbPath, deadlock);
    }

    public Scenario withHold(Duration value) {
        return new Scenario(threads, tasks, value, lockOn, lockKind, resource, busyTimeout, dbPath, deadlock);
    }

    public Scenario withLockOn(boolean value) {
        return new Scenario(threads, tasks, hold, value, lockKind, resource, busyTimeout, dbPath, deadlock);
    }

    public Scenario withLockKind(LockKind value) {
        return new Scenario(threads, tasks, hold, lockOn, value, resource, busyTimeout, dbPath, deadlock);
    }

    public Scenario withResource(Resource value) {
        return new Scenario(threads, tasks, hold, lockOn, lockKind, value, busyTimeout, dbPath, deadlock);
    }

    public Scenario withBusyTimeout(Duration value) {
        return new Scenario(threads, tasks, hold, lockOn, lockKind, resource, value, dbPath, deadlock);
    }

    public Scenario withDbPath(Path value) {
        return new Scenario(threads, tasks, hold, lockOn, lockKind, resource, busyTimeout, value, deadlock);
    }

    public Scenario withDeadlock(boolean value) {
        return new Scenario(threads, tasks, hold, lockOn, lockKind, resource, busyTimeout, dbPath, value);
    }

    /** One line for logs and the history table. */
    public String describe() {
        if (deadlock) {
            return "deadlock: 2 workers, locks A and B in opposite order";
        }
        return threads + " threads × " + tasks + " tasks, hold " + Durations.format(hold) + ", lock "
                + (lockOn ? "on (" + lockKind.label() + ")" : "off") + ", "
                + (resource == Resource.SQLITE ? "SQLite (busy timeout " + Durations.format(busyTimeout) + ")"
                : "counter");
    }
}
