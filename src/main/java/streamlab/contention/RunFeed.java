package streamlab.contention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Thread-safe, with one writer per lane: the side of a {@link ContentionRun} that workers outside this package write
 * through, so that events parsed from a child process land in the same lanes, log, markers and summary as a thread
 * worker's. Made by the run; each lane must be written by one thread only (a process worker's reader thread).
 */
public final class RunFeed {

    private final ContentionRun run;
    private final long startEpochNanos;
    private final AtomicReferenceArray<RunSummariser.WorkerEnd> ends;
    private final boolean transactional;

    RunFeed(ContentionRun run, int workers, boolean transactional) {
        this.run = run;
        Instant at = run.startedAt();
        this.startEpochNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        this.ends = new AtomicReferenceArray<>(workers);
        this.transactional = transactional;
    }

    public Scenario scenario() {
        return run.scenario();
    }

    public List<LaneRecorder> lanes() {
        return run.lanes();
    }

    /** Nanoseconds since the run started, on the run clock. */
    public long now() {
        return run.now();
    }

    /** The run's start as nanoseconds since the epoch: maps a child's wall-clock hello onto the run clock. */
    public long startEpochNanos() {
        return startEpochNanos;
    }

    public boolean lockOn() {
        return run.lockOn();
    }

    public long holdNanos() {
        return run.holdNanos();
    }

    public boolean stopping() {
        return run.stopping();
    }

    /** The worker (1-based) is being started: its lane is "starting" from {@code since}. */
    public void starting(int worker, long since) {
        LaneRecorder lane = lane(worker);
        lane.starting(since);
        lane.state(LaneState.WAITING_TO_START);
    }

    /** The worker's process said hello at {@code at}: it runs from now on. */
    public void started(int worker, long pid, long at) {
        LaneRecorder lane = lane(worker);
        lane.started(pid, at);
        lane.state(LaneState.RUNNING);
    }

    /** The phase the worker is in now (WAITING, HOLDING or WRITING of {@code task}) since {@code since}. */
    public void live(int worker, Phase phase, int task, long since) {
        lane(worker).live(phase, task, since);
    }

    /**
     * Records one task exactly as a thread worker would, with its log line.
     *
     * @param error the failure's message for {@link Outcome#FAILED}, else null
     * @param why   for a task cut short, what happened to it ("killed (SIGKILL)"), else null
     */
    public void task(int worker, int task, long t0, long acquired, long tailStart, long end, long read,
                     long overwritten, Phase tail, Outcome outcome, boolean locked, String error, String why) {
        lane(worker).record(task, t0, acquired, tailStart, end, read, overwritten, tail, outcome, locked);
        RunLog log = run.log();
        boolean routine = outcome == Outcome.DONE || outcome == Outcome.OVERWROTE;
        if (routine && !log.accepting()) {
            // Past the limit it stays past it: this only counts the line as skipped, without building its text.
            log.skippedUnbuilt(1);
            return;
        }
        String text = switch (outcome) {
            case DONE -> "task " + task + ": " + (transactional ? "committed row " + read : "wrote " + (read + 1));
            case OVERWROTE -> "task " + task + ": wrote " + (read + 1) + " over " + overwritten + " (read " + read
                    + "): lost update";
            case FAILED -> "task " + task + ": " + error + " after waiting " + Durations.formatNanos(acquired - t0)
                    + (transactional ? "; transaction rolled back" : "");
            case ABANDONED -> "task " + task + ": " + (why != null ? why : "killed") + ", task abandoned"
                    + (transactional ? ", its transaction was never committed (SQLite rolls it back)"
                    : ", increment never written") + (locked ? ", the OS released its file lock" : "");
            case STOPPED -> "task " + task + ": stopped" + (transactional ? ", transaction rolled back" : "");
        };
        // The log's order for a process run is the order in which the parent reads the children's events: each
        // line is stamped as it is read, so the log's time never goes back and the summary stays last.
        long at = log.stamp(worker);
        LogEvent line = switch (outcome) {
            case DONE, STOPPED -> LogEvent.info(at, worker, text);
            case OVERWROTE, ABANDONED -> LogEvent.warning(at, worker, text);
            case FAILED -> LogEvent.error(at, worker, text);
        };
        if (routine) {
            log.add(worker, line);
        } else {
            log.addAlways(worker, line);
        }
    }

    /** Adds a phase line while the log keeps them (a process worker's "waiting for the lock", say). */
    public void phaseLine(int worker, long at, String message) {
        RunLog log = run.log();
        if (log.accepting()) {
            log.add(worker, LogEvent.info(log.stamp(worker), worker, message));
        }
    }

    /** A line kept past the log's limit; the log stamps it as it is added, so that its time never goes back. */
    public void info(int worker, String message) {
        run.log().addRun(stamp -> LogEvent.info(stamp, worker, message));
    }

    public void warning(int worker, String message) {
        run.log().addRun(stamp -> LogEvent.warning(stamp, worker, message));
    }

    public void error(int worker, String message) {
        run.log().addRun(stamp -> LogEvent.error(stamp, worker, message));
    }

    /** A marker across all lanes, with its log line. */
    public void mark(Marker.Kind kind, String text) {
        run.mark(kind, text, 0);
    }

    /** A marker for one worker's lane (a kill), with its log line. */
    public void mark(Marker.Kind kind, String text, int worker) {
        run.mark(kind, text, worker);
    }

    /** A fault of StreamLab itself in the worker's handling: the run then fails instead of summarising. */
    public void failed(int worker, Throwable e) {
        run.workerFailed(worker, e);
    }

    /**
     * The worker has ended for good: publishes its lane's last record and state and, for the last one, lets the run
     * summarise. Call once per worker, from the thread that wrote its lane.
     *
     * @param cut        tasks cut short
     * @param killed     whether it died by a kill (from StreamLab or from outside)
     * @param firstError why it failed or what cut it off, or null
     */
    public void ended(int worker, LaneState state, long cut, boolean killed, String firstError) {
        LaneRecorder lane = lane(worker);
        lane.flush();
        lane.live(Phase.IDLE, 0, run.now());
        lane.state(state);
        ends.set(worker - 1, new RunSummariser.WorkerEnd(worker, cut, killed, firstError));
        run.workerEnded();
    }

    List<RunSummariser.WorkerEnd> ends() {
        List<RunSummariser.WorkerEnd> list = new ArrayList<>();
        for (int i = 0; i < ends.length(); i++) {
            RunSummariser.WorkerEnd e = ends.get(i);
            list.add(e != null ? e : new RunSummariser.WorkerEnd(i + 1, 0, false, null));
        }
        return list;
    }

    private LaneRecorder lane(int worker) {
        return run.lanes().get(worker - 1);
    }
}
