package streamlab.ui.contention;

import java.util.Arrays;
import java.util.List;
import streamlab.contention.Outcome;
import streamlab.contention.SegmentBlock;

/**
 * The order view's layout: every record of every lane gets one slot, in the order the tasks took the lock, so the x
 * axis is a sequence rather than time. Each task's bar runs from its slot to where its write landed among the later
 * acquisitions: with the lock on every write lands before the next acquisition (a staircase), with it off the bars
 * overlap. It also finds, for each lost update, the write it overwrote, and the completion order. Immutable once
 * built; built and read on the FX Application Thread or in a test.
 */
public final class OrderLayout {

    /** What orders the slots. Swap in a global sequence number here once the recorder keeps one. */
    static final SequenceKey KEY = SegmentBlock::acquired;

    /** A record's position in the sequence of lock acquisitions; smaller comes first. */
    @FunctionalInterface
    public interface SequenceKey {
        long of(SegmentBlock block, int record);
    }

    private final int size;
    private final int[] lane;
    private final int[] record;
    private final int[][] slotOf;
    private final double[] writeAt;
    private final int[] overwrote;
    private final int[] completion;

    private OrderLayout(int size, int[] lane, int[] record, int[][] slotOf, double[] writeAt, int[] overwrote,
                        int[] completion) {
        this.size = size;
        this.lane = lane;
        this.record = record;
        this.slotOf = slotOf;
        this.writeAt = writeAt;
        this.overwrote = overwrote;
        this.completion = completion;
    }

    /** Lays out records {@code [0, counts[l])} of each lane's block. Work: records × lanes, plus a sort. */
    public static OrderLayout build(List<SegmentBlock> blocks, int[] counts) {
        return build(blocks, counts, KEY);
    }

    static OrderLayout build(List<SegmentBlock> blocks, int[] counts, SequenceKey key) {
        int lanes = blocks.size();
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        int[] lane = new int[n];
        int[] record = new int[n];
        int[][] slotOf = new int[lanes][];
        for (int l = 0; l < lanes; l++) {
            slotOf[l] = new int[counts[l]];
        }
        // Each lane's tasks come one after another, so each lane is already in order: merge them.
        int[] head = new int[lanes];
        for (int s = 0; s < n; s++) {
            int best = -1;
            long bestKey = Long.MAX_VALUE;
            for (int l = 0; l < lanes; l++) {
                if (head[l] < counts[l]) {
                    long k = key.of(blocks.get(l), head[l]);
                    if (best < 0 || k < bestKey) {
                        best = l;
                        bestKey = k;
                    }
                }
            }
            lane[s] = best;
            record[s] = head[best];
            slotOf[best][head[best]] = s;
            head[best]++;
        }

        long[] acquired = new long[n];
        for (int s = 0; s < n; s++) {
            acquired[s] = blocks.get(lane[s]).acquired(record[s]);
        }
        long[] sortedAcquired = acquired.clone();
        Arrays.sort(sortedAcquired);

        // Where each write lands: after how many acquisitions (its gap), then spread inside the gap in write order.
        double[] writeAt = new double[n];
        Arrays.fill(writeAt, Double.NaN);
        long[] writeTime = new long[n];
        int[] gap = new int[n];
        int writes = 0;
        Integer[] byWrite = new Integer[n];
        for (int s = 0; s < n; s++) {
            SegmentBlock b = blocks.get(lane[s]);
            int i = record[s];
            if (!wrote(b, i)) {
                continue;
            }
            long t = b.tailStart(i) > b.acquired(i) ? b.tailStart(i) : b.end(i);
            writeTime[s] = t;
            gap[s] = Math.max(s + 1, upperBound(sortedAcquired, t));
            byWrite[writes++] = s;
        }
        Integer[] order = Arrays.copyOf(byWrite, writes);
        Arrays.sort(order, (a, c) -> gap[a] != gap[c] ? Integer.compare(gap[a], gap[c])
                : writeTime[a] != writeTime[c] ? Long.compare(writeTime[a], writeTime[c]) : Integer.compare(a, c));
        for (int from = 0; from < writes; ) {
            int to = from;
            while (to < writes && gap[order[to]] == gap[order[from]]) {
                to++;
            }
            int m = to - from;
            for (int k = 0; k < m; k++) {
                int s = order[from + k];
                writeAt[s] = gap[s] - 1 + (k + 1.0) / (m + 1);
            }
            from = to;
        }

        int[] overwrote = overwrittenWrites(blocks, lane, record, writeTime, order, n);

        // Completion order: by end time, again a merge of lanes that are each in order.
        int finished = 0;
        int[] done = new int[n];
        Arrays.fill(head, 0);
        while (true) {
            int best = -1;
            long bestEnd = Long.MAX_VALUE;
            for (int l = 0; l < lanes; l++) {
                while (head[l] < counts[l] && !blocks.get(l).outcome(head[l]).finished()) {
                    head[l]++;
                }
                if (head[l] < counts[l] && blocks.get(l).end(head[l]) < bestEnd) {
                    best = l;
                    bestEnd = blocks.get(l).end(head[l]);
                }
            }
            if (best < 0) {
                break;
            }
            done[finished++] = slotOf[best][head[best]];
            head[best]++;
        }
        return new OrderLayout(n, lane, record, slotOf, writeAt, overwrote, Arrays.copyOf(done, finished));
    }

