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
     * Eight longs per record, one 64-byte cache line: start, acquired, tail start, end, (write sequence &lt;&lt; 32 |
     * read), (replaced write's sequence &lt;&lt; 32 | overwritten), (first task &lt;&lt; 32 | task count),
     * (lost &lt;&lt; 32 | errors &lt;&lt; 8 | flags). Flags: tail phase (bits 0-2), outcome (bits 3-5), locked (bit 6),
     * the wait was for the database (bit 7). Values, row ids and sequence numbers stay below 2<sup>32</sup>. One
     * array keeps the writer's stores in one line per record.
     */
    static final int STRIDE = 8;

    final long[] data;
    private final int granularity;

    SegmentBlock(int capacity, int granularity) {
        data = new long[capacity * STRIDE];
        this.granularity = granularity;
    }

    static final long LOW = 0xFFFF_FFFFL;
    static final long DB_WAIT = 1L << 7;

    static long flags(Phase tail, Outcome outcome, boolean locked, boolean dbWait) {
        return tail.ordinal() | (long) outcome.ordinal() << 3 | (locked ? 1L << 6 : 0) | (dbWait ? DB_WAIT : 0);
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

    /** When the task began waiting (see {@link #waitPhase}), in nanoseconds since the run started. */
    public long start(int i) {
        return data[i * STRIDE];
    }

    /**
     * When the wait ended and holding began: the lock was taken (and, for SQLite, {@code BEGIN IMMEDIATE} got the
     * database's write lock).
     */
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

    /**
     * What the wait from {@link #start} to {@link #acquired} was for: {@link Phase#WAITING} for the app's lock (or a
     * compare-and-set retry, or the deadlock demo's lock), or {@link Phase#WAITING_FOR_DB} for SQLite's write lock
     * ({@code BEGIN IMMEDIATE} up to the busy timeout), which is what a SQLite task without the app's lock waits for.
     * With the lock on, the task's short {@code BEGIN} is drawn within its lock wait (the database's own wait is in
     * {@link LaneRecorder#maxDbWaitNanos}). A coalesced record's wait is for the database only if all its tasks' were.
     */
    public Phase waitPhase(int i) {
        return (data[i * STRIDE + 7] & DB_WAIT) != 0 ? Phase.WAITING_FOR_DB : Phase.WAITING;
    }

    /** The counter value the task read, or the row id it inserted (SQLite). */
    public long read(int i) {
        return data[i * STRIDE + 4] & LOW;
    }

    /** The value the write replaced; differs from {@link #read} + 0 when an update was lost. */
    public long overwritten(int i) {
        return data[i * STRIDE + 5] & LOW;
    }

    /**
     * The task's place in the run's write order, the same across all lanes: 1 for the run's first write, then 2, 3,
     * … Taken at the write, inside the lock when it is on, so sorting every lane's records by it lays the tasks out in
     * the true order of their writes (with the lock on, also the order in which they took the lock). For the counter
     * the numbers have no gaps; SQLite's leave out commits that failed. 0 when the task wrote nothing (failed,
     * abandoned, stopped). A coalesced record gives its first task's.
     */
    public long seq(int i) {
        return data[i * STRIDE + 4] >>> 32;
    }

    /**
     * The place in the write order ({@link #seq}) of the write whose value this task's write replaced: for a lost
     * update ({@link Outcome#OVERWROTE}, "wrote 5 over 5"), the other task's write it overwrote; find that task as
     * the record whose {@link #seq} equals this, in any lane. For the counter every write replaces the one before it,
     * so this is {@code seq - 1}. 0 when it replaced the initial value, for SQLite (rows replace nothing), and when
     * the task wrote nothing. A coalesced record gives its last task's.
     */
    public long overwrittenSeq(int i) {
        return data[i * STRIDE + 5] >>> 32;
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
