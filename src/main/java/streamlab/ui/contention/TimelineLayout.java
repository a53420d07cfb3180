package streamlab.ui.contention;

import java.util.Arrays;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;
import streamlab.contention.SegmentBlock;

/**
 * Aggregates a lane's records per pixel column: each column gets the phase that covers most of it, plus marks for
 * lost updates, errors and cut-short tasks. The work is proportional to the records in view plus the width, so a
 * million segments zoomed out cost about as much as a few thousand zoomed in. Not thread-safe: one instance per
 * canvas (used on the FX Application Thread) or per benchmark thread.
 */
public final class TimelineLayout {

    /** No phase in this column. */
    public static final byte EMPTY = -1;
    public static final byte MARK_LOST = 1;
    public static final byte MARK_ERROR = 2;
    public static final byte MARK_CUT = 4;
    /** A task took the lock in this column, however briefly: the canvas shows it even where waiting dominates. */
    public static final byte MARK_HELD = 8;

    /** Every phase has its slot, so a phase the recorder adds later is aggregated too. */
    private static final int PHASES = Phase.values().length;

    private float[] cover = new float[0];
    private float[] work = new float[0];
    private byte[] phases = new byte[0];
    private byte[] marks = new byte[0];
    private int width;

    // What cover and marks hold: records [0, done) of this block for this view. Published records never change, so
    // the next frame with the same view only adds the records published since.
    private SegmentBlock cachedBlock;
    private long cachedStart;
    private double cachedScale;
    private int done;

    /** The dominant phase per column from the last {@link #layout}: a {@link Phase} ordinal or {@link #EMPTY}. */
    public byte[] phases() {
        return phases;
    }

    /** Mark bits per column from the last {@link #layout}. */
    public byte[] marks() {
        return marks;
    }

    public int width() {
        return width;
    }

    /** Forgets the accumulated records, so the next layout starts over. */
    public void invalidate() {
        cachedBlock = null;
    }

    /**
     * Lays out one lane.
     *
     * @param block      the lane's block; only records below {@code count} are read
     * @param count      records to use
     * @param viewStart  time at column 0, nanoseconds since the run started
     * @param nsPerPx    nanoseconds per column
     * @param width      columns
     * @param livePhase  the phase in progress (drawn from {@code liveSince} to {@code now}), or {@link Phase#IDLE}
     * @param liveSince  when the live phase began
     * @param liveTaskStart when the task in progress began, or -1
     * @param liveHoldStart when the task in progress began holding, or -1
     * @param now        the run's current time
     * @return records visited
     */
    public int layout(SegmentBlock block, int count, long viewStart, double nsPerPx, int width, Phase livePhase,
                      long liveSince, long liveTaskStart, long liveHoldStart, long now) {
        int first;
        if (block == cachedBlock && viewStart == cachedStart && nsPerPx == cachedScale && width == this.width
                && count >= done) {
            first = done;
        } else {
            prepare(width);
            cachedBlock = block;
            cachedStart = viewStart;
            cachedScale = nsPerPx;
            first = block.firstEndingAfter(viewStart, count);
        }
        long viewEnd = viewStart + (long) Math.ceil(nsPerPx * width);
        double inv = 1.0 / nsPerPx;
        float[] c = cover;
        int visited = 0;
        int i = first;
        for (; i < count; i++) {
            long start = block.start(i);
            if (start >= viewEnd) {
                break;
            }
            visited++;
            long acquired = block.acquired(i);
            long tail = block.tailStart(i);
            long end = block.end(i);
            int tailPhase = block.tailPhase(i).ordinal();
            double xs = (start - viewStart) * inv;
            double xe = (end - viewStart) * inv;
            int px = (int) xs;
            if (xs >= 0 && xe < width && px == (int) xe) {
                // Zoomed out, most records fall inside one column: add the three phase widths directly.
                int base = px * PHASES;
                c[base + Phase.WAITING.ordinal()] += (float) ((acquired - start) * inv);
                c[base + Phase.HOLDING.ordinal()] += (float) ((tail - acquired) * inv);
                c[base + tailPhase] += (float) ((end - tail) * inv);
            } else {
                add(c, start, acquired, Phase.WAITING.ordinal(), viewStart, inv);
                add(c, acquired, tail, Phase.HOLDING.ordinal(), viewStart, inv);
                add(c, tail, end, tailPhase, viewStart, inv);
            }
            int lost = block.lost(i);
            int errors = block.errors(i);
            Outcome outcome = block.outcome(i);
            if (lost > 0 || errors > 0 || outcome == Outcome.ABANDONED || outcome == Outcome.STOPPED) {
                byte m = (byte) ((lost > 0 ? MARK_LOST : 0) | (errors > 0 ? MARK_ERROR : 0)
                        | (outcome == Outcome.ABANDONED || outcome == Outcome.STOPPED ? MARK_CUT : 0));
                int x = (int) Math.floor(xe);
                if (x >= 0 && x < width) {
                    marks[x] |= m;
                }
            }
            if (OrderLayout.wrote(block, i) || tail > acquired) {
                // At hold 0 a hold lasts nanoseconds and never dominates a column; the mark keeps it visible.
                int x = (int) Math.floor((acquired - viewStart) * inv);
                if (x >= 0 && x < width) {
                    marks[x] |= MARK_HELD;
                }
            }
        }
        done = i;
        // The live phase changes every frame, so it goes into a copy, never into the cache.
        System.arraycopy(cover, 0, work, 0, width * PHASES);
        if (livePhase != Phase.IDLE && now > liveSince) {
            // The task in progress: its wait, its hold so far (when it got that far), and the current phase. The
            // fields are read one by one while the worker moves on, so only a consistent order is drawn.
            if (liveTaskStart >= 0 && liveTaskStart <= liveSince) {
                boolean held = liveHoldStart >= liveTaskStart && liveHoldStart <= liveSince;
                add(work, liveTaskStart, held ? liveHoldStart : liveSince, Phase.WAITING.ordinal(), viewStart, inv);
                if (held) {
                    add(work, liveHoldStart, liveSince, Phase.HOLDING.ordinal(), viewStart, inv);
                }
            }
            add(work, liveSince, now, livePhase.ordinal(), viewStart, inv);
        }
        resolve();
        return visited;
    }

