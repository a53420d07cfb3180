package streamlab.contention;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds several lanes with chosen times and counter values, for tests of code that reads recorded lanes (the
 * timeline's layouts). Confined to the test thread.
 */
public final class RecordedLanes {

    private final List<LaneRecorder> lanes = new ArrayList<>();
    private final int[] tasks;

    public RecordedLanes(int lanes, int capacity) {
        for (int w = 1; w <= lanes; w++) {
            this.lanes.add(new LaneRecorder(w, capacity, true));
        }
        tasks = new int[lanes];
    }

    /**
     * Records the lane's next task: it waited from {@code start}, took the lock at {@code acquired}, wrote from
     * {@code tailStart} to {@code end}, read {@code read} and replaced {@code overwritten} (a lost update when they
     * differ).
     */
    public RecordedLanes task(int lane, long start, long acquired, long tailStart, long end, long read,
                              long overwritten) {
        tasks[lane]++;
        lanes.get(lane).record(tasks[lane], start, acquired, tailStart, end, read, overwritten, Phase.WRITING,
                overwritten == read ? Outcome.DONE : Outcome.OVERWROTE, true);
        return this;
    }

    /** Records a task that ended as {@code outcome} without writing (an error, a kill, a stop). */
    public RecordedLanes unwritten(int lane, long start, long end, Outcome outcome) {
        tasks[lane]++;
        lanes.get(lane).record(tasks[lane], start, end, end, end, 0, 0,
                outcome == Outcome.FAILED ? Phase.ERROR : Phase.WRITING, outcome, true);
        return this;
    }

    public List<SegmentBlock> blocks() {
        List<SegmentBlock> blocks = new ArrayList<>();
        for (LaneRecorder l : lanes) {
            l.flush();
            blocks.add(l.block());
        }
        return blocks;
    }

    public int[] counts() {
        return blocks().stream().mapToInt(SegmentBlock::count).toArray();
    }
}
