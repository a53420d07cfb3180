package streamlab.contention;

import java.util.concurrent.TimeUnit;

/**
 * Confined to its own thread {@code worker-N}, except the volatile fields that the run and the watchdog read: one
 * worker of a run and its task loop.
 *
 * <p>The run reads {@link #killed}, {@link #cut} and {@link #firstError} for {@link ContentionRun#kill} and the
 * summary; the deadlock watchdog reads {@link #holding} and {@link #waitingFor} for its report.
 */
final class Worker implements Runnable, LockStrategy.Task, OppositeOrderLocks.Steps {

    final int number;
    final LaneRecorder lane;
    final Thread thread;
    /** Set by {@link ContentionRun#kill}, read by the worker after an interrupt. */
    volatile boolean killed;
    /** Tasks cut short; read after the worker ended. */
    volatile long cut;
    volatile String firstError;
    /** For the deadlock watchdog's report. */
    volatile String holding = "no lock";
    volatile String waitingFor = "no lock";

    private final ContentionRun run;
    private final Scenario scenario;
    private final RunLog log;
    private final SharedResource resource;
    private final LockStrategy strategy;
    /** The deadlock demo's locks, or null for an ordinary run. */
    private final OppositeOrderLocks pair;
    private final boolean instant;
    private final boolean transactional;
    private SharedResource.Session session;

    // The task in progress: fields rather than locals so the locked body needs no per-task lambda.
    private int task;
    private long hold;
    private long t0;
    private long lastEnd;
    private long t1;
    private long t2;
    private long read;
    private long overwritten;

    /** Once the log is full it stays full, so a worker stops asking (the log's counter is shared). */
    private boolean logging = true;

    Worker(int number, LaneRecorder lane, ContentionRun run, SharedResource resource, LockStrategy strategy,
           OppositeOrderLocks pair) {
        this.number = number;
        this.lane = lane;
        this.run = run;
        this.scenario = run.scenario();
        this.log = run.log();
        this.resource = resource;
        this.strategy = strategy;
        this.pair = pair;
        this.instant = resource.instant();
        this.transactional = resource.transactional();
        this.thread = new Thread(this, "worker-" + number);
        thread.setDaemon(true);
    }

    @Override
    public void run() {
        lane.state(LaneState.RUNNING);
        try {
            session = resource.open(number);
            loop();
        } catch (TaskFailure e) {
            firstError = e.getMessage();
            log.addAlways(LogEvent.error(run.now(), number, firstError));
            lane.state(LaneState.STOPPED);
        } catch (RuntimeException | Error e) {
            // A fault of StreamLab itself: the run reports it as failed rather than as a result.
            lane.state(LaneState.STOPPED);
            run.workerFailed(number, e);
        } finally {
            lane.flush();
            lane.live(Phase.IDLE, 0, run.now());
            closeSession();
            run.workerEnded();
        }
    }

    private void loop() {
        lastEnd = run.now();
        for (task = 1; task <= scenario.tasks(); task++) {
            if (run.stopping() || killed) {
                break;
            }
            // At hold 0 without a log a task starts when the previous one ended, which saves a clock read per
            // task where that read would cost as much as the task. Otherwise the start is read afresh, so the
            // bookkeeping between tasks (logging, scheduling) is never shown as waiting for the lock. The start
            // is taken before the lock switch and the hold are read: a task that starts after a marker sees the
            // new setting.
            t0 = run.holdNanos() > 0 || logging() ? run.now() : lastEnd;
            boolean locked = run.lockOn();
            hold = run.holdNanos();
            t1 = -1;
            t2 = -1;
            read = 0;
            overwritten = 0;
            lane.live(Phase.WAITING, task, t0, hold > 0 || pair != null);
            if (logging()) {
                log.add(LogEvent.info(t0, number, "task " + task + ": " + (locked
                        ? "waiting for the lock (" + scenario.lockKind().label() + ")"
                        : "starting without a lock")));
            }
            try {
                Outcome outcome;
                if (pair != null) {
                    outcome = pair.run(number, this);
                } else if (locked) {
                    outcome = strategy.run(this);
                } else {
                    outcome = body(false);
                }
                finish(outcome, locked, null);
            } catch (InterruptedException e) {
                Outcome outcome = killed ? Outcome.ABANDONED : Outcome.STOPPED;
                session.rollback();
                cut++;
                finish(outcome, locked, null);
                lane.state(killed ? LaneState.KILLED : LaneState.STOPPED);
                return;
            } catch (TaskFailure e) {
                session.rollback();
                if (firstError == null) {
                    firstError = e.getMessage();
                }
                finish(Outcome.FAILED, locked, e.getMessage());
            }
        }
        lane.state(run.stopping() && task <= scenario.tasks() ? LaneState.STOPPED
                : killed ? LaneState.KILLED : LaneState.FINISHED);
    }

