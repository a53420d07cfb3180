package streamlab.ui.contention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import streamlab.contention.Outcome;
import streamlab.contention.RecordedLanes;

class OrderLayoutTest {

    @Test
    void withTheLockOnEachTaskGetsTheNextSlotAndWritesInsideIt() {
        // Three workers take turns: worker 2, 1, 3, 2, 1, 3; each writes before the next one takes the lock.
        RecordedLanes lanes = new RecordedLanes(3, 64);
        int[] turn = {1, 0, 2, 1, 0, 2};
        for (int k = 0; k < turn.length; k++) {
            long t = 1_000L * (k + 1);
            lanes.task(turn[k], 0, t, t + 500, t + 600, k, k);
        }
        OrderLayout o = OrderLayout.build(lanes.blocks(), lanes.counts());
        assertEquals(6, o.size());
        for (int s = 0; s < 6; s++) {
            assertEquals(turn[s], o.lane(s), "slot " + s);
            assertTrue(o.writeAt(s) > s && o.writeAt(s) < s + 1, "write " + s + " stays in its slot: " + o.writeAt(s));
            assertEquals(-1, o.overwrote(s));
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, o.completion());
        assertEquals(4, o.slotOf(0, 1), "worker 1's second task took the lock fifth");
    }

    @Test
    void withoutALockTheBarsOverlapAndEachLostUpdateIsLinkedToTheWriteItOverwrote() {
        // All three read 0 before anyone writes; worker 1 writes 1, worker 2 writes 1 over 1, worker 3 over 1.
        RecordedLanes lanes = new RecordedLanes(3, 64);
        lanes.task(0, 0, 100, 1_000, 1_010, 0, 0);
        lanes.task(1, 0, 200, 1_100, 1_110, 0, 1);
        lanes.task(2, 0, 300, 1_200, 1_210, 0, 1);
        OrderLayout o = OrderLayout.build(lanes.blocks(), lanes.counts());
        assertEquals(3, o.size());
        // All writes land after the third acquisition, in the order they happened.
        assertEquals(2.25, o.writeAt(0), 1e-9);
        assertEquals(2.5, o.writeAt(1), 1e-9);
        assertEquals(2.75, o.writeAt(2), 1e-9);
        assertEquals(-1, o.overwrote(0));
        assertEquals(0, o.overwrote(1), "worker 2 overwrote worker 1's 1");
        assertEquals(1, o.overwrote(2), "worker 3 overwrote the latest 1, worker 2's");
    }

    @Test
    void failedAndCutTasksTakeASlotButWriteNothingAndDoNotFinish() {
        RecordedLanes lanes = new RecordedLanes(2, 64);
        lanes.unwritten(0, 0, 500, Outcome.FAILED);
        lanes.task(1, 0, 600, 700, 800, 0, 0);
        lanes.unwritten(1, 800, 900, Outcome.ABANDONED);
        OrderLayout o = OrderLayout.build(lanes.blocks(), lanes.counts());
        assertEquals(3, o.size());
        assertTrue(Double.isNaN(o.writeAt(0)));
        assertEquals(1.5, o.writeAt(1), 1e-9);
        assertTrue(Double.isNaN(o.writeAt(2)));
        assertArrayEquals(new int[] {0, 1}, o.completion(), "the failed task finished, the abandoned one did not");
    }
}
