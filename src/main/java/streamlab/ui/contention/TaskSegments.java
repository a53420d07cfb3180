package streamlab.ui.contention;

import java.util.Arrays;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;
import streamlab.contention.SegmentBlock;

/**
 * Lays out a lane record by record when few enough records are in view that each can be told apart: every task (or
 * coalesced record) becomes its own segment with a gap before it, and every phase the task went through gets at least
 * {@code minPx} columns. A phase drawn wider than it lasted is flagged, so the canvas can draw it differently from a
 * phase that really took that long. Zoomed out further, {@link TimelineLayout}'s per-pixel aggregation takes over.
 * Not thread-safe: one instance per lane, used on the FX Application Thread or by a test.
 */
public final class TaskSegments {

    /** Flag: the hold was shorter than drawn (stretched to the minimum width). */
    public static final int STRETCHED_HOLD = 1;
    /** Flag: the write (or the error) was shorter than drawn. */
    public static final int STRETCHED_TAIL = 2;
    /** Flag: the task got the lock (its hold is drawn). */
    public static final int HELD = 4;
    /** Flag: the task reached its last phase (write, commit or error). */
    public static final int TAILED = 8;

    private double[] x = new double[0];
    private int[] record = new int[0];
    private int[] flags = new int[0];
    private int size;

    /** Segments laid out by the last successful {@link #layout}. */
    public int size() {
        return size;
    }

    /** Where segment {@code s} starts (its wait), in columns from the plot's left edge. */
    public double start(int s) {
        return x[s * 4];
    }

    /** Where its hold starts. Equal to {@link #tailStart} when it never held. */
    public double holdStart(int s) {
        return x[s * 4 + 1];
    }

    /** Where its last phase starts. */
    public double tailStart(int s) {
        return x[s * 4 + 2];
    }

    /** Where it ends. */
    public double end(int s) {
        return x[s * 4 + 3];
    }

    /** The record index in the block. */
    public int record(int s) {
        return record[s];
    }

    /** {@link #STRETCHED_HOLD}, {@link #STRETCHED_TAIL}, {@link #HELD}, {@link #TAILED} bits. */
    public int flags(int s) {
        return flags[s];
    }

    /**
     * Lays out the records in view, one segment each, or returns false (and lays out nothing) when there are more
     * than {@code width / minTaskPx} of them: then they could not be told apart and the caller aggregates per pixel.
     * The work is proportional to the records in view.
     *
     * @param minPx     the narrowest a phase the task went through is drawn
     * @param minTaskPx the average room a record needs for this mode
     * @param gapPx     the gap left before each task, so that back-to-back tasks stay apart
     */
    public boolean layout(SegmentBlock block, int count, long viewStart, double nsPerPx, int width, double minPx,
                          double minTaskPx, double gapPx) {
        size = 0;
        int first = block.firstEndingAfter(viewStart, count);
        long viewEnd = viewStart + (long) Math.ceil(nsPerPx * width);
        int last = firstStartingAtOrAfter(block, viewEnd, first, count);
        int visible = last - first;
        if (visible * minTaskPx > width) {
            return false;
        }
        ensure(visible);
        double inv = 1.0 / nsPerPx;
        double cursor = Double.NEGATIVE_INFINITY;
        for (int i = first; i < last; i++) {
            double xs = (block.start(i) - viewStart) * inv;
            double xa = (block.acquired(i) - viewStart) * inv;
            double xt = (block.tailStart(i) - viewStart) * inv;
            double xe = (block.end(i) - viewStart) * inv;
            Outcome o = block.outcome(i);
            boolean wrote = o == Outcome.DONE || o == Outcome.OVERWROTE || block.taskCount(i) > block.errors(i)
                    && o != Outcome.ABANDONED && o != Outcome.STOPPED;
            boolean held = wrote || xt > xa;
            boolean tailed = wrote || block.tailPhase(i) == Phase.ERROR || xe > xt;
            double hold = held ? Math.max(xt - xa, minPx) : 0;
            double tail = tailed ? Math.max(xe - xt, minPx) : 0;
            int f = (held ? HELD : 0) | (tailed ? TAILED : 0)
                    | (held && xt - xa < minPx ? STRETCHED_HOLD : 0) | (tailed && xe - xt < minPx ? STRETCHED_TAIL : 0);
            // A gap before each task marks where it begins, even right after the previous one.
            double ds = Math.max(xs, cursor + gapPx);
            double de = Math.max(xe, ds + hold + tail);
            double dt = de - tail;
            double dh = dt - hold;
            int o4 = size * 4;
            x[o4] = ds;
            x[o4 + 1] = dh;
            x[o4 + 2] = dt;
            x[o4 + 3] = de;
            record[size] = i;
            flags[size] = f;
            size++;
            cursor = de;
        }
        return true;
    }

    /** The first record at or after {@code from} that starts at or after {@code time}; records are in time order. */
    static int firstStartingAtOrAfter(SegmentBlock block, long time, int from, int n) {
        int lo = from;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (block.start(mid) < time) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void ensure(int n) {
        if (record.length < n) {
            int cap = Math.max(n, record.length * 2);
            x = Arrays.copyOf(x, cap * 4);
            record = Arrays.copyOf(record, cap);
            flags = Arrays.copyOf(flags, cap);
        }
    }
}
