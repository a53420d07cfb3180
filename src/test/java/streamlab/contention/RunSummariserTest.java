package streamlab.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The summary as a function of recorded lanes, built by hand on the test thread: no run, no workers. */
class RunSummariserTest {

    private static final Scenario COUNTER = Scenario.defaults().withDbPath(Path.of("unused.db")).withThreads(2)
            .withTasks(3);

    private static LaneRecorder lane(int worker) {
        return new LaneRecorder(worker, 1024, true);
    }

    /** Records a task whose read, hold and write span [start, end] and read {@code read}. */
    private static void task(LaneRecorder lane, int task, long start, long end, long read, long overwritten,
                             Outcome outcome, boolean locked) {
        long third = (end - start) / 3;
        lane.record(task, start, start + third, start + 2 * third, end, read, overwritten,
                outcome == Outcome.FAILED ? Phase.ERROR : Phase.WRITING, outcome, locked);
    }

    /** A task's end, value read, value it overwrote and outcome; it starts where the lane's previous task ended. */
    private record Task(long end, long read, long overwritten, Outcome outcome) {
    }

    private static Task done(long end, long read) {
        return new Task(end, read, read, Outcome.DONE);
    }

    private static Task overwrote(long end, long read, long overwritten) {
        return new Task(end, read, overwritten, Outcome.OVERWROTE);
    }

    private static Task ended(long end, Outcome outcome) {
        return new Task(end, 0, 0, outcome);
    }

    /** A lane whose tasks, numbered from 1, run back to back from time 0. */
    private static LaneRecorder lane(int worker, boolean locked, Task... tasks) {
        LaneRecorder lane = lane(worker);
        long start = 0;
        for (int i = 0; i < tasks.length; i++) {
            Task t = tasks[i];
            task(lane, i + 1, start, t.end(), t.read(), t.overwritten(), t.outcome(), locked);
            start = t.end();
        }
        return lane;
    }

    private static RunSummariser.Recorded recorded(Scenario s, List<LaneRecorder> lanes,
                                                   List<RunSummariser.WorkerEnd> ends, long actual, long rows,
                                                   boolean stopped) {
        return new RunSummariser.Recorded(s, true, lanes, ends, actual, rows, 1_000_000, stopped, null);
    }

    private static List<RunSummariser.WorkerEnd> ends(int workers) {
        List<RunSummariser.WorkerEnd> ends = new ArrayList<>();
        for (int w = 1; w <= workers; w++) {
            ends.add(new RunSummariser.WorkerEnd(w, 0, false, null));
        }
        return ends;
    }

    @Test
    void lockedCounterTasksAreOrderedByTheValueTheyReadNotByTheirClock() {
        // Clock times disagree with the write order on purpose: with the lock on, the value read is the order.
        LaneRecorder one = lane(1, true, done(900, 1), done(950, 3), done(990, 4));
        LaneRecorder two = lane(2, true, done(100, 0), done(200, 2), done(300, 5));

        RunSummary s = RunSummariser.summarise(recorded(COUNTER, List.of(one, two), ends(2), 6, -1, false));

        assertEquals(List.of("2:1", "1:1", "2:2", "1:2", "1:3", "2:3"), s.completionOrder());
        assertTrue(s.completionOrderComplete());
        assertEquals(6, s.expected());
        assertEquals(0, s.lost());
        assertEquals(6, s.completed());
        assertEquals(-1, s.rows());
        assertEquals(300, s.maxLockWaitNanos(), "the longest wait is a third of the 900 ns task");
        assertFalse(s.stopped());
        assertNull(s.firstError());
    }

    @Test
    void unlockedTasksAreOrderedByEndAndLostUpdatesAreCounted() {
        Scenario s = COUNTER.withTasks(2).withLockOn(false);
        LaneRecorder one = lane(1, false, done(100, 0), overwrote(400, 1, 2));
        LaneRecorder two = lane(2, false, overwrote(150, 0, 1), done(300, 1));

        RunSummary summary = RunSummariser.summarise(recorded(s, List.of(one, two), ends(2), 2, -1, false));

        assertEquals(List.of("1:1", "2:1", "2:2", "1:2"), summary.completionOrder());
        assertEquals(2, summary.detectedOverwrites());
        assertEquals(2, summary.lost());
        assertEquals(2, summary.lostToOverwrites());
    }

    @Test
    void lockedSqliteTasksAreOrderedByWhenTheyTookTheLock() {
        Scenario s = COUNTER.withResource(Resource.SQLITE).withTasks(1);
        LaneRecorder one = lane(1);
        LaneRecorder two = lane(2);
        // Worker 2 took the lock first (acquired 30) but its task ended later.
        one.record(1, 0, 60, 70, 80, 2, 2, Phase.WRITING, Outcome.DONE, true);
        two.record(1, 0, 30, 40, 500, 1, 1, Phase.WRITING, Outcome.DONE, true);

        RunSummary summary = RunSummariser.summarise(recorded(s, List.of(one, two), ends(2), 2, 2, false));

        assertEquals(List.of("2:1", "1:1"), summary.completionOrder());
        assertEquals(2, summary.rows());
        assertEquals(2, summary.actual());
    }

