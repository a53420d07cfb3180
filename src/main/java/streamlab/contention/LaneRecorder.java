package streamlab.contention;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records one worker's tasks. Single writer (the worker thread), many readers: the writer never takes a lock, it
 * fills arrays and publishes counts with release stores. Memory is bounded by {@code capacity} records: when the lane
 * is full, neighbouring records are merged pairwise (coalesced), never dropped, and each record then holds twice as
 * many tasks.
 */
public final class LaneRecorder {

    private static final int INITIAL_CAPACITY = 256;

    private final int worker;
    private final int capacity;
    private final boolean recording;
    private volatile SegmentBlock block;
    private volatile LaneState state = LaneState.WAITING_TO_START;

    /** Live phase: (task << 3) | phase, so the reader sees task and phase together. */
    private final AtomicLong live = new AtomicLong(Phase.IDLE.ordinal());
    private final AtomicLong liveSince = new AtomicLong();

    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong overwrites = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong maxWait = new AtomicLong();

    // The pending record, used once the lane has coalesced: tasks accumulate here until it holds a full granule.
    private int pendingTasks;
    private long pStart;
    private long pWait;
    private long pHold;
    private long pTail;
    private long pEnd;
    private long pRead;
    private long pOverwritten;
    private int pFirst;
    private int pLost;
    private int pErrors;
    private byte pTailPhase;
    private byte pOutcome;
    private boolean pLocked;

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

    /** The phase the worker is in now. */
    public Phase livePhase() {
        return Phase.of((int) (live.get() & 7));
    }

    /** The task the worker is on now (1-based), or 0. */
    public int liveTask() {
        return (int) (live.get() >>> 3);
    }

    /** When the live phase began, in nanoseconds since the run started. */
    public long liveSince() {
        return liveSince.get();
    }

    public long completed() {
        return completed.get();
    }

    public long overwrites() {
        return overwrites.get();
    }

    public long errors() {
        return errors.get();
    }

    public long maxWaitNanos() {
        return maxWait.get();
    }

    /** Whether the lane had to coalesce records to stay within its budget. */
    public boolean coalesced() {
        return block.granularity() > 1 || pendingTasks > 0 && block.granularity() > 1;
    }

    void live(Phase phase, int task, long since) {
        if (recording) {
            liveSince.lazySet(since);
            live.lazySet(((long) task << 3) | phase.ordinal());
        }
    }

    void countStats(Outcome outcome, long waitNanos) {
        if (outcome.finished()) {
            completed.lazySet(completed.get() + 1);
        }
        if (outcome == Outcome.OVERWROTE) {
            overwrites.lazySet(overwrites.get() + 1);
        } else if (outcome == Outcome.FAILED) {
            errors.lazySet(errors.get() + 1);
        }
        if (waitNanos > maxWait.get()) {
            maxWait.lazySet(waitNanos);
        }
    }

    /** Records one task. Called only by the lane's worker. */
    void record(int task, long start, long acquired, long tailStart, long end, long read, long overwritten,
                Phase tail, Outcome outcome, boolean locked) {
        countStats(outcome, acquired - start);
        if (!recording) {
            return;
        }
        SegmentBlock b = block;
        if (b.granularity() == 1) {
            append(task, 1, start, acquired, tailStart, end, read, overwritten, outcome == Outcome.OVERWROTE ? 1 : 0,
                    outcome == Outcome.FAILED ? 1 : 0, (byte) tail.ordinal(), (byte) outcome.ordinal(), locked);
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
                pOutcome, pLocked);
    }

    private void append(int first, int tasks, long start, long acquired, long tailStart, long end, long read,
                        long overwritten, int lost, int errs, byte tail, byte outcome, boolean locked) {
        SegmentBlock b = block;
        int n = b.count();
        if (n == b.capacity()) {
            b = n < capacity ? grow(b, n) : coalesce(b, n);
            n = b.count();
            if (b.granularity() > 1 && tasks < b.granularity()) {
                // The block coarsened while this record was being built: start the pending granule with it.
                pendingTasks = 0;
                restartPending(first, tasks, start, acquired, tailStart, end, read, overwritten, lost, errs, tail,
                        outcome, locked);
                return;
            }
        }
        b.start[n] = start;
        b.acquired[n] = acquired;
        b.tailStart[n] = tailStart;
        b.end[n] = end;
        b.read[n] = read;
        b.overwritten[n] = overwritten;
        b.firstTask[n] = first;
        b.taskCount[n] = tasks;
        b.lost[n] = lost;
        b.errors[n] = errs;
        b.tailPhase[n] = tail;
        b.outcome[n] = outcome;
        b.locked[n] = locked;
        b.publish(n + 1);
    }

    private void restartPending(int first, int tasks, long start, long acquired, long tailStart, long end, long read,
                                long overwritten, int lost, int errs, byte tail, byte outcome, boolean locked) {
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
    }

    private SegmentBlock grow(SegmentBlock old, int n) {
        SegmentBlock b = new SegmentBlock(Math.min(capacity, old.capacity() * 2), 1);
        System.arraycopy(old.start, 0, b.start, 0, n);
        System.arraycopy(old.acquired, 0, b.acquired, 0, n);
        System.arraycopy(old.tailStart, 0, b.tailStart, 0, n);
        System.arraycopy(old.end, 0, b.end, 0, n);
        System.arraycopy(old.read, 0, b.read, 0, n);
        System.arraycopy(old.overwritten, 0, b.overwritten, 0, n);
        System.arraycopy(old.firstTask, 0, b.firstTask, 0, n);
        System.arraycopy(old.taskCount, 0, b.taskCount, 0, n);
        System.arraycopy(old.lost, 0, b.lost, 0, n);
        System.arraycopy(old.errors, 0, b.errors, 0, n);
        System.arraycopy(old.tailPhase, 0, b.tailPhase, 0, n);
        System.arraycopy(old.outcome, 0, b.outcome, 0, n);
        System.arraycopy(old.locked, 0, b.locked, 0, n);
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
            long wait = (old.acquired[i] - old.start[i]) + (old.acquired[j] - old.start[j]);
            long hold = (old.tailStart[i] - old.acquired[i]) + (old.tailStart[j] - old.acquired[j]);
            long tail = (old.end[i] - old.tailStart[i]) + (old.end[j] - old.tailStart[j]);
            long[] bounds = scaled(old.start[i], old.end[j], wait, hold, tail);
            b.start[m] = old.start[i];
            b.acquired[m] = bounds[0];
            b.tailStart[m] = bounds[1];
            b.end[m] = old.end[j];
            b.read[m] = old.read[i];
            b.overwritten[m] = old.overwritten[j];
            b.firstTask[m] = old.firstTask[i];
            b.taskCount[m] = old.taskCount[i] + old.taskCount[j];
            b.lost[m] = old.lost[i] + old.lost[j];
            b.errors[m] = old.errors[i] + old.errors[j];
            b.tailPhase[m] = old.tailPhase[i] == Phase.ERROR.ordinal() ? old.tailPhase[i] : old.tailPhase[j];
            b.outcome[m] = (byte) Math.max(old.outcome[i], old.outcome[j]);
            b.locked[m] = old.locked[i] && old.locked[j];
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
