package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import streamlab.contention.Outcome;
import streamlab.contention.RecordedLanes;
import streamlab.contention.SegmentBlock;
import streamlab.contention.TestLanes;

class TaskSegmentsTest {

    @Test
    void atHoldZeroEveryTaskStillShowsAHoldAndAWriteOfTheMinimumWidthMarkedAsStretched() {
        // Lock on, hold 0: the recorder reads the clock once, after the unlock, so hold and write last 0 ns.
        SegmentBlock b = new TestLanes(64).every(1_000, 5, 900, 900, 900).block();
        TaskSegments s = new TaskSegments();
        assertTrue(s.layout(b, b.count(), 0, 10, 600, 4, 14, 2));
        assertEquals(5, s.size());
        for (int k = 0; k < 5; k++) {
            assertEquals(k, s.record(k));
            assertEquals(4, s.tailStart(k) - s.holdStart(k), 1e-9, "hold of task " + (k + 1));
            assertEquals(4, s.end(k) - s.tailStart(k), 1e-9, "write of task " + (k + 1));
            int f = s.flags(k);
            assertEquals(TaskSegments.HELD | TaskSegments.TAILED | TaskSegments.STRETCHED_HOLD
                    | TaskSegments.STRETCHED_TAIL, f);
            if (k > 0) {
                assertTrue(s.start(k) >= s.end(k - 1) + 2, "a gap of 2 columns before task " + (k + 1));
            }
        }
    }

    @Test
    void backToBackTasksStayApartAndPhasesThatLastedLongEnoughAreNotStretched() {
        TestLanes lanes = new TestLanes(64);
        lanes.task(0, 0, 500, 600, Outcome.DONE);
        lanes.task(600, 600, 1_100, 1_200, Outcome.DONE);
        SegmentBlock b = lanes.block();
        TaskSegments s = new TaskSegments();
        assertTrue(s.layout(b, b.count(), 0, 10, 200, 4, 14, 1));
        assertEquals(2, s.size());
        assertEquals(60, s.end(0), 1e-9);
        assertEquals(61, s.start(1), 1e-9, "the second task begins one column later, so the boundary shows");
        assertEquals(TaskSegments.HELD | TaskSegments.TAILED, s.flags(0));
        assertEquals(50, s.tailStart(0) - s.holdStart(0), 1e-9);
    }

    @Test
    void aFailedTaskShowsItsErrorButNoHoldAndTooManyTasksAreLeftToTheAggregation() {
        RecordedLanes lanes = new RecordedLanes(1, 64);
        lanes.unwritten(0, 0, 1_000, Outcome.FAILED);
        SegmentBlock b = lanes.blocks().get(0);
        TaskSegments s = new TaskSegments();
        assertTrue(s.layout(b, b.count(), 0, 10, 200, 4, 14, 1));
        assertEquals(TaskSegments.TAILED | TaskSegments.STRETCHED_TAIL, s.flags(0), "no hold, a stretched error");

        SegmentBlock m = new TestLanes(4096).every(10, 100, 5, 8, 10).block();
        assertFalse(s.layout(m, m.count(), 0, 1, 1_000, 4, 14, 1), "100 tasks in 1,000 columns: aggregate");
        assertTrue(s.layout(m, m.count(), 0, 0.1, 1_000, 4, 14, 1), "zoomed in on ten of them: segments");
        assertEquals(10, s.size());
    }
}