    /** Whether the record wrote (or committed): a lost update counts, a failure or a cut-short task does not. */
    static boolean wrote(SegmentBlock b, int i) {
        Outcome o = b.outcome(i);
        return o == Outcome.DONE || o == Outcome.OVERWROTE
                || b.taskCount(i) > 1 && b.taskCount(i) > b.errors(i) && o != Outcome.ABANDONED
                && o != Outcome.STOPPED;
    }

    /**
     * For each lost update, the slot of the write it overwrote. The recorder names it by its place in the write
     * order ({@link SegmentBlock#overwrittenSeq}); a recording without those places falls back to the latest earlier
     * write of the value it found (each write stores the value read + 1). Only single-task records take part; -1
     * where none can be told.
     */
    private static int[] overwrittenWrites(List<SegmentBlock> blocks, int[] lane, int[] record, long[] writeTime,
                                           Integer[] writes, int n) {
        int[] result = new int[n];
        Arrays.fill(result, -1);
        java.util.Map<Long, Integer> slotOfSeq = new java.util.HashMap<>();
        for (int s : writes) {
            SegmentBlock b = blocks.get(lane[s]);
            if (b.taskCount(record[s]) == 1 && b.seq(record[s]) > 0) {
                slotOfSeq.put(b.seq(record[s]), s);
            }
        }
        boolean bySeq = !slotOfSeq.isEmpty();
        if (bySeq) {
            for (int s : writes) {
                SegmentBlock b = blocks.get(lane[s]);
                int i = record[s];
                if (b.taskCount(i) == 1 && b.outcome(i) == Outcome.OVERWROTE && b.overwrittenSeq(i) > 0) {
                    result[s] = slotOfSeq.getOrDefault(b.overwrittenSeq(i), -1);
                }
            }
            return result;
        }
        // Writes sorted by the value they stored, then by time.
        long[] value = new long[n];
        Integer[] byValue = Arrays.stream(writes).filter(s -> blocks.get(lane[s]).taskCount(record[s]) == 1)
                .toArray(Integer[]::new);
        for (int s : byValue) {
            value[s] = blocks.get(lane[s]).read(record[s]) + 1;
        }
        Arrays.sort(byValue, (a, c) -> value[a] != value[c] ? Long.compare(value[a], value[c])
                : Long.compare(writeTime[a], writeTime[c]));
        for (int s : byValue) {
            SegmentBlock b = blocks.get(lane[s]);
            int i = record[s];
            if (b.outcome(i) != Outcome.OVERWROTE) {
                continue;
            }
            long found = b.overwritten(i);
            int best = -1;
            for (int k = lowerBound(byValue, value, found); k < byValue.length && value[byValue[k]] == found; k++) {
                int cand = byValue[k];
                if (cand != s && writeTime[cand] <= writeTime[s]) {
                    best = cand;
                }
            }
            result[s] = best;
        }
        return result;
    }

    private static int lowerBound(Integer[] byValue, long[] value, long v) {
        int lo = 0;
        int hi = byValue.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (value[byValue[mid]] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(long[] sorted, long v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Slots: one per record of every lane. */
    public int size() {
        return size;
    }

    /** The lane (0-based) of slot {@code s}. */
    public int lane(int s) {
        return lane[s];
    }

    /** The record index in its lane's block. */
    public int record(int s) {
        return record[s];
    }

    /** The slot of a lane's record, or -1 when it was not laid out. */
    public int slotOf(int lane, int record) {
        int[] slots = lane < slotOf.length ? slotOf[lane] : null;
        return slots != null && record < slots.length ? slots[record] : -1;
    }

    /**
     * Where the slot's write landed, in slots from the left (slot {@code s} spans {@code [s, s + 1)}), or NaN when
     * the task wrote nothing.
     */
    public double writeAt(int s) {
        return writeAt[s];
    }

    /** The slot whose write this slot's lost update overwrote, or -1. */
    public int overwrote(int s) {
        return overwrote[s];
    }

    /** Slots of the finished tasks, in the order they ended. */
    public int[] completion() {
        return completion.clone();
    }

    /** How many tasks finished. */
    public int completed() {
        return completion.length;
    }

    /** The slot that finished {@code k}-th. */
    public int completedAt(int k) {
        return completion[k];
    }
}
