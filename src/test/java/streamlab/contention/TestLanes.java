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

    public SegmentBlock block() {
        lane.flush();
        return lane.block();
    }
}
