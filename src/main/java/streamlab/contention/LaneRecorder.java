package streamlab.contention;

import java.lang.invoke.VarHandle;

/**
 * Thread-safe for a single writer (the lane's worker thread) and many readers: records one worker's tasks.
 *
 * <p>The writer never takes a lock, it fills arrays and publishes counts and the {@link LiveSnapshot} with release
 * stores. Memory is bounded by {@code capacity} records: when the lane
 * is full, neighbouring records are merged pairwise (coalesced), never dropped, and each record then holds twice as
 * many tasks.
 */
public final class LaneRecorder extends LaneRecorderPad {

    private static final int INITIAL_CAPACITY = 256;

    private final int worker;
    private final int capacity;
    private final boolean recording;
    private volatile SegmentBlock block;
    private volatile LaneState state = LaneState.WAITING_TO_START;
    /** Process workers only: the child's PID, and its start-up from spawn to hello on the run clock; -1 until known. */
    private volatile long pid = -1;
    private volatile long startingSince = -1;
    private volatile long startedAt = -1;

    LaneRecorder(int worker, int capacity, boolean recording) {
        this.worker = worker;
        this.capacity = Math.max(2, capacity & ~1);
        this.recording = recording;
        this.block = new SegmentBlock(Math.min(INITIAL_CAPACITY, this.capacity), 1);
    }

    /** The worker number, 1-based. */
    public int worker() {
        return worker;
    }

    /** The current block; read its {@link SegmentBlock#count()} once and use only records below it. */
    public SegmentBlock block() {
        return block;
    }

    public LaneState state() {
        return state;
    }

    void state(LaneState next) {
        state = next;
    }

    /** The OS process id of a process worker, or -1 for a thread worker (or a process not yet started). */
    public long pid() {
        return pid;
    }

    /**
     * When a process worker was spawned, in nanoseconds since the run started; -1 for a thread worker. The lane is
     * "starting" from then until {@link #startedAt()} (or, while that is -1, until now or the lane's end).
     */
    public long startingSince() {
        return startingSince;
    }

    /** When a process worker said hello (its JVM had started and opened the resource), or -1 until it has. */
    public long startedAt() {
        return startedAt;
    }

    void starting(long since) {
        startingSince = since;
    }

    void started(long processId, long at) {
        pid = processId;
        startedAt = at;
    }

    /**
     * What the worker is doing now, as one consistent value. Read it once per frame and use its fields together; the
     * single-field getters below each read a fresh snapshot.
     */
    public LiveSnapshot liveSnapshot() {
        return (LiveSnapshot) LIVE.getAcquire(this);
    }

    /** The phase the worker is in now. */
    public Phase livePhase() {
        return liveSnapshot().phase();
    }

    /** The task the worker is on now (1-based), or 0. */
    public int liveTask() {
        return liveSnapshot().task();
    }

    /** When the task in progress began (its wait), in nanoseconds since the run started. */
    public long liveTaskStart() {
        return liveSnapshot().taskStart();
    }

    /** When the task in progress began holding, or -1 when it has not yet. */
    public long liveHoldStart() {
        return liveSnapshot().holdStart();
    }

    /** When the live phase began, in nanoseconds since the run started. */
    public long liveSince() {
        return liveSnapshot().since();
    }

    public long completed() {
        return (long) COMPLETED.getAcquire(this);
    }

    public long overwrites() {
        return (long) OVERWRITES.getAcquire(this);
    }

    public long errors() {
        return (long) ERRORS.getAcquire(this);
    }

    /**
     * The longest wait for the app's lock so far (or a compare-and-set retry, or the deadlock demo's locks, up to the
     * moment the worker was stopped or killed); waits for the database are in {@link #maxDbWaitNanos}.
     */
    public long maxWaitNanos() {
        return (long) MAX_WAIT.getAcquire(this);
    }

    /** The longest wait for SQLite's write lock so far, including waits that ended in "database is locked". */
    public long maxDbWaitNanos() {
        return (long) MAX_DB_WAIT.getAcquire(this);
    }

