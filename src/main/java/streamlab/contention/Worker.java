package streamlab.contention;

import java.util.concurrent.TimeUnit;

/**
 * Confined to its own thread {@code worker-N}, except the volatile fields that the run and the watchdog read: one
 * worker of a run and its task loop.
 *
 * <p>The run reads {@link #killed}, {@link #cut} and {@link #firstError} for {@link ContentionRun#kill} and the
 * summary; the deadlock watchdog reads {@link #holding} and {@link #waitingFor} for its report.
 *
 * <p>Its log lines take their stamps from the run's {@link RunLog} at the moment of the event; the stamp of a write is
 * taken at the write ({@link #writing}), inside the lock when it is on, so the log shows the writes in their order.
 */
final class Worker implements Runnable, LockStrategy.Task, OppositeOrderLocks.Steps, SharedResource.WriteOrder {

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
    /** SQLite: when the task's turn came (lock taken, or at once without it) and it began to wait for the database. */
    private long tLock;
    /** The write's place in the write order and the place of the write it replaced, or 0. */
    private long seq;
    private long replacedSeq;
    /** The log stamp taken at the write, or -1; while set, the worker's log slot is open. */
    private long writeStamp;
    /** The deadlock demo: how long the task waited for its second lock, once it got it. */
    private long secondWait;
    /** When a failed task failed, before its rollback. */
    private long failAt;

