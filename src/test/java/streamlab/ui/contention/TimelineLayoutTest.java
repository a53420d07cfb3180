package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;
import streamlab.contention.SegmentBlock;
import streamlab.contention.TestLanes;

class TimelineLayoutTest {

    private static final byte W = (byte) Phase.WAITING.ordinal();
    private static final byte H = (byte) Phase.HOLDING.ordinal();
    private static final byte R = (byte) Phase.WRITING.ordinal();

    @Test
    void zoomedInEachColumnShowsThePhaseThatCoversIt() {
        SegmentBlock b = new TestLanes(16).task(0, 100, 300, 400, Outcome.DONE).block();
        TimelineLayout layout = new TimelineLayout();
        assertEquals(1, layout.layout(b, b.count(), 0, 10, 50, Phase.IDLE, 0, -1, -1, 400));
        byte[] p = layout.phases();
        for (int x = 0; x < 50; x++) {
            byte want = x < 10 ? W : x < 30 ? H : x < 40 ? R : TimelineLayout.EMPTY;
            assertEquals(want, p[x], "column " + x);
        }
    }

    @Test
    void zoomedOutManyTasksPerColumnShowTheDominantPhaseAndKeepMarks() {
        TestLanes lanes = new TestLanes(4096);
        for (int i = 0; i < 1000; i++) {
            long t = i * 100L;
            lanes.task(t, t + 10, t + 90, t + 100, i == 500 ? Outcome.OVERWROTE : i == 700 ? Outcome.FAILED
                    : Outcome.DONE);
        }
        SegmentBlock b = lanes.block();
        TimelineLayout layout = new TimelineLayout();
        assertEquals(1000, layout.layout(b, b.count(), 0, 1000, 100, Phase.IDLE, 0, -1, -1, 100_000));
        for (int x = 0; x < 100; x++) {
            assertEquals(x == 70 ? (byte) Phase.ERROR.ordinal() : H, layout.phases()[x], "column " + x);
        }
        // Every column also holds acquisitions: MARK_HELD is set throughout, the other marks only where they happened.
        int held = TimelineLayout.MARK_HELD;
        assertEquals(TimelineLayout.MARK_LOST | held, layout.marks()[50]);
        assertEquals(TimelineLayout.MARK_ERROR | held, layout.marks()[70]);
        assertEquals(held, layout.marks()[10]);
    }

    @Test
    void onlyRecordsInTheWindowAreVisitedAndTheLivePhaseIsDrawn() {
        SegmentBlock b = new TestLanes(4096).every(100, 1000, 50, 60, 100).block();
        TimelineLayout layout = new TimelineLayout();
        int visited = layout.layout(b, b.count(), 50_000, 10, 100, Phase.HOLDING, 99_990, -1, -1, 200_000);
        assertEquals(10, visited, "a 1,000 ns window holds ten 100 ns tasks");
        layout.layout(b, b.count(), 100_000, 10, 100, Phase.HOLDING, 100_000, -1, -1, 100_500);
        assertEquals(H, layout.phases()[0]);
        assertEquals(H, layout.phases()[49]);
        assertEquals(TimelineLayout.EMPTY, layout.phases()[50]);
    }

    @Test
    void aFrameWithTheSameViewAddsOnlyNewRecordsAndMatchesAFreshLayout() {
        TestLanes lanes = new TestLanes(4096);
        for (int i = 0; i < 100; i++) {
            lanes.task(i * 100L, i * 100L + 30, i * 100L + 70, i * 100L + 100, i % 7 == 0 ? Outcome.OVERWROTE
                    : Outcome.DONE);
        }
        SegmentBlock b = lanes.block();
        TimelineLayout incremental = new TimelineLayout();
        assertEquals(40, incremental.layout(b, 40, 0, 37, 300, Phase.IDLE, 0, -1, -1, 10_000));
        assertEquals(60, incremental.layout(b, 100, 0, 37, 300, Phase.IDLE, 0, -1, -1, 10_000),
                "only the 60 new ones");
        assertEquals(0, incremental.layout(b, 100, 0, 37, 300, Phase.IDLE, 0, -1, -1, 10_000));
        TimelineLayout fresh = new TimelineLayout();
        fresh.layout(b, 100, 0, 37, 300, Phase.IDLE, 0, -1, -1, 10_000);
        org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.phases(), incremental.phases());
        org.junit.jupiter.api.Assertions.assertArrayEquals(fresh.marks(), incremental.marks());
    }

    @Test
    void aTaskInProgressShowsItsWaitAndHoldBeforeItEnds() {
        SegmentBlock empty = new TestLanes(16).block();
        TimelineLayout layout = new TimelineLayout();
        layout.layout(empty, 0, 0, 10, 50, Phase.WRITING, 300, 0, 100, 400);
        for (int x = 0; x < 50; x++) {
            byte want = x < 10 ? W : x < 30 ? H : x < 40 ? R : TimelineLayout.EMPTY;
            assertEquals(want, layout.phases()[x], "column " + x);
        }
        layout.layout(empty, 0, 0, 10, 50, Phase.WAITING, 0, 0, -1, 250);
        assertEquals(W, layout.phases()[24]);
        assertEquals(TimelineLayout.EMPTY, layout.phases()[25]);
    }

    @Test
    void atHoldZeroAHoldIsMarkedInItsColumnThoughWaitingDominates() {
        SegmentBlock b = new TestLanes(4096).every(1_000, 100, 999, 999, 999).block();
        TimelineLayout layout = new TimelineLayout();
        layout.layout(b, b.count(), 0, 2_000, 50, Phase.IDLE, 0, -1, -1, 100_000);
        for (int x = 0; x < 50; x++) {
            assertEquals(W, layout.phases()[x], "column " + x);
            assertEquals(TimelineLayout.MARK_HELD, layout.marks()[x] & TimelineLayout.MARK_HELD, "column " + x);
        }
    }

    @Test
    void aLabelNearTheRightEdgeFlipsToTheLeftOfItsMark() {
        assertEquals(104, TimelineLayout.labelX(100, 50, 4, 0, 500), 1e-9);
        assertEquals(446, TimelineLayout.labelX(500, 50, 4, 0, 520), 1e-9, "no room on the right: flipped");
        assertEquals(0, TimelineLayout.labelX(10, 50, 4, 0, 55), 1e-9, "no room either side: kept inside");
    }

    @Test
    void theKillMarkerNamesTheKilledWorker() {
        assertEquals(2, TimelineCanvas.workerOf(new streamlab.contention.Marker(5,
                streamlab.contention.Marker.Kind.KILL, "worker-2 killed during task 3")));
        assertEquals(-1, TimelineCanvas.workerOf(new streamlab.contention.Marker(5,
                streamlab.contention.Marker.Kind.STOP, "stop requested")));
    }
}