    /** Whether the lane had to coalesce records to stay within its budget. */
    public boolean coalesced() {
        return block.granularity() > 1;
    }

    void live(Phase phase, int task, long since) {
        live(phase, task, since, true);
    }

    /**
     * Publishes the live phase. {@code trackTask} also publishes where a new task began; with hold 0 a task lasts
     * nanoseconds, no frame could show its phases in progress, and the worker skips those stores.
     */
    void live(Phase phase, int task, long since, boolean trackTask) {
        if (recording) {
            // Single writer: a plain read of its own last snapshot. The new one is published whole with one release
            // store, so a reader never mixes this task's phase with another task's times.
            LiveSnapshot last = live;
            long taskStart = last.taskStart();
            long holdStart = last.holdStart();
            if (trackTask && last.task() != task) {
                // A new task: remember where it began, so the timeline can draw its earlier phases before it ends.
                taskStart = since;
                holdStart = -1;
            }
            if (phase == Phase.HOLDING) {
                holdStart = since;
            }
            LIVE.setRelease(this, new LiveSnapshot(phase, task, since, taskStart, holdStart));
        }
    }

    void countStats(Outcome outcome, long waitNanos, long dbWaitNanos) {
        // Single writer: plain reads of its own fields, release stores so readers see whole values.
        if (outcome.finished()) {
            COMPLETED.setRelease(this, completed + 1);
        }
        if (outcome == Outcome.OVERWROTE) {
            OVERWRITES.setRelease(this, overwrites + 1);
        } else if (outcome == Outcome.FAILED) {
            ERRORS.setRelease(this, errors + 1);
        }
        if (waitNanos > maxWait) {
            MAX_WAIT.setRelease(this, waitNanos);
        }
        if (dbWaitNanos > maxDbWait) {
            MAX_DB_WAIT.setRelease(this, dbWaitNanos);
        }
    }

    /**
     * Records one task without sequence numbers, its whole wait a wait for the lock: for recordings made by hand. Called
     * only by the lane's single writer.
     */
    void record(int task, long start, long acquired, long tailStart, long end, long read, long overwritten,
                Phase tail, Outcome outcome, boolean locked) {
        record(task, start, acquired, tailStart, end, read, overwritten, 0, 0, false, tail, outcome, locked,
                acquired - start, 0);
    }

    /**
     * Records one task. Called only by the lane's worker.
     *
     * @param seq         the task's place in the write order, or 0 ({@link SegmentBlock#seq})
     * @param replacedSeq the place of the write it replaced, or 0 ({@link SegmentBlock#overwrittenSeq})
     * @param dbWait      whether the wait from start to acquired was for the database ({@link SegmentBlock#waitPhase})
     * @param lockWait    the task's longest wait for the app's lock, for {@link #maxWaitNanos}
     * @param dbWaitNanos the task's wait for the database, for {@link #maxDbWaitNanos}
     */
    void record(int task, long start, long acquired, long tailStart, long end, long read, long overwritten,
                long seq, long replacedSeq, boolean dbWait, Phase tail, Outcome outcome, boolean locked,
                long lockWait, long dbWaitNanos) {
        countStats(outcome, lockWait, dbWaitNanos);
        if (!recording) {
            return;
        }
        read = seq << 32 | read & SegmentBlock.LOW;
        overwritten = replacedSeq << 32 | overwritten & SegmentBlock.LOW;
        SegmentBlock b = block;
        if (b.granularity() == 1) {
            append(task, 1, start, acquired, tailStart, end, read, overwritten, outcome == Outcome.OVERWROTE ? 1 : 0,
                    outcome == Outcome.FAILED ? 1 : 0, (byte) tail.ordinal(), (byte) outcome.ordinal(), locked,
                    dbWait);
            return;
        }
        if (pendingTasks == 0) {
            pFirst = task;
            pStart = start;
            pWait = 0;
            pHold = 0;
            pTail = 0;
            pLost = 0;
            pErrors = 0;
            pRead = read;
            pTailPhase = (byte) tail.ordinal();
            pOutcome = (byte) outcome.ordinal();
            pLocked = locked;
            pDbWait = dbWait;
        }
        pendingTasks++;
        pWait += acquired - start;
        pHold += tailStart - acquired;
        pTail += end - tailStart;
        pEnd = end;
        pOverwritten = overwritten;
        pLost += outcome == Outcome.OVERWROTE ? 1 : 0;
        pErrors += outcome == Outcome.FAILED ? 1 : 0;
        pTailPhase = tail == Phase.ERROR ? (byte) Phase.ERROR.ordinal() : pTailPhase;
        pOutcome = (byte) Math.max(pOutcome, outcome.ordinal());
        pLocked &= locked;
        pDbWait &= dbWait;
        if (pendingTasks >= b.granularity()) {
            flushPending();
        }
    }

