package streamlab.contention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import streamlab.contention.process.ProcessReport;
import streamlab.contention.process.ProcessWorkers;

/**
 * Thread-safe: one run of the contention lab, from start to summary; its controls and readers may be used from any
 * thread.
 *
 * <p>It prepares the {@link SharedResource}, starts one {@link Worker} thread per lane (and a
 * {@link DeadlockWatchdog} for the deadlock demo), relays the controls ({@link #setLockOn}, {@link #setHold},
 * {@link #kill}, {@link #requestStop}) to them while they run, and summarises with {@link RunSummariser} once the
 * last one ends. Readers may look at the lanes, markers and log at any time.
 *
 * <p>With {@link WorkerKind#PROCESS} workers it starts no threads of its own: {@link ProcessWorkers} starts one child
 * JVM per lane and writes their events into the lanes through a {@link RunFeed}; the controls are relayed to it.
 */
public final class ContentionRun {

    /** How many completion-order entries a summary keeps. */
    public static final int MAX_ORDER = RunSummariser.MAX_ORDER;

    private final Scenario scenario;
    private final RunOptions options;
    private final long origin;
    private final Instant startedAt;
    private final List<LaneRecorder> lanes;
    private final MarkerLog markers = new MarkerLog();
    private final RunLog log;
    private final SharedResource resource;
    private final List<Worker> workers;
    private final DeadlockWatchdog watchdog;
    /** The child processes when the scenario asks for {@link WorkerKind#PROCESS} workers, else null. */
    private final ProcessWorkers processes;
    private final RunFeed feed;
    private final AtomicInteger alive;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** The first fault of StreamLab itself in a worker; the run then fails instead of summarising. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CompletableFuture<RunSummary> completion = new CompletableFuture<>();
    /** Completes, never exceptionally, once every thread of the run has ended and the completion is done. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private volatile boolean lockOn;
    private volatile long holdNanos;
    private volatile long endNanos = -1;

    private ContentionRun(Scenario scenario, RunOptions options, SharedResource resource) {
        this.scenario = scenario;
        this.options = options;
        this.resource = resource;
        this.lockOn = scenario.lockOn();
        this.holdNanos = scenario.hold().toNanos();
        // The log's clock is the run's, read only once the run has started.
        this.log = new RunLog(options.logLimit(), scenario.threads(), this::now);
        LockStrategy strategy = LockStrategy.of(scenario.lockKind());
        OppositeOrderLocks pair = scenario.deadlock() ? new OppositeOrderLocks() : null;
        int capacity = options.laneCapacity(scenario.threads());
        List<LaneRecorder> laneList = new ArrayList<>();
        List<Worker> workerList = new ArrayList<>();
        boolean inProcesses = scenario.workers() == WorkerKind.PROCESS;
        for (int w = 1; w <= scenario.threads(); w++) {
            LaneRecorder lane = new LaneRecorder(w, capacity, options.recording());
            laneList.add(lane);
            if (!inProcesses) {
                workerList.add(new Worker(w, lane, this, resource, strategy, pair));
            }
        }
        lanes = List.copyOf(laneList);
        workers = List.copyOf(workerList);
        alive = new AtomicInteger(lanes.size());
        watchdog = scenario.deadlock() ? new DeadlockWatchdog(workers, this::deadlockFound) : null;
        startedAt = Instant.now();
        origin = System.nanoTime();
        feed = inProcesses ? new RunFeed(this, lanes.size(), resource.transactional()) : null;
        processes = inProcesses ? new ProcessWorkers(feed) : null;
    }

    /**
     * Prepares the resource (recreates the SQLite table) and starts the workers. Blocks for the preparation only.
     *
     * @throws IllegalArgumentException when the SQLite file cannot be prepared; the message says what to do
     */
    public static ContentionRun start(Scenario scenario, RunOptions options) {
        SharedResource resource = SharedResource.of(scenario);
        resource.prepare();
        ContentionRun run = new ContentionRun(scenario, options, resource);
        run.log.addRun(at -> LogEvent.info(at, 0, "start: " + scenario.describe()));
        if (run.processes != null) {
            run.processes.start();
        }
        for (Worker w : run.workers) {
            w.thread.start();
        }
        if (run.watchdog != null) {
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

    /**
     * Lock toggles, hold changes, kills, the deadlock and the stop, in time order; each at the same time as its log
     * line. A kill's marker names the killed worker ({@link Marker#worker}).
     */
    public List<Marker> markers() {
        return markers.markers();
    }

    public RunLog log() {
        return log;
    }

    /** The shared counter's current value (0 for SQLite, whose rows are counted when the run ends). */
    public long counterValue() {
        return resource.liveValue();
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

    /** Completes with the summary once every worker has ended, or exceptionally when the run failed. */
    public CompletableFuture<RunSummary> completion() {
        return completion;
    }

    /** Threads in this JVM or OS processes. */
    public WorkerKind workerKind() {
        return scenario.workers();
    }

    /**
     * For process workers, what each child was (PID, start-up, exit status) and what survived, complete once the
     * run has ended; empty for thread workers.
     */
    public Optional<ProcessReport> processReport() {
        return processes == null ? Optional.empty() : Optional.of(processes.report());
    }

    /** The waits-for cycle once a deadlock was detected, else null; its marker is then in {@link #markers()}. */
    public String deadlock() {
        return markers.deadlock();
    }

    /** Turns the lock on or off; each worker follows from its next task. Recorded as a marker. */
    public void setLockOn(boolean on) {
        if (lockOn == on || !isRunning()) {
            return;
        }
        lockOn = on;
        mark(on ? Marker.Kind.LOCK_ON : Marker.Kind.LOCK_OFF,
                "lock turned " + (on ? "ON" : "OFF") + " (from each worker's next task)", 0);
        if (processes != null) {
            processes.lockChanged(on);
        }
    }

    /** Changes the hold; each worker follows from its next task. Recorded as a marker. */
    public void setHold(Duration hold) {
        if (hold.isNegative() || hold.compareTo(Scenario.MAX_HOLD) > 0) {
            throw new IllegalArgumentException("The hold must be 0 to 5 s, not " + Durations.format(hold) + ".");
        }
        if (hold.toNanos() == holdNanos || !isRunning()) {
            return;
        }
        long before = holdNanos;
        holdNanos = hold.toNanos();
        mark(Marker.Kind.HOLD, "hold " + Durations.formatNanos(before) + " → " + Durations.format(hold)
                + " (from each task that gets the lock after now)", 0);
        if (processes != null) {
            processes.holdChanged(holdNanos);
        }
    }

    /**
     * Kills one worker (1-based): it abandons its task, releases the lock, rolls back its SQLite transaction, and
     * does no more tasks. Returns false when that worker had already ended.
     */
    public boolean kill(int worker) {
        if (worker < 1 || worker > lanes.size()) {
            throw new IllegalArgumentException("There is no worker " + worker + ": choose 1 to " + lanes.size()
                    + ".");
        }
        if (processes != null) {
            return processes.kill(worker);
        }
        Worker w = workers.get(worker - 1);
        if (!w.thread.isAlive() || w.killed) {
            return false;
        }
        w.killed = true;
        mark(Marker.Kind.KILL, "worker-" + worker + " killed during task " + Math.max(1, w.lane.liveTask()), worker);
        w.thread.interrupt();
        return true;
    }

    /**
     * Kills every worker at once, as when the machine dies: thread workers are each killed as by {@link #kill};
     * process workers all get SIGKILL together. Returns how many were still alive to kill.
     */
    public int killAll() {
        if (processes != null) {
            return processes.killAll();
        }
        int n = 0;
        for (int w = 1; w <= workers.size(); w++) {
            n += kill(w) ? 1 : 0;
        }
        return n;
    }

    /**
     * Asks every worker to stop and returns at once: holds and lock waits are interrupted, open transactions rolled
     * back. The future completes once every thread of the run has ended and {@link #completion()} is done, which
     * takes well under a second; it never completes exceptionally.
     */
    public CompletableFuture<Void> requestStop() {
        if (isRunning() && stopping.compareAndSet(false, true)) {
            mark(Marker.Kind.STOP, "stop requested", 0);
        }
        stopping.set(true);
        if (processes != null) {
            processes.requestStop();
        }
        for (Worker w : workers) {
            w.thread.interrupt();
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
        return ended;
    }

    /**
     * Stops every worker, waiting for them on the calling thread: see {@link #requestStop()}. Returns true when all
     * threads ended within the timeout (one second is enough).
     */
    public boolean stop(Duration timeout) {
        requestStop();
        return join(timeout);
    }

    /** Waits until every thread of the run has ended; true when they did within the timeout. */
    public boolean join(Duration timeout) {
        if (processes != null) {
            try {
                ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Not ended in time (it never completes exceptionally).
            }
            return ended.isDone();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Worker w : workers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(w.thread, left);
                }
            }
            if (watchdog != null) {
                watchdog.join(deadline);
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
        } catch (ExecutionException e) {
            throw new IllegalStateException("The run failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The run did not finish within " + Durations.format(timeout), e);
        }
    }

    // The workers' side: package-private, called on worker threads.

    long now() {
        return System.nanoTime() - origin;
    }

    boolean stopping() {
        return stopping.get();
    }

    void workerFailed(int worker, Throwable e) {
        failure.compareAndSet(null, e);
        long at = log.stamp(worker);
        log.addAlways(worker, LogEvent.error(at, worker, "failed: " + e));
    }

    /** Called by each worker as it ends; the last one closes the watchdog, then summarises. */
    void workerEnded() {
        if (alive.decrementAndGet() != 0) {
            return;
        }
        endNanos = now();
        try {
            if (watchdog != null && !watchdog.close(Duration.ofSeconds(1))) {
                throw new IllegalStateException("The deadlock watchdog did not end within a second");
            }
            if (processes != null) {
                // Never throws: checks the file the children shared and logs what survived.
                processes.allEnded();
            }
            Throwable failed = failure.get();
            if (failed != null) {
                throw failed;
            }
            RunSummary summary = summarise();
            // The last line: markers asked for from now on are refused, so nothing comes after it.
            log.addLast(at -> LogEvent.info(at, 0, "summary: " + summary.describe()));
            completion.complete(summary);
        } catch (Throwable e) {
            log.addLast(at -> LogEvent.error(at, 0, failure.get() == null ? "failed: " + e.getMessage()
                    : "failed: see the error above"));
            completion.completeExceptionally(e);
        } finally {
            ended.complete(null);
        }
    }

    private RunSummary summarise() {
        List<RunSummariser.WorkerEnd> ends = new ArrayList<>(feed != null ? feed.ends() : List.of());
        for (Worker w : workers) {
            ends.add(new RunSummariser.WorkerEnd(w.number, w.cut, w.killed, w.firstError));
        }
        long rows = -1;
        long actual;
        if (resource.countsRows()) {
            rows = resource.finalCount();
            actual = rows;
        } else {
            actual = resource.finalCount();
        }
        return RunSummariser.summarise(new RunSummariser.Recorded(scenario, options.recording(), lanes, ends, actual,
                rows, endNanos, stopping.get(), markers.deadlock()));
    }

    private void deadlockFound(String cycle) {
        String text = "deadlock detected: " + cycle;
        log.addRun(at -> {
            markers.addDeadlock(new Marker(at, Marker.Kind.DEADLOCK, text), cycle);
            return LogEvent.warning(at, 0, text);
        });
    }

    /**
     * Adds a marker and its log line, with the same time; the log adds them one at a time, so markers stay in time
     * order. Nothing is added once the summary is in.
     */
    void mark(Marker.Kind kind, String text, int worker) {
        log.addRun(at -> {
            markers.add(new Marker(at, kind, text, worker));
            return kind == Marker.Kind.KILL ? LogEvent.warning(at, 0, text) : LogEvent.info(at, 0, text);
        });
    }
}