    @Test
    void cutKilledFailedAndNeverRunTasksAddUpToWhatWasLost() {
        Scenario s = COUNTER.withTasks(4).withResource(Resource.SQLITE);
        LaneRecorder one = lane(1, true, done(10, 1), ended(20, Outcome.FAILED), ended(30, Outcome.ABANDONED));
        LaneRecorder two = lane(2, true, done(15, 2), ended(25, Outcome.STOPPED));
        List<RunSummariser.WorkerEnd> ends = List.of(new RunSummariser.WorkerEnd(1, 1, true, "database is locked"),
                new RunSummariser.WorkerEnd(2, 1, false, null));

        RunSummary summary = RunSummariser.summarise(recorded(s, List.of(one, two), ends, 2, 2, true));

        assertEquals(8, summary.expected());
        assertEquals(6, summary.lost());
        assertEquals(1, summary.errors());
        assertEquals(2, summary.abandoned());
        assertEquals(3, summary.completed());
        assertEquals(3, summary.notRun(), "worker 1 never ran task 4, worker 2 never ran tasks 3 and 4");
        assertEquals(0, summary.lostToOverwrites());
        assertEquals(List.of(1), summary.killedWorkers());
        assertEquals("database is locked", summary.firstError());
        assertTrue(summary.stopped());
        assertEquals(List.of("1:1", "2:1", "1:2"), summary.completionOrder(), "failed tasks finished too");
    }

    @Test
    void withoutRecordingOrOnceCoalescedThereIsNoOrder() {
        LaneRecorder coarse = new LaneRecorder(1, 2, true);
        for (int t = 1; t <= 6; t++) {
            task(coarse, t, t * 10L, t * 10L + 9, t - 1, t - 1, Outcome.DONE, true);
        }
        coarse.flush();
        Scenario one = COUNTER.withThreads(1).withTasks(6);
        RunSummary coalesced = RunSummariser.summarise(recorded(one, List.of(coarse), ends(1), 6, -1, false));
        assertTrue(coalesced.coalesced());
        assertEquals(List.of(), coalesced.completionOrder());
        assertFalse(coalesced.completionOrderComplete());
        assertEquals(6, coalesced.completed());

        RunSummary unrecorded = RunSummariser.summarise(new RunSummariser.Recorded(one, false, List.of(lane(1)),
                ends(1), 6, -1, 1_000, false, null));
        assertEquals(List.of(), unrecorded.completionOrder());
        assertFalse(unrecorded.completionOrderComplete());
    }

    @Test
    void theMergedOrderKeepsEachLanesOwnOrderAndHoldsEveryFinishedTask() {
        long seed = 20261130L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int c = 0; c < 200; c++) {
            int workers = 1 + random.nextInt(6);
            int tasks = 1 + random.nextInt(20);
            Scenario s = COUNTER.withThreads(workers).withTasks(tasks).withLockOn(false);
            List<LaneRecorder> lanes = new ArrayList<>();
            int finished = 0;
            for (int w = 1; w <= workers; w++) {
                LaneRecorder lane = lane(w);
                long t = random.nextInt(50);
                for (int k = 1; k <= tasks; k++) {
                    long end = t + 1 + random.nextInt(100);
                    Outcome o = random.nextInt(10) == 0 ? Outcome.STOPPED : Outcome.DONE;
                    finished += o.finished() ? 1 : 0;
                    task(lane, k, t, end, 0, 0, o, false);
                    t = end;
                }
                lanes.add(lane);
            }
            List<String> order = RunSummariser.summarise(recorded(s, lanes, ends(workers), finished, -1, false))
                    .completionOrder();
            String where = "seed " + seed + ", case " + c + ": " + order;
            assertEquals(finished, order.size(), where);
            for (int w = 1; w <= workers; w++) {
                int last = 0;
                for (String entry : order) {
                    String[] p = entry.split(":");
                    if (Integer.parseInt(p[0]) == w) {
                        assertTrue(Integer.parseInt(p[1]) > last, where);
                        last = Integer.parseInt(p[1]);
                    }
                }
            }
        }
    }

    @Test
    void aTaskNeverRunCountsAsLost() {
        Scenario s = COUNTER.withHold(Duration.ofMillis(3));
        RunSummary summary = RunSummariser.summarise(recorded(s.withThreads(1).withTasks(1), List.of(lane(1)),
                ends(1), 0, -1, false));
        assertEquals(1, summary.notRun());
        assertEquals(1, summary.lost());
    }
}
