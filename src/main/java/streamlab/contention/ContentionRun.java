package streamlab.contention;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of the contention lab: worker threads doing tasks on the shared counter or SQLite file, recorded lane by
 * lane. Thread-safe: the control methods ({@link #setLockOn}, {@link #setHold}, {@link #kill}, {@link #stop}) may be
 * called from any thread while the workers run, and readers may look at the lanes at any time.
 */
public final class ContentionRun {

    /** How many completion-order entries a summary keeps. */
    public static final int MAX_ORDER = 100_000;

    private final Scenario scenario;
    private final RunOptions options;
    private final long origin;
    private final Instant startedAt;
    private final List<LaneRecorder> lanes;
    private final List<Marker> markers = new CopyOnWriteArrayList<>();
    private final RunLog log;
    private final Worker[] workers;
    private final AtomicInteger alive;
    private final CompletableFuture<RunSummary> completion = new CompletableFuture<>();

    private final AtomicLong counter = new AtomicLong();
    private final ReentrantLock lock;
    private final Object monitor = new Object();
    private final AtomicReference<Thread> spinOwner = new AtomicReference<>();
    private final ReentrantLock lockA = new ReentrantLock();
    private final ReentrantLock lockB = new ReentrantLock();
    private final CountDownLatch bothHoldFirstLock = new CountDownLatch(2);
    private final Thread watchdog;

    private volatile boolean lockOn;
    private volatile long holdNanos;
    private volatile boolean stopping;
    private volatile String deadlock;
    private volatile long endNanos = -1;

    private ContentionRun(Scenario scenario, RunOptions options) {
        this.scenario = scenario;
        this.options = options;
        this.lockOn = scenario.lockOn();
        this.holdNanos = scenario.hold().toNanos();
        this.lock = new ReentrantLock(scenario.lockKind() == LockKind.FAIR);
        this.log = new RunLog(options.logLimit());
        int capacity = options.laneCapacity(scenario.threads());
        List<LaneRecorder> list = new ArrayList<>();
        workers = new Worker[scenario.threads()];
        for (int w = 1; w <= scenario.threads(); w++) {
            LaneRecorder lane = new LaneRecorder(w, capacity, options.recording());
            list.add(lane);
            workers[w - 1] = new Worker(w, lane);
        }
        lanes = List.copyOf(list);
        alive = new AtomicInteger(workers.length);
        watchdog = scenario.deadlock() ? new Thread(this::watchForDeadlock, "deadlock-watch") : null;
        startedAt = Instant.now();
        origin = System.nanoTime();
    }

    /**
     * Prepares the resource (recreates the SQLite table) and starts the workers. Blocks for the preparation only.
     *
     * @throws IllegalArgumentException when the SQLite file cannot be prepared; the message says what to do
     */
    public static ContentionRun start(Scenario scenario, RunOptions options) {
        if (scenario.resource() == Resource.SQLITE && !scenario.deadlock()) {
            SqliteStore.recreate(scenario.dbPath());
        }
        ContentionRun run = new ContentionRun(scenario, options);
        run.log.addAlways(LogEvent.info(0, 0, "start: " + scenario.describe()));
        for (Worker w : run.workers) {
            w.thread.setDaemon(true);
            w.thread.start();
        }
        if (run.watchdog != null) {
            run.watchdog.setDaemon(true);
            run.watchdog.start();
        }
        return run;
    }

    public static ContentionRun start(Scenario scenario) {
        return start(scenario, RunOptions.defaults());
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The wall-clock instant the run started; lane times are nanoseconds after it. */
    public Instant startedAt() {
        return startedAt;
    }

    /** Nanoseconds since the run started, or the run's length once it has ended. */
    public long elapsedNanos() {
        long end = endNanos;
        return end >= 0 ? end : System.nanoTime() - origin;
    }

    /** One lane per worker, in worker order. */
    public List<LaneRecorder> lanes() {
        return lanes;
    }

    /** Lock toggles, hold changes, kills, the deadlock and the stop, in time order. */
    public List<Marker> markers() {
        return List.copyOf(markers);
    }

    public RunLog log() {
        return log;
    }

    /** The shared counter's current value. */
    public long counterValue() {
        return counter.get();
    }

    public boolean lockOn() {
        return lockOn;
    }

    public long holdNanos() {
        return holdNanos;
    }

    public boolean isRunning() {
        return !completion.isDone();
    }

    /** Completes with the summary once every worker has ended. */
    public CompletableFuture<RunSummary> completion() {
        return completion;
    }

    /** The waits-for cycle once a deadlock was detected, else null. */
    public String deadlock() {
        return deadlock;
    }

    /** Turns the lock on or off; each worker follows from its next task. Recorded as a marker. */
    public void setLockOn(boolean on) {
        if (lockOn == on || !isRunning()) {
            return;
        }
        lockOn = on;
        mark(on ? Marker.Kind.LOCK_ON : Marker.Kind.LOCK_OFF,
                "lock turned " + (on ? "ON" : "OFF") + " (from each worker's next task)");
    }

    /** Changes the hold; each worker follows from its next task. Recorded as a marker. */
    public void setHold(Duration hold) {
        if (hold.isNegative() || hold.compareTo(Scenario.MAX_HOLD) > 0) {
            throw new IllegalArgumentException("The hold must be 0 to 5 s, not " + Durations.format(hold) + ".");
        }
        if (hold.toNanos() == holdNanos || !isRunning()) {
            return;
        }
        holdNanos = hold.toNanos();
        mark(Marker.Kind.HOLD, "hold changed to " + Durations.format(hold) + " (from each worker's next task)");
    }

    /**
     * Kills one worker (1-based): it abandons its task, releases the lock, rolls back its SQLite transaction, and
     * does no more tasks. Returns false when that worker had already ended.
     */
    public boolean kill(int worker) {
        if (worker < 1 || worker > workers.length) {
            throw new IllegalArgumentException("There is no worker " + worker + ": choose 1 to " + workers.length
                    + ".");
        }
        Worker w = workers[worker - 1];
        if (!w.thread.isAlive() || w.killed) {
            return false;
        }
        w.killed = true;
        mark(Marker.Kind.KILL, "worker-" + worker + " killed during task " + Math.max(1, w.lane.liveTask()));
        w.thread.interrupt();
        return true;
    }

    /**
     * Stops every worker: holds and lock waits are interrupted, open transactions rolled back. Returns true when all
     * threads ended within the timeout (one second is enough).
     */
    public boolean stop(Duration timeout) {
        if (isRunning() && !stopping) {
            stopping = true;
            mark(Marker.Kind.STOP, "stop requested");
        }
        stopping = true;
        for (Worker w : workers) {
            w.thread.interrupt();
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
        return join(timeout);
    }

    /** Waits until every thread of the run has ended; true when they did within the timeout. */
    public boolean join(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Worker w : workers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(w.thread, left);
                }
            }
            if (watchdog != null) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(watchdog, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Worker w : workers) {
            if (w.thread.isAlive()) {
                return false;
            }
        }
        return watchdog == null || !watchdog.isAlive();
    }

    /** Waits for the summary. */
    public RunSummary awaitSummary(Duration timeout) throws InterruptedException {
        try {
            return completion.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("The run failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The run did not finish within " + Durations.format(timeout), e);
        }
    }

    private long now() {
        return System.nanoTime() - origin;
    }

    private void mark(Marker.Kind kind, String text) {
        long at = now();
        markers.add(new Marker(at, kind, text));
        log.addAlways(kind == Marker.Kind.DEADLOCK || kind == Marker.Kind.KILL
                ? LogEvent.warning(at, 0, text) : LogEvent.info(at, 0, text));
    }

    private void workerEnded() {
        if (alive.decrementAndGet() == 0) {
            endNanos = now();
            try {
                RunSummary summary = summarize();
                log.addAlways(LogEvent.info(endNanos, 0, "summary: " + summary.describe()));
                completion.complete(summary);
            } catch (RuntimeException | Error e) {
                completion.completeExceptionally(e);
            }
        }
    }

    private RunSummary summarize() {
        long expected = scenario.expectedTasks();
        long completed = 0;
        long overwrites = 0;
        long errors = 0;
        long cut = 0;
        long maxWait = 0;
        boolean coalesced = false;
        List<Integer> killed = new ArrayList<>();
        String firstError = null;
        for (Worker w : workers) {
            completed += w.lane.completed();
            overwrites += w.lane.overwrites();
            errors += w.lane.errors();
            cut += w.cut;
            maxWait = Math.max(maxWait, w.lane.maxWaitNanos());
            coalesced |= w.lane.block().granularity() > 1;
            if (w.killed) {
                killed.add(w.number);
            }
            if (firstError == null) {
                firstError = w.firstError;
            }
        }
        long rows = -1;
        long actual = counter.get();
        if (scenario.resource() == Resource.SQLITE && !scenario.deadlock()) {
            try {
                rows = SqliteStore.count(scenario.dbPath());
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot count the rows in " + scenario.dbPath() + ": "
                        + SqliteStore.shortMessage(e), e);
            }
            actual = rows;
        }
        long notRun = expected - completed - cut;
        List<String> order = options.recording() && !coalesced ? completionOrder() : List.of();
        boolean orderComplete = options.recording() && !coalesced && completed <= MAX_ORDER;
        return new RunSummary(scenario, expected, actual, expected - actual, overwrites, errors, cut, notRun,
                completed, rows, maxWait, endNanos, order, orderComplete, stopping, killed, deadlock, coalesced,
                firstError);
    }

    /** Merges the lanes (each already in time order) by write time: worker:task, finished tasks only. */
    private List<String> completionOrder() {
        int n = lanes.size();
        SegmentBlock[] blocks = new SegmentBlock[n];
        int[] counts = new int[n];
        int[] heads = new int[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = lanes.get(i).block();
            counts[i] = blocks[i].count();
        }
        // With the lock on for every task of the counter, the value a task read is its exact place in the write
        // order (each locked write is read + 1), and needs no clock. Otherwise tasks are ordered by time.
        boolean byValue = scenario.resource() == Resource.COUNTER && !scenario.deadlock();
        for (int i = 0; i < n && byValue; i++) {
            for (int j = 0; j < counts[i] && byValue; j++) {
                byValue = blocks[i].locked(j) || !blocks[i].outcome(j).finished();
            }
        }
        List<String> order = new ArrayList<>();
        while (order.size() < MAX_ORDER) {
            int best = -1;
            long bestEnd = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                while (heads[i] < counts[i] && !blocks[i].outcome(heads[i]).finished()) {
                    heads[i]++;
                }
                long key = heads[i] >= counts[i] ? 0
                        : byValue ? blocks[i].read(heads[i]) : orderKey(blocks[i], heads[i]);
                if (heads[i] < counts[i] && key < bestEnd) {
                    bestEnd = key;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            order.add((best + 1) + ":" + blocks[best].firstTask(heads[best]));
            heads[best]++;
        }
        return order;
    }

    /**
     * When a task's write happened, for ordering by time: for SQLite with the lock on, the moment it took its locks
     * (commits follow that order, and the time is taken inside the lock); otherwise the task's end.
     */
    private long orderKey(SegmentBlock b, int i) {
        return b.locked(i) && scenario.resource() == Resource.SQLITE ? b.acquired(i) : b.end(i);
    }

    private void watchForDeadlock() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, Worker> byId = new HashMap<>();
        for (Worker w : workers) {
            byId.put(w.thread.getId(), w);
        }
        try {
            while (isRunning() && !stopping) {
                long[] ids = mx.findDeadlockedThreads();
                if (ids != null) {
                    long[] ours = Arrays.stream(ids).filter(byId::containsKey).toArray();
                    if (ours.length > 0) {
                        String cycle = describeCycle(mx.getThreadInfo(ours, true, true), byId);
                        // Marker first: whoever sees the report can rely on the marker being there.
                        mark(Marker.Kind.DEADLOCK, "deadlock detected: " + cycle);
                        deadlock = cycle;
                        return;
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            // Stop: the run is ending, nothing more to watch.
        }
    }

    /** "worker-1 holds lock A and waits for lock B, held by worker-2; worker-2 holds lock B and waits for ...". */
    private static String describeCycle(ThreadInfo[] infos, Map<Long, Worker> byId) {
        List<String> parts = new ArrayList<>();
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            Worker w = byId.get(info.getThreadId());
            parts.add(info.getThreadName() + " holds " + w.holding + " and waits for " + w.waitingFor
                    + ", held by " + info.getLockOwnerName());
        }
        return String.join("; ", parts);
    }

    /** One worker thread and its task loop; its fields are written only by its own thread unless marked. */
    private final class Worker implements Runnable {

        final int number;
        final LaneRecorder lane;
        final Thread thread;
        /** Set by {@link #kill}, read by the worker after an interrupt. */
        volatile boolean killed;
        /** Tasks cut short; read after the worker ended. */
        volatile long cut;
        volatile String firstError;
        volatile String holding = "no lock";
        volatile String waitingFor = "no lock";

        private Connection db;
        private PreparedStatement insert;
        private Statement control;

        // The task in progress: fields rather than locals so the locked body needs no per-task lambda.
        private int task;
        private long hold;
        private long t0;
        private long lastEnd;
        private long t1;
        private long t2;
        private long read;
        private long overwritten;
        private boolean inTransaction;

        /** Once the log is full it stays full, so a worker stops asking (the log's counter is shared). */
        private boolean logging = true;

        Worker(int number, LaneRecorder lane) {
            this.number = number;
            this.lane = lane;
            this.thread = new Thread(this, "worker-" + number);
        }

        @Override
        public void run() {
            lane.state(LaneState.RUNNING);
            try {
                if (scenario.resource() == Resource.SQLITE && !scenario.deadlock()) {
                    openDatabase();
                }
                loop();
            } catch (SQLException e) {
                firstError = "cannot open " + scenario.dbPath() + ": " + SqliteStore.shortMessage(e);
                log.addAlways(LogEvent.error(now(), number, firstError));
                lane.state(LaneState.STOPPED);
            } finally {
                lane.flush();
                lane.live(Phase.IDLE, 0, now());
                closeDatabase();
                workerEnded();
            }
        }

        private void loop() {
            lastEnd = now();
            for (task = 1; task <= scenario.tasks(); task++) {
                if (stopping || killed) {
                    break;
                }
                // At hold 0 without a log a task starts when the previous one ended, which saves a clock read per
                // task where that read would cost as much as the task. Otherwise the start is read afresh, so the
                // bookkeeping between tasks (logging, scheduling) is never shown as waiting for the lock. The start
                // is taken before the lock switch and the hold are read: a task that starts after a marker sees the
                // new setting.
                t0 = holdNanos > 0 || logging() ? now() : lastEnd;
                boolean locked = lockOn;
                hold = holdNanos;
                t1 = -1;
                t2 = -1;
                read = 0;
                overwritten = 0;
                lane.live(Phase.WAITING, task, t0, hold > 0 || scenario.deadlock());
                if (logging()) {
                    log.add(LogEvent.info(t0, number, "task " + task + ": " + (locked
                            ? "waiting for the lock (" + scenario.lockKind().label() + ")"
                            : "starting without a lock")));
                }
                try {
                    Outcome outcome;
                    if (scenario.deadlock()) {
                        outcome = deadlockTask();
                    } else if (locked) {
                        outcome = lockedTask();
                    } else {
                        outcome = body(false);
                    }
                    finish(outcome, locked, null);
                } catch (InterruptedException e) {
                    Outcome outcome = killed ? Outcome.ABANDONED : Outcome.STOPPED;
                    rollbackQuietly();
                    cut++;
                    finish(outcome, locked, null);
                    lane.state(killed ? LaneState.KILLED : LaneState.STOPPED);
                    return;
                } catch (SQLException e) {
                    rollbackQuietly();
                    String message = SqliteStore.shortMessage(e);
                    if (firstError == null) {
                        firstError = message;
                    }
                    finish(Outcome.FAILED, locked, message);
                }
            }
            lane.state(stopping && task <= scenario.tasks() ? LaneState.STOPPED
                    : killed ? LaneState.KILLED : LaneState.FINISHED);
        }

        private void finish(Outcome outcome, boolean locked, String error) {
            long end = now();
            lastEnd = end;
            long acquired = t1 < 0 ? end : t1;
            long tailStart = t2 < 0 ? end : t2;
            Phase tail = error != null ? Phase.ERROR : scenario.deadlock() && t2 >= 0 && outcome == Outcome.STOPPED
                    ? Phase.WAITING : Phase.WRITING;
            lane.record(task, t0, acquired, tailStart, end, read, overwritten, tail, outcome, locked);
            if (logging() || outcome != Outcome.DONE && outcome != Outcome.OVERWROTE) {
                LogEvent line = switch (outcome) {
                    case DONE -> LogEvent.info(end, number, "task " + task + ": " + (isSqlite()
                            ? "committed row " + read : "wrote " + (read + 1)));
                    case OVERWROTE -> LogEvent.warning(end, number, "task " + task + ": wrote " + (read + 1)
                            + " over " + overwritten + " (read " + read + "): lost update");
                    case FAILED -> LogEvent.error(end, number, "task " + task + ": " + error + " after waiting "
                            + Durations.formatNanos(acquired - t0) + "; transaction rolled back");
                    case ABANDONED -> LogEvent.warning(end, number, "task " + task + ": killed, task abandoned"
                            + (isSqlite() ? ", transaction rolled back" : ", increment lost")
                            + (locked ? ", lock released" : ""));
                    case STOPPED -> LogEvent.info(end, number, "task " + task + ": stopped"
                            + (isSqlite() ? ", transaction rolled back" : ""));
                };
                if (outcome == Outcome.DONE || outcome == Outcome.OVERWROTE) {
                    log.add(line);
                } else {
                    log.addAlways(line);
                }
            }
        }

        private boolean logging() {
            return logging && (logging = log.accepting());
        }

        private boolean isSqlite() {
            return scenario.resource() == Resource.SQLITE && !scenario.deadlock();
        }

        private Outcome lockedTask() throws InterruptedException, SQLException {
            switch (scenario.lockKind()) {
                case REENTRANT, FAIR -> {
                    lock.lockInterruptibly();
                    try {
                        return body(true);
                    } finally {
                        lock.unlock();
                    }
                }
                case SYNCHRONIZED -> {
                    // Entering a monitor cannot be interrupted, but the holder's hold can: on Stop the holder
                    // leaves, and each waiter in turn enters, sees its interrupt at the hold, and leaves too.
                    synchronized (monitor) {
                        return body(true);
                    }
                }
                case ATOMIC -> {
                    if (!isSqlite()) {
                        return casTask();
                    }
                    spinLock();
                    try {
                        return body(true);
                    } finally {
                        spinOwner.set(null);
                    }
                }
                default -> throw new IllegalStateException(scenario.lockKind().name());
            }
        }

        /** The task between lock and unlock (or without a lock): read, hold, write; or BEGIN, INSERT, hold, COMMIT. */
        private Outcome body(boolean locked) throws InterruptedException, SQLException {
            if (isSqlite()) {
                return sqliteBody(locked);
            }
            // With no hold, read-and-write takes a few tens of nanoseconds, about one clock reading, and every
            // nanosecond inside the lock is paid by all the workers queueing for it. The recorder then reads the
            // clock once per task, after the lock is released: with the lock on the task shows as waiting until it
            // ended (its few-nanosecond write included), with it off as a write.
            if (hold > 0) {
                t1 = now();
            } else {
                t1 = locked ? -1 : t0;
            }
            if (!locked) {
                // Without a lock there is nothing to wait for: the task starts at its read, and time lost to the
                // scheduler before it shows as a gap, not as a lock wait.
                t0 = t1;
            }
            if (hold > 0) {
                lane.live(Phase.HOLDING, task, t1);
            }
            read = counter.get();
            logHolding(locked, "read " + read);
            pause(hold);
            if (hold > 0) {
                t2 = now();
                lane.live(Phase.WRITING, task, t2);
            } else {
                t2 = t1;
            }
            overwritten = counter.getAndSet(read + 1);
            return overwritten == read ? Outcome.DONE : Outcome.OVERWROTE;
        }

        /** Lock-free: read, hold, compare-and-set; a failed CAS retries the whole task (shown as waiting). */
        private Outcome casTask() throws InterruptedException {
            while (true) {
                t1 = now();
                if (hold > 0) {
                    lane.live(Phase.HOLDING, task, t1);
                }
                read = counter.get();
                logHolding(true, "read " + read);
                pause(hold);
                if (hold > 0) {
                    t2 = now();
                    lane.live(Phase.WRITING, task, t2);
                } else {
                    t2 = t1;
                }
                if (counter.compareAndSet(read, read + 1)) {
                    overwritten = read;
                    return Outcome.DONE;
                }
                if (hold > 0) {
                    lane.live(Phase.WAITING, task, now());
                }
            }
        }

        private Outcome sqliteBody(boolean locked) throws InterruptedException, SQLException {
            long deadline = System.nanoTime() + scenario.busyTimeout().toNanos();
            retrying("BEGIN IMMEDIATE", deadline);
            inTransaction = true;
            t1 = now();
            lane.live(Phase.HOLDING, task, t1);
            insert.setString(1, "pet-" + number + "-" + task);
            insert.setString(2, task % 2 == 0 ? "cat" : "dog");
            insert.setInt(3, number);
            insert.setInt(4, task);
            insert.executeUpdate();
            try (ResultSet rs = control.executeQuery("SELECT last_insert_rowid()")) {
                read = rs.next() ? rs.getLong(1) : 0;
            }
            overwritten = read;
            logHolding(locked, "inserted row " + read);
            pause(hold);
            t2 = now();
            lane.live(Phase.WRITING, task, t2);
            retrying("COMMIT", System.nanoTime() + scenario.busyTimeout().toNanos());
            inTransaction = false;
            return Outcome.DONE;
        }

        /** Runs a statement, retrying SQLITE_BUSY until the busy timeout; each try waits at most one slice. */
        private void retrying(String sql, long deadline) throws InterruptedException, SQLException {
            while (true) {
                try {
                    control.execute(sql);
                    return;
                } catch (SQLException e) {
                    if (!SqliteStore.isBusy(e) || System.nanoTime() >= deadline) {
                        throw e;
                    }
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        private Outcome deadlockTask() throws InterruptedException {
            ReentrantLock first = number == 1 ? lockA : lockB;
            ReentrantLock second = number == 1 ? lockB : lockA;
            String firstName = number == 1 ? "lock A" : "lock B";
            String secondName = number == 1 ? "lock B" : "lock A";
            waitingFor = firstName;
            first.lockInterruptibly();
            try {
                holding = firstName;
                waitingFor = "no lock";
                t1 = now();
                lane.live(Phase.HOLDING, task, t1);
                log.add(LogEvent.info(t1, number, "task " + task + ": took " + firstName));
                // Both workers hold their first lock before either asks for its second: the deadlock is certain.
                bothHoldFirstLock.countDown();
                bothHoldFirstLock.await(1, TimeUnit.SECONDS);
                pause(hold);
                t2 = now();
                waitingFor = secondName;
                lane.live(Phase.WAITING, task, t2);
                log.add(LogEvent.info(t2, number, "task " + task + ": waiting for " + secondName));
                second.lockInterruptibly();
                try {
                    read = counter.get();
                    overwritten = counter.getAndSet(read + 1);
                    return Outcome.DONE;
                } finally {
                    second.unlock();
                }
            } finally {
                first.unlock();
                holding = "no lock";
            }
        }

        private void spinLock() throws InterruptedException {
            Thread me = Thread.currentThread();
            while (!spinOwner.compareAndSet(null, me)) {
                LockSupport.parkNanos(20_000);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        private void logHolding(boolean locked, String what) {
            if (logging()) {
                // At hold 0 the recorder took no clock reading here (t1 < 0); the log, on only for small runs, does.
                long at = t1 >= 0 ? t1 : now();
                log.add(LogEvent.info(at, number, "task " + task + ": " + (locked ? "got the lock after "
                        + Durations.formatNanos(at - t0) + ", " : "") + what + ", holding "
                        + Durations.formatNanos(hold)));
            }
        }

        /** Holds for the given time; interruptible even when zero, so a kill or stop lands mid-task. */
        private void pause(long nanos) throws InterruptedException {
            if (nanos <= 0) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                return;
            }
            long deadline = System.nanoTime() + nanos;
            long left = nanos;
            while (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
                left = deadline - System.nanoTime();
            }
        }

        private void openDatabase() throws SQLException {
            long slice = Math.min(SqliteStore.BUSY_SLICE_MS, scenario.busyTimeout().toMillis());
            db = SqliteStore.open(scenario.dbPath(), slice);
            control = db.createStatement();
            insert = db.prepareStatement("INSERT INTO pets(name, species, worker, task) VALUES (?, ?, ?, ?)");
        }

        private void rollbackQuietly() {
            if (db != null && inTransaction) {
                inTransaction = false;
                try {
                    control.execute("ROLLBACK");
                } catch (SQLException e) {
                    // SQLite already rolled back (for example after a failed COMMIT); nothing is left open.
                }
            }
        }

        private void closeDatabase() {
            if (db != null) {
                rollbackQuietly();
                try {
                    db.close();
                } catch (SQLException e) {
                    log.addAlways(LogEvent.warning(now(), number, "closing the database: "
                            + SqliteStore.shortMessage(e)));
                }
            }
        }
    }
}
