package streamlab.contention;

/** Builds lanes with chosen timestamps, for tests of code that reads recorded lanes. */
public final class TestLanes {

    private final LaneRecorder lane;
    private int task;

    public TestLanes(int capacity) {
        lane = new LaneRecorder(1, capacity, true);
    }

    /** Records one task with the given phase boundaries (nanoseconds since the run started). */
    public TestLanes task(long start, long acquired, long tailStart, long end, Outcome outcome) {
        task++;
        lane.record(task, start, acquired, tailStart, end, task - 1, outcome == Outcome.OVERWROTE ? task + 5
                : task - 1, outcome == Outcome.FAILED ? Phase.ERROR : Phase.WRITING, outcome, true);
        return this;
    }

    /**
     * Records {@code tasks} tasks that end as done, one every {@code period} ns from 0; each takes the lock
     * {@code acquired} ns after it starts, writes from {@code tailStart} and ends at {@code end}.
     */
    public TestLanes every(long period, int tasks, long acquired, long tailStart, long end) {
        for (int i = 0; i < tasks; i++) {
            long t = i * period;
            task(t, t + acquired, t + tailStart, t + end, Outcome.DONE);
        }
        return this;
    }

    public SegmentBlock block() {
        lane.flush();
        return lane.block();
    }
}