    /**
     * Where a label of width {@code textW} starts so that it stays inside {@code [left, right]}: right of its mark
     * when it fits there, else flipped to the mark's left, and clamped as a last resort.
     */
    public static double labelX(double markX, double textW, double gap, double left, double right) {
        double x = markX + gap;
        if (x + textW > right) {
            x = markX - gap - textW;
        }
        return Math.max(left, Math.min(x, right - textW));
    }

    private void prepare(int w) {
        width = w;
        if (phases.length < w) {
            cover = new float[w * PHASES];
            work = new float[w * PHASES];
            phases = new byte[w];
            marks = new byte[w];
        } else {
            Arrays.fill(cover, 0, w * PHASES, 0f);
            Arrays.fill(marks, 0, w, (byte) 0);
        }
    }

    private void add(float[] cover, long from, long to, int phase, long viewStart, double inv) {
        if (to <= from) {
            return;
        }
        double x0 = (from - viewStart) * inv;
        double x1 = (to - viewStart) * inv;
        if (x1 <= 0 || x0 >= width) {
            return;
        }
        x0 = Math.max(0, x0);
        x1 = Math.min(width, x1);
        int i0 = (int) x0;
        int i1 = Math.min(width - 1, (int) x1);
        if (i0 == i1) {
            cover[i0 * PHASES + phase] += (float) (x1 - x0);
            return;
        }
        cover[i0 * PHASES + phase] += (float) (i0 + 1 - x0);
        for (int i = i0 + 1; i < i1; i++) {
            cover[i * PHASES + phase] += 1f;
        }
        cover[i1 * PHASES + phase] += (float) (x1 - i1);
    }

    private void resolve() {
        for (int x = 0; x < width; x++) {
            int base = x * PHASES;
            byte best = EMPTY;
            float max = 0f;
            for (int p = 0; p < PHASES; p++) {
                // Errors are rare and short; any error in a column shows, so it cannot hide behind long holds.
                float c = p == Phase.ERROR.ordinal() && work[base + p] > 0 ? Float.MAX_VALUE : work[base + p];
                if (c > max) {
                    max = c;
                    best = (byte) p;
                }
            }
            phases[x] = best;
        }
    }
}