    private void finish(Outcome outcome, boolean locked, String error) {
        long end = run.now();
        lastEnd = end;
        long acquired = t1 < 0 ? end : t1;
        long tailStart = t2 < 0 ? end : t2;
        Phase tail = error != null ? Phase.ERROR : pair != null && t2 >= 0 && outcome == Outcome.STOPPED
                ? Phase.WAITING : Phase.WRITING;
        lane.record(task, t0, acquired, tailStart, end, read, overwritten, tail, outcome, locked);
        if (logging() || outcome != Outcome.DONE && outcome != Outcome.OVERWROTE) {
            LogEvent line = switch (outcome) {
                case DONE -> LogEvent.info(end, number, "task " + task + ": " + (transactional
                        ? "committed row " + read : "wrote " + (read + 1)));
                case OVERWROTE -> LogEvent.warning(end, number, "task " + task + ": wrote " + (read + 1)
                        + " over " + overwritten + " (read " + read + "): lost update");
                case FAILED -> LogEvent.error(end, number, "task " + task + ": " + error + " after waiting "
                        + Durations.formatNanos(acquired - t0) + (transactional ? "; transaction rolled back" : ""));
                case ABANDONED -> LogEvent.warning(end, number, "task " + task + ": killed, task abandoned"
                        + (transactional ? ", transaction rolled back" : ", increment lost")
                        + (locked ? ", lock released" : ""));
                case STOPPED -> LogEvent.info(end, number, "task " + task + ": stopped"
                        + (transactional ? ", transaction rolled back" : ""));
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

    @Override
    public Outcome runLocked() throws InterruptedException, TaskFailure {
        return body(true);
    }

    @Override
    public boolean canRunLockFree() {
        return session.canCompareAndWrite();
    }

    /** The task between lock and unlock (or without a lock): read, hold, write; or BEGIN, INSERT, hold, COMMIT. */
    private Outcome body(boolean locked) throws InterruptedException, TaskFailure {
        session.begin();
        // With no hold, read-and-write on the counter takes a few tens of nanoseconds, about one clock reading,
        // and every nanosecond inside the lock is paid by all the workers queueing for it. The recorder then reads
        // the clock once per task, after the lock is released: with the lock on the task shows as waiting until
        // it ended (its few-nanosecond write included), with it off as a write.
        boolean timed = hold > 0 || !instant;
        if (timed) {
            t1 = run.now();
        } else {
            t1 = locked ? -1 : t0;
        }
        if (!locked && instant) {
            // Without a lock there is nothing to wait for: the task starts at its read, and time lost to the
            // scheduler before it shows as a gap, not as a lock wait.
            t0 = t1;
        }
        if (timed) {
            lane.live(Phase.HOLDING, task, t1);
        }
        read = session.read(task);
        logHolding(locked, (transactional ? "inserted row " : "read ") + read);
        pause(hold);
        if (timed) {
            t2 = run.now();
            lane.live(Phase.WRITING, task, t2);
        } else {
            t2 = t1;
        }
        overwritten = session.write(read);
        return overwritten == read ? Outcome.DONE : Outcome.OVERWROTE;
    }

    /** Lock-free: read, hold, compare-and-set; a failed CAS retries the whole task (shown as waiting). */
    @Override
    public Outcome runLockFree() throws InterruptedException, TaskFailure {
        while (true) {
            t1 = run.now();
            if (hold > 0) {
                lane.live(Phase.HOLDING, task, t1);
            }
            read = session.read(task);
            logHolding(true, "read " + read);
            pause(hold);
            if (hold > 0) {
                t2 = run.now();
                lane.live(Phase.WRITING, task, t2);
            } else {
                t2 = t1;
            }
            if (session.compareAndWrite(read)) {
                overwritten = read;
                return Outcome.DONE;
            }
            if (hold > 0) {
                lane.live(Phase.WAITING, task, run.now());
            }
        }
    }

    @Override
    public void waitingFor(String lock) {
        waitingFor = lock;
    }

    @Override
    public void took(String lock) {
        holding = lock;
        waitingFor = "no lock";
        t1 = run.now();
        lane.live(Phase.HOLDING, task, t1);
        log.add(LogEvent.info(t1, number, "task " + task + ": took " + lock));
    }

    @Override
    public void hold() throws InterruptedException {
        pause(hold);
    }

    @Override
    public void waitingForSecond(String lock) {
        t2 = run.now();
        waitingFor = lock;
        lane.live(Phase.WAITING, task, t2);
        log.add(LogEvent.info(t2, number, "task " + task + ": waiting for " + lock));
    }

    @Override
    public Outcome write() {
        try {
            read = session.read(task);
            overwritten = session.write(read);
        } catch (TaskFailure | InterruptedException e) {
            // The demo's resource is always the in-memory counter, whose reads and writes cannot fail.
            throw new IllegalStateException(e);
        }
        return Outcome.DONE;
    }

    @Override
    public void released() {
        holding = "no lock";
    }

    private void logHolding(boolean locked, String what) {
        if (logging()) {
            // At hold 0 the recorder took no clock reading here (t1 < 0); the log, on only for small runs, does.
            long at = t1 >= 0 ? t1 : run.now();
            log.add(LogEvent.info(at, number, "task " + task + ": " + (locked ? "got the lock after "
                    + Durations.formatNanos(at - t0) + ", " : "") + what + ", holding "
                    + Durations.formatNanos(hold)));
        }
    }

    /** Holds for the given time; interruptible even when zero, so a kill or stop lands mid-task. */
    private static void pause(long nanos) throws InterruptedException {
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

    private void closeSession() {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (TaskFailure e) {
            log.addAlways(LogEvent.warning(run.now(), number, "closing the database: " + e.getMessage()));
        }
    }
}
