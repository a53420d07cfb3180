package streamlab.contention;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
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
 * @param workers        threads in this JVM, or OS processes (child JVMs) sharing a real file
 */
public record Scenario(int threads, int tasks, Duration hold, boolean lockOn, LockKind lockKind, Resource resource,
                       Duration busyTimeout, Path dbPath, boolean deadlock, WorkerKind workers) {

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
        Objects.requireNonNull(workers, "workers");
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
        if (deadlock && workers == WorkerKind.PROCESS) {
            throw new IllegalArgumentException("The deadlock scenario runs threads: its two locks live in one JVM.");
        }
    }

    /** Thread workers, as before process workers existed. */
    public Scenario(int threads, int tasks, Duration hold, boolean lockOn, LockKind lockKind, Resource resource,
                    Duration busyTimeout, Path dbPath, boolean deadlock) {
        this(threads, tasks, hold, lockOn, lockKind, resource, busyTimeout, dbPath, deadlock, WorkerKind.THREAD);
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

    /** The counter file process workers share: {@code counter.txt} beside the SQLite file. */
    public Path counterFile() {
        Path parent = dbPath.toAbsolutePath().getParent();
        return parent != null ? parent.resolve("counter.txt") : Path.of("counter.txt");
    }

    /** Tasks all workers intend to do together. */
    public long expectedTasks() {
        return (long) threads * tasks;
    }

    public Scenario withThreads(int value) {
        return with(b -> b.threads = value);
    }

    public Scenario withTasks(int value) {
        return with(b -> b.tasks = value);
    }

    public Scenario withHold(Duration value) {
        return with(b -> b.hold = value);
    }

    public Scenario withLockOn(boolean value) {
        return with(b -> b.lockOn = value);
    }

    public Scenario withLockKind(LockKind value) {
        return with(b -> b.lockKind = value);
    }

    public Scenario withResource(Resource value) {
        return with(b -> b.resource = value);
    }

    public Scenario withBusyTimeout(Duration value) {
        return with(b -> b.busyTimeout = value);
    }

    public Scenario withDbPath(Path value) {
        return with(b -> b.dbPath = value);
    }

    public Scenario withDeadlock(boolean value) {
        return with(b -> b.deadlock = value);
    }

    public Scenario withWorkers(WorkerKind value) {
        return with(b -> b.workers = value);
    }

    /** A copy with one field changed; the constructor checks the result as usual. */
    private Scenario with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new Scenario(c.threads, c.tasks, c.hold, c.lockOn, c.lockKind, c.resource, c.busyTimeout, c.dbPath,
                c.deadlock, c.workers);
    }

    /** Confined to one {@link #with} call: the fields of a scenario being copied. */
    private static final class Copy {
        int threads;
        int tasks;
        Duration hold;
        boolean lockOn;
        LockKind lockKind;
        Resource resource;
        Duration busyTimeout;
        Path dbPath;
        boolean deadlock;
        WorkerKind workers;

        Copy(Scenario s) {
            threads = s.threads;
            tasks = s.tasks;
            hold = s.hold;
            lockOn = s.lockOn;
            lockKind = s.lockKind;
            resource = s.resource;
            busyTimeout = s.busyTimeout;
            dbPath = s.dbPath;
            deadlock = s.deadlock;
            workers = s.workers;
        }
    }

    /** One line for logs and the history table. */
    public String describe() {
        if (deadlock) {
            return "deadlock: 2 workers, locks A and B in opposite order";
        }
        if (workers == WorkerKind.PROCESS) {
            return threads + " processes × " + tasks + " tasks, hold " + Durations.format(hold) + ", lock "
                    + (lockOn ? "on (OS file lock)" : "off") + ", "
                    + (resource == Resource.SQLITE ? "SQLite (busy timeout " + Durations.format(busyTimeout) + ")"
                    : "counter file");
        }
        return threads + " threads × " + tasks + " tasks, hold " + Durations.format(hold) + ", lock "
                + (lockOn ? "on (" + lockKind.label() + ")" : "off") + ", "
                + (resource == Resource.SQLITE ? "SQLite (busy timeout " + Durations.format(busyTimeout) + ")"
                : "counter");
    }
}
