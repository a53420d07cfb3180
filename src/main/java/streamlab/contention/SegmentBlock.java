package streamlab.contention;

import java.lang.invoke.VarHandle;

/**
 * Thread-safe for one writer and many readers: the recorded tasks of one lane, eight longs per task in one array.
 * The writer fills a record and then publishes the new count with a release store, and never changes a record below
 * the published count again. Growing or coalescing writes a new block, so a reader holding an old block still sees a
 * consistent picture.
 *
 * <p>A record normally holds one task. After coalescing it holds {@link #granularity()} consecutive tasks: the span
 * from the first start to the last end, the exact counts, and phase boundaries scaled so each phase keeps its share.
 */
public final class SegmentBlock extends SegmentBlockPad {

    /**
     * Eight longs per record, one 64-byte cache line: start, acquired, tail start, end, read, overwritten,
     * (first task &lt;&lt; 32 | task count), (lost &lt;&lt; 32 | errors &lt;&lt; 8 | flags).
     * Flags: tail phase (bits 0-2), outcome (bits 3-5), locked (bit 6). One array keeps the writer's stores in one
     * line per record.
     */
    static final int STRIDE = 8;

    final long[] data;
    private final int granularity;

    SegmentBlock(int capacity, int granularity) {
        data = new long[capacity * STRIDE];
        this.granularity = granularity;
    }

    static long flags(Phase tail, Outcome outcome, boolean locked) {
        return tail.ordinal() | (long) outcome.ordinal() << 3 | (locked ? 1L << 6 : 0);
    }

    /** Bytes used per record, for the memory budget. */
    static final int BYTES_PER_RECORD = STRIDE * 8;

    /** Records that are complete and safe to read. */
    public int count() {
        return (int) COUNT.getAcquire(this);
    }

    void publish(int n) {
        COUNT.setRelease(this, n);
    }

    int capacity() {
        return data.length / STRIDE;
    }

    /** Tasks per record: 1 until the lane coalesced, then 2, 4, 8, … */
    public int granularity() {
        return granularity;
    }

    /** When the task began waiting for the lock, in nanoseconds since the run started. */
    public long start(int i) {
        return data[i * STRIDE];
    }

    /** When the lock was taken and holding began. */
    public long acquired(int i) {
        return data[i * STRIDE + 1];
    }

    /** When the last phase (write, commit, error) began. */
    public long tailStart(int i) {
        return data[i * STRIDE + 2];
    }

    /** When the task ended. */
    public long end(int i) {
        return data[i * STRIDE + 3];
    }

    /** The phase of the last part of the task: {@link Phase#WRITING}, or {@link Phase#ERROR} when it failed. */
    public Phase tailPhase(int i) {
        return Phase.of((int) (data[i * STRIDE + 7] & 7));
    }

    public Outcome outcome(int i) {
        return Outcome.of((int) (data[i * STRIDE + 7] >>> 3 & 7));
    }

    /** The counter value the task read, or the row id it inserted (SQLite). */
    public long read(int i) {
        return data[i * STRIDE + 4];
    }

    /** The value the write replaced; differs from {@link #read} + 0 when an update was lost. */
    public long overwritten(int i) {
        return data[i * STRIDE + 5];
    }

    /** The task number (1-based) of the record's first task. */
    public int firstTask(int i) {
        return (int) (data[i * STRIDE + 6] >>> 32);
    }

    /** How many tasks the record holds (1 unless coalesced). */
    public int taskCount(int i) {
        return (int) data[i * STRIDE + 6];
    }

    /** Lost-update marks (writes over another worker's value) in the record. */
    public int lost(int i) {
        return (int) (data[i * STRIDE + 7] >>> 32);
    }

    /** Errors in the record. */
    public int errors(int i) {
        return (int) (data[i * STRIDE + 7] >>> 8 & 0xFFFFFF);
    }

    /** Whether the task ran with the lock on. */
    public boolean locked(int i) {
        return (data[i * STRIDE + 7] & 1L << 6) != 0;
    }

    /** The first record whose end is after {@code time}, for drawing a window; records are in time order. */
    public int firstEndingAfter(long time, int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (data[mid * STRIDE + 3] <= time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}

/** The published count, padded so that lanes publishing at the same time do not share a cache line. */
abstract class SegmentBlockCount extends Padding.Left {
    int count;

    static final VarHandle COUNT = Padding.handle(SegmentBlockCount.class, "count", int.class);
}

/** Padding after the count. */
abstract class SegmentBlockPad extends SegmentBlockCount {
    long q01, q02, q03, q04, q05, q06, q07, q08;
}