    /** Publishes a partly filled pending record; called when the worker ends. */
    void flush() {
        if (recording && pendingTasks > 0) {
            flushPending();
        }
    }

    private void flushPending() {
        long[] bounds = scaled(pStart, pEnd, pWait, pHold, pTail);
        int tasks = pendingTasks;
        pendingTasks = 0;
        append(pFirst, tasks, pStart, bounds[0], bounds[1], pEnd, pRead, pOverwritten, pLost, pErrors, pTailPhase,
                pOutcome, pLocked, pDbWait);
    }

    /** Appends a record; {@code read} and {@code overwritten} come with their sequence numbers in the high half. */
    private void append(int first, int tasks, long start, long acquired, long tailStart, long end, long read,
                        long overwritten, int lost, int errs, byte tail, byte outcome, boolean locked,
                        boolean dbWait) {
        SegmentBlock b = block;
        int n = b.count();
        if (n == b.capacity()) {
            b = n < capacity ? grow(b, n) : coalesce(b, n);
            n = b.count();
            if (b.granularity() > 1 && tasks < b.granularity()) {
                // The block coarsened while this record was being built: start the pending granule with it.
                pendingTasks = 0;
                restartPending(first, tasks, start, acquired, tailStart, end, read, overwritten, lost, errs, tail,
                        outcome, locked, dbWait);
                return;
            }
        }
        long[] d = b.data;
        int o = n * SegmentBlock.STRIDE;
        d[o] = start;
        d[o + 1] = acquired;
        d[o + 2] = tailStart;
        d[o + 3] = end;
        d[o + 4] = read;
        d[o + 5] = overwritten;
        d[o + 6] = (long) first << 32 | tasks;
        d[o + 7] = (long) lost << 32 | (long) Math.min(errs, 0xFFFFFF) << 8 | tail | (long) outcome << 3
                | (locked ? 1L << 6 : 0) | (dbWait ? SegmentBlock.DB_WAIT : 0);
        b.publish(n + 1);
    }

    private void restartPending(int first, int tasks, long start, long acquired, long tailStart, long end, long read,
                                long overwritten, int lost, int errs, byte tail, byte outcome, boolean locked,
                                boolean dbWait) {
        pendingTasks = tasks;
        pFirst = first;
        pStart = start;
        pWait = acquired - start;
        pHold = tailStart - acquired;
        pTail = end - tailStart;
        pEnd = end;
        pRead = read;
        pOverwritten = overwritten;
        pLost = lost;
        pErrors = errs;
        pTailPhase = tail;
        pOutcome = outcome;
        pLocked = locked;
        pDbWait = dbWait;
    }

    private SegmentBlock grow(SegmentBlock old, int n) {
        SegmentBlock b = new SegmentBlock(Math.min(capacity, old.capacity() * 2), 1);
        System.arraycopy(old.data, 0, b.data, 0, n * SegmentBlock.STRIDE);
        b.publish(n);
        block = b;
        return b;
    }

