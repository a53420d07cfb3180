package streamlab.contention;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recorded tasks of one lane, as parallel arrays. Thread-safe for one writer and many readers: the writer fills
 * a record and then publishes the new count with a release store, and never changes a record below the published
 * count again. Growing or coalescing writes a new block, so a reader holding an old block still sees a consistent
 * picture.
 *
 * <p>A record normally holds one task. After coalescing it holds {@link #granularity()} consecutive tasks: the span
 * from the first start to the last end, the exact counts, and phase boundaries scaled so each phase keeps its share.
 */
public final class SegmentBlock {

    final long[] start;
    final long[] acquired;
    final long[] tailStart;
    final long[] end;
    final long[] read;
    final long[] overwritten;
    final int[] firstTask;
    final int[] taskCount;
    final int[] lost;
    final int[] errors;
    final byte[] tailPhase;
    final byte[] outcome;
    final boolean[] locked;
    private final int granularity;
    private final AtomicInteger count = new AtomicInteger();

    SegmentBlock(int capacity, int granularity) {
        start = new long[capacity];
        acquired = new long[capacity];
        tailStart = new long[capacity];
        end = new long[capacity];
        read = new long[capacity];
        overwritten = new long[capacity];
        firstTask = new int[capacity];
        taskCount = new int[capacity];
        lost = new int[capacity];
        errors = new int[capacity];
        tailPhase = new byte[capacity];
        outcome = new byte[capacity];
        locked = new boolean[capacity];
        this.granularity = granularity;
    }

    /** Bytes used per record, for the memory budget. */
    static final int BYTES_PER_RECORD = 6 * 8 + 4 * 4 + 3;

    /** Records that are complete and safe to read. */
    public int count() {
        return count.get();
    }

    void publish(int n) {
        count.lazySet(n);
    }

    int capacity() {
        return start.length;
    }

    /** Tasks per record: 1 until the lane coalesced, then 2, 4, 8, … */
    public int granularity() {
        return granularity;
    }

    /** When the task began waiting for the lock, in nanoseconds since the run started. */
    public long start(int i) {
        return start[i];
    }

    /** When the lock was taken and holding began. */
    public long acquired(int i) {
        return acquired[i];
    }

    /** When the last phase (write, commit, error) began. */
    public long tailStart(int i) {
        return tailStart[i];
    }

    /** When the task ended. */
    public long end(int i) {
        return end[i];
    }

    /** The phase of the last part of the task: {@link Phase#WRITING}, or {@link Phase#ERROR} when it failed. */
    public Phase tailPhase(int i) {
        return Phase.of(tailPhase[i]);
    }

    public Outcome outcome(int i) {
        return Outcome.of(outcome[i]);
    }

    /** The counter value the task read, or the row id it inserted (SQLite). */
    public long read(int i) {
        return read[i];
    }

    /** The value the write replaced; differs from {@link #read} + 0 when an update was lost. */
    public long overwritten(int i) {
        return overwritten[i];
    }

    /** The task number (1-based) of the record's first task. */
    public int firstTask(int i) {
        return firstTask[i];
    }

    /** How many tasks the record holds (1 unless coalesced). */
    public int taskCount(int i) {
        return taskCount[i];
    }

    /** Lost-update marks (writes over another worker's value) in the record. */
    public int lost(int i) {
        return lost[i];
    }

    /** Errors in the record. */
    public int errors(int i) {
        return errors[i];
    }

    /** Whether the task ran with the lock on. */
    public boolean locked(int i) {
        return locked[i];
    }

    /** The first record whose end is after {@code time}, for drawing a window; records are in time order. */
    public int firstEndingAfter(long time, int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (end[mid] <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
