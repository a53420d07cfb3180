package streamlab.contention;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe (stateless): turns what a run recorded into its {@link RunSummary}, a pure function of its input with
 * no threads and no I/O. Call it once every lane's worker has ended.
 */
final class RunSummariser {

    /** How many completion-order entries a summary keeps. */
    static final int MAX_ORDER = 100_000;

    private RunSummariser() {
    }

    /**
     * How one worker ended. Immutable.
     *
     * @param number     the worker, 1-based
     * @param cut        tasks it cut short (killed or stopped mid-task)
     * @param killed     whether it was killed
     * @param firstError its first error message, or null
     */
    record WorkerEnd(int number, long cut, boolean killed, String firstError) {
    }

    /**
     * Everything a summary is made of. Immutable; the lanes are read only below their published counts.
     *
     * @param scenario  what ran
     * @param recording whether phases were recorded (without them there is no completion order)
     * @param lanes     one per worker, in worker order
     * @param workers   one per worker, in worker order
     * @param actual    the counter's final value, or the rows present
     * @param rows      the rows present, or -1 when the resource has no rows
     * @param wallNanos from the start to the last worker ending
     * @param stopped   whether the run was stopped
     * @param deadlock  the waits-for cycle, or null
     */
    record Recorded(Scenario scenario, boolean recording, List<LaneRecorder> lanes, List<WorkerEnd> workers,
                    long actual, long rows, long wallNanos, boolean stopped, String deadlock) {
        Recorded {
            lanes = List.copyOf(lanes);
            workers = List.copyOf(workers);
        }
    }

    static RunSummary summarise(Recorded r) {
        Scenario scenario = r.scenario();
        long expected = scenario.expectedTasks();
        long completed = 0;
        long overwrites = 0;
        long errors = 0;
        long cut = 0;
        long maxWait = 0;
        long maxDbWait = 0;
        boolean coalesced = false;
        List<Integer> killed = new ArrayList<>();
        String firstError = null;
        for (LaneRecorder lane : r.lanes()) {
            completed += lane.completed();
            overwrites += lane.overwrites();
            errors += lane.errors();
            maxWait = Math.max(maxWait, lane.maxWaitNanos());
            maxDbWait = Math.max(maxDbWait, lane.maxDbWaitNanos());
            coalesced |= lane.coalesced();
        }
        for (WorkerEnd w : r.workers()) {
            cut += w.cut();
            if (w.killed()) {
                killed.add(w.number());
            }
            if (firstError == null) {
                firstError = w.firstError();
            }
        }
        long notRun = expected - completed - cut;
        boolean ordered = r.recording() && !coalesced;
        List<String> order = ordered ? completionOrder(scenario, r.lanes()) : List.of();
        boolean orderComplete = ordered && completed <= MAX_ORDER;
        return new RunSummary(scenario, expected, r.actual(), expected - r.actual(), overwrites, errors, cut, notRun,
                completed, r.rows(), maxWait, r.wallNanos(), order, orderComplete, r.stopped(), killed,
                r.deadlock(), coalesced, firstError, maxDbWait);
    }

    /** Merges the lanes (each already in time order) by write time: worker:task, finished tasks only. */
    static List<String> completionOrder(Scenario scenario, List<LaneRecorder> lanes) {
        int n = lanes.size();
        SegmentBlock[] blocks = new SegmentBlock[n];
        int[] counts = new int[n];
        int[] heads = new int[n];
        for (int i = 0; i < n; i++) {
            blocks[i] = lanes.get(i).block();
            counts[i] = blocks[i].count();
        }
        // When every finished task wrote, its place in the write order is its exact place in the completion order,
        // with or without the lock, and needs no clock. Otherwise (failed tasks wrote nothing) tasks are ordered by
        // the counter value they read when every one of them ran under the lock, else by time.
        boolean bySeq = true;
        boolean byValue = scenario.resource() == Resource.COUNTER && !scenario.deadlock();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < counts[i]; j++) {
                boolean finished = blocks[i].outcome(j).finished();
                bySeq &= !finished || blocks[i].seq(j) > 0;
                byValue &= blocks[i].locked(j) || !finished;
            }
        }
        boolean sqlite = scenario.resource() == Resource.SQLITE;
        List<String> order = new ArrayList<>();
        while (order.size() < MAX_ORDER) {
            int best = -1;
            long bestKey = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                while (heads[i] < counts[i] && !blocks[i].outcome(heads[i]).finished()) {
                    heads[i]++;
                }
                if (heads[i] >= counts[i]) {
                    continue;
                }
                long key = bySeq ? blocks[i].seq(heads[i])
                        : byValue ? blocks[i].read(heads[i]) : orderKey(blocks[i], heads[i], sqlite);
                if (key < bestKey) {
                    bestKey = key;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            order.add((best + 1) + ":" + blocks[best].firstTask(heads[best]));
            heads[best]++;
        }
        return order;
    }

    /**
     * When a task's write happened, for ordering by time: for SQLite with the lock on, the moment it took its locks
     * (commits follow that order, and the time is taken inside the lock); otherwise the task's end.
     */
    private static long orderKey(SegmentBlock b, int i, boolean sqlite) {
        return b.locked(i) && sqlite ? b.acquired(i) : b.end(i);
    }
}