    /** Once the log is full it stays full, so a worker stops asking (the log's counter is shared). */
    private boolean logging = true;
    /** Phase lines not built because the log was full; handed to the log when the worker ends. */
    private long unlogged;

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
            logAlways("ERROR", firstError);
            lane.state(LaneState.STOPPED);
        } catch (RuntimeException | Error e) {
            // A fault of StreamLab itself: the run reports it as failed rather than as a result.
            lane.state(LaneState.STOPPED);
            run.workerFailed(number, e);
        } finally {
            log.release(number);
            log.skippedUnbuilt(unlogged);
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
            tLock = -1;
            read = 0;
            overwritten = 0;
            seq = 0;
            replacedSeq = 0;
            writeStamp = -1;
            secondWait = 0;
            // SQLite without the app's lock: the only wait is for the database's write lock.
            lane.live(!locked && !instant && pair == null ? Phase.WAITING_FOR_DB : Phase.WAITING, task, t0,
                    hold > 0 || pair != null);
            if (logging()) {
                logPhase("task " + task + ": " + (locked
                        ? "waiting for the lock (" + scenario.lockKind().label() + ")"
                        : "starting without a lock"));
            } else {
                unlogged++;
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
                failAt = run.now();
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
        // A failure happened before its rollback: the task waited or held until then, and shows the error after.
        long cutAt = outcome == Outcome.FAILED ? failAt : end;
        long acquired = t1 < 0 ? cutAt : t1;
        long tailStart = t2 < 0 ? cutAt : t2;
        boolean finishedWrite = outcome == Outcome.DONE || outcome == Outcome.OVERWROTE;
        Phase tail = error != null ? Phase.ERROR : pair != null && t2 >= 0 && !finishedWrite
                ? Phase.WAITING : Phase.WRITING;
        long lockWait;
        long dbWait = 0;
        boolean waitedForDb = false;
        if (tLock >= 0) {
            // SQLite: the wait is for the app's lock up to its turn, then for the database's write lock.
            lockWait = locked ? tLock - t0 : 0;
            dbWait = acquired - tLock;
            // With the lock on, no other worker holds the database: its BEGIN is work, drawn within the lock wait.
            waitedForDb = !locked;
        } else {
            lockWait = acquired - t0;
        }
        if (pair != null && t2 >= 0) {
            // The deadlock demo also waits for its second lock: until the write, or until stopped or killed.
            lockWait = Math.max(lockWait, tail == Phase.WAITING ? end - t2 : secondWait);
        }
        lane.record(task, t0, acquired, tailStart, end, read, overwritten, seq, replacedSeq, waitedForDb, tail,
                outcome, locked, lockWait, dbWait);
        if (finishedWrite) {
            if (writeStamp >= 0) {
                // Stamped at the write: the line takes the write's place in the log.
                log.add(number, outcome == Outcome.DONE
                        ? LogEvent.info(writeStamp, number, "task " + task + ": " + (transactional
                                ? "committed row " + read : "wrote " + (read + 1)))
                        : LogEvent.warning(writeStamp, number, "task " + task + ": wrote " + (read + 1)
                                + " over " + overwritten + " (read " + read + "): lost update"));
                writeStamp = -1;
            } else {
                unlogged++;
            }
            return;
        }
        String line = switch (outcome) {
            case FAILED -> "task " + task + ": " + error + " after waiting " + Durations.formatNanos(acquired - t0)
                    + (tLock >= 0 && !locked ? " for the database" : "")
                    + (transactional ? "; transaction rolled back" : "");
            case ABANDONED -> "task " + task + ": killed, task abandoned"
                    + (transactional ? ", transaction rolled back" : ", increment lost")
                    + (locked ? ", lock released" : "");
            case STOPPED -> "task " + task + ": stopped" + (transactional ? ", transaction rolled back" : "");
            default -> throw new IllegalStateException(outcome.name());
        };
        logAlways(switch (outcome) {
            case FAILED -> "ERROR";
            case ABANDONED -> "WARNING";
            default -> "INFO";
        }, line);
        writeStamp = -1;
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
        // A task takes the hold that is current when it gets the lock: one that waited while the hold changed
        // works with the new value.
        hold = run.holdNanos();
        if (!instant) {
            // BEGIN IMMEDIATE waits for the database's write lock (up to the busy timeout): a wait of its own.
            tLock = run.now();
            if (locked) {
                lane.live(Phase.WAITING_FOR_DB, task, tLock);
            }
        }
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
        overwritten = session.write(read, this);
        return overwritten == read ? Outcome.DONE : Outcome.OVERWROTE;
    }

    /** Lock-free: read, hold, compare-and-set; a failed CAS retries the whole task (shown as waiting). */
    @Override
    public Outcome runLockFree() throws InterruptedException, TaskFailure {
        while (true) {
            hold = run.holdNanos();
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
            if (session.compareAndWrite(read, this)) {
                overwritten = read;
                return Outcome.DONE;
            }
            if (writeStamp >= 0) {
                // Stamped for a write that did not happen: the slot must not stay open through the retry's hold.
                log.release(number);
                writeStamp = -1;
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
        logPhase("task " + task + ": took " + lock);
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
        logPhase("task " + task + ": waiting for " + lock);
    }

    @Override
    public Outcome write() {
        secondWait = run.now() - t2;
        try {
            read = session.read(task);
            overwritten = session.write(read, this);
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

    @Override
    public void writing() {
        // Only while logging: the stamp costs a clock reading and a shared compare-and-set.
        if (logging) {
            writeStamp = log.stamp(number);
        }
    }

    @Override
    public void written(long seq, long replacedSeq) {
        this.seq = seq;
        this.replacedSeq = replacedSeq;
    }

    private void logHolding(boolean locked, String what) {
        if (logging()) {
            // At hold 0 the recorder took no clock reading here (t1 < 0); the log, on only for small runs, does.
            long at = t1 >= 0 ? t1 : run.now();
            logPhase("task " + task + ": " + (locked ? "got the lock after "
                    + Durations.formatNanos(at - t0) + ", " : "") + what + ", holding "
                    + Durations.formatNanos(hold));
        } else {
            unlogged++;
        }
    }

    /** Logs a phase line stamped now; counted, not kept, once the log is full. */
    private void logPhase(String message) {
        long at = log.stamp(number);
        log.add(number, LogEvent.info(at, number, message));
    }

    /** Logs a line stamped now that is kept even once the log is full. */
    private void logAlways(String level, String message) {
        long at = log.stamp(number);
        log.addAlways(number, new LogEvent(at, number, level, message));
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
            logAlways("WARNING", "closing the database: " + e.getMessage());
        }
    }
}