    /** Merges records pairwise into a new block of the same size with twice the granularity. */
    private SegmentBlock coalesce(SegmentBlock old, int n) {
        SegmentBlock b = new SegmentBlock(capacity, old.granularity() * 2);
        int m = 0;
        for (int i = 0; i + 1 < n; i += 2, m++) {
            int j = i + 1;
            long wait = (old.acquired(i) - old.start(i)) + (old.acquired(j) - old.start(j));
            long hold = (old.tailStart(i) - old.acquired(i)) + (old.tailStart(j) - old.acquired(j));
            long tail = (old.end(j) - old.tailStart(j)) + (old.end(i) - old.tailStart(i));
            long[] bounds = scaled(old.start(i), old.end(j), wait, hold, tail);
            Phase tailPhase = old.tailPhase(i) == Phase.ERROR ? Phase.ERROR : old.tailPhase(j);
            Outcome outcome = Outcome.of(Math.max(old.outcome(i).ordinal(), old.outcome(j).ordinal()));
            long[] d = b.data;
            int o = m * SegmentBlock.STRIDE;
            d[o] = old.start(i);
            d[o + 1] = bounds[0];
            d[o + 2] = bounds[1];
            d[o + 3] = old.end(j);
            d[o + 4] = old.data[i * SegmentBlock.STRIDE + 4];
            d[o + 5] = old.data[j * SegmentBlock.STRIDE + 5];
            d[o + 6] = (long) old.firstTask(i) << 32 | (old.taskCount(i) + old.taskCount(j));
            d[o + 7] = (long) (old.lost(i) + old.lost(j)) << 32
                    | (long) Math.min(old.errors(i) + old.errors(j), 0xFFFFFF) << 8
                    | SegmentBlock.flags(tailPhase, outcome, old.locked(i) && old.locked(j),
                    old.waitPhase(i) == Phase.WAITING_FOR_DB && old.waitPhase(j) == Phase.WAITING_FOR_DB);
        }
        b.publish(m);
        block = b;
        return b;
    }

    /** Phase boundaries inside [start, end] that give each phase its share of the summed phase times. */
    private static long[] scaled(long start, long end, long wait, long hold, long tail) {
        long total = wait + hold + tail;
        if (total <= 0) {
            return new long[] {start, start};
        }
        double scale = (double) (end - start) / total;
        return new long[] {start + Math.round(wait * scale), start + Math.round((wait + hold) * scale)};
    }
}

/**
 * A lane's hot state: written by its worker on every task, padded on both sides (see {@link Padding}). The
 * counters and the live snapshot are written with release stores and read with acquire loads; the pending fields
 * are touched only by the worker.
 */
abstract class LaneHot extends Padding.Left {
    LiveSnapshot live = LiveSnapshot.IDLE;
    long completed;
    long overwrites;
    long errors;
    long maxWait;
    long maxDbWait;

    // The pending record, used once the lane has coalesced: tasks accumulate here until it holds a full granule.
    int pendingTasks;
    long pStart;
    long pWait;
    long pHold;
    long pTail;
    long pEnd;
    long pRead;
    long pOverwritten;
    int pFirst;
    int pLost;
    int pErrors;
    byte pTailPhase;
    byte pOutcome;
    boolean pLocked;
    boolean pDbWait;

    static final VarHandle LIVE = Padding.handle(LaneHot.class, "live", LiveSnapshot.class);
    static final VarHandle COMPLETED = Padding.handle(LaneHot.class, "completed", long.class);
    static final VarHandle OVERWRITES = Padding.handle(LaneHot.class, "overwrites", long.class);
    static final VarHandle ERRORS = Padding.handle(LaneHot.class, "errors", long.class);
    static final VarHandle MAX_WAIT = Padding.handle(LaneHot.class, "maxWait", long.class);
    static final VarHandle MAX_DB_WAIT = Padding.handle(LaneHot.class, "maxDbWait", long.class);
}

/** Padding after the hot state. */
abstract class LaneRecorderPad extends LaneHot {
    long q01, q02, q03, q04, q05, q06, q07, q08;
}
