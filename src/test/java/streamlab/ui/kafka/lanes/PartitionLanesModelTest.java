package streamlab.ui.kafka.lanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.TopicState;

/** The lanes' data: bounded however long the feed, newest kept, other topics ignored, a remade topic starts over. */
class PartitionLanesModelTest {

    @Test
    void aMillionMarksKeepTheHeldCountAtTheBound() {
        int partitions = 6;
        PartitionLanesModel model = new PartitionLanesModel();
        long[] next = new long[partitions];
        long fed = 0;
        // 20,000 messages a second for 50 s, in frames of 333, as the monitor would hand them over.
        while (fed < 1_000_000) {
            List<MessageMark> frame = new ArrayList<>(333);
            for (int i = 0; i < 333 && fed < 1_000_000; i++, fed++) {
                int p = (int) (fed % partitions);
                frame.add(new MessageMark(fed + 1, LanesData.T0 + fed / 20, "sensors", p, next[p]++, "k" + fed % 17,
                        "value " + fed, 9));
            }
            model.update(null, LanesData.topic("sensors", next.clone()), frame, List.of(), Map.of());
        }
        int bound = PartitionLanesModel.DEFAULT_CAPACITY;
        assertEquals(1_000_000, model.receivedCount());
        assertEquals((long) partitions * bound, model.heldCount(), "held at the bound");
        for (PartitionLanesModel.Lane lane : model.lanes()) {
            MarkRing r = lane.ring;
            assertEquals(bound, r.size());
            assertEquals(next[lane.partition] - 1, r.offset(bound - 1), "the newest is held");
            assertEquals(next[lane.partition] - bound, r.offset(0), "and the ones before it, in order");
            assertTrue(r.value(0).length() <= MarkRing.VALUE_CHARS);
        }
    }

    @Test
    void marksOfOtherTopicsAndRepeatsAreIgnoredAndARemadeTopicStartsOver() {
        PartitionLanesModel model = new PartitionLanesModel(8);
        TopicState topic = LanesData.topic("a", 3, 3);
        model.update(null, topic, List.of(LanesData.mark("a", 0, 0, 1, "x"), LanesData.mark("a", 0, 1, 2, "x"),
                LanesData.mark("b", 0, 2, 3, "x"), LanesData.mark("a", 0, 1, 2, "x"),
                LanesData.mark("a", 1, 2, 3, null)), List.of(), Map.of());
        assertEquals(3, model.heldCount(), "b's mark and the repeat of a-0/1 are not held");
        // Deleted and made again: its end offset is below what the lane holds.
        model.update(null, LanesData.topic("a", 1, 0), List.of(LanesData.mark("a", 0, 0, 9, "y")), List.of(),
                Map.of());
        assertEquals(1, model.heldCount());
        assertEquals("y", model.lanes().get(0).ring.key(0));
        model.update(null, LanesData.topic("c", 4), List.of(), List.of(), Map.of());
        assertEquals("c", model.topic());
        assertEquals(List.of(0), model.partitions());
        assertEquals(0, model.heldCount(), "another topic starts empty");
    }

    @Test
    void aLateTimestampIsShownAtThePreviousMarksTime() {
        MarkRing ring = new MarkRing(4);
        ring.add(0, 100, "k", "v");
        ring.add(1, 50, "k", "v");
        ring.add(2, 300, "k", "v");
        assertEquals(List.of(100L, 100L, 300L), List.of(ring.time(0), ring.time(1), ring.time(2)));
        assertEquals(50, ring.rawTime(1), "the hover card still tells the record's own time");
        assertEquals(2, ring.firstTimeAtLeast(101));
        assertEquals(1, ring.firstOffsetAtLeast(0.5));
    }

    @Test
    void aTopicsFirstKeysGetDifferentMarksEvenWhenTheirHashesMeet() {
        // bergen and stavanger hash to the same one of the 24 marks.
        assertEquals(LanePalette.index("bergen"), LanePalette.index("stavanger"));
        PartitionLanesModel model = new PartitionLanesModel();
        TopicState topic = LanesData.topic("t", 10, 10);
        String[] keys = {"oslo", "bergen", "tromso", "trondheim", "stavanger"};
        List<MessageMark> marks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            marks.add(LanesData.mark("t", i % 2, i / 2, LanesData.T0 + i, keys[i % keys.length]));
        }
        model.update(null, topic, marks, List.of(), Map.of());
        assertEquals(LanePalette.index("bergen"), model.mark("bergen"), "the first keeps its hash's mark");
        assertTrue(model.mark("stavanger") != model.mark("bergen"), "the second takes the next free mark");
        assertEquals(5, java.util.Arrays.stream(keys).mapToInt(model::mark).distinct().count());
        assertEquals(5, model.keyCount());
        assertEquals(model.mark("stavanger"), model.mark("stavanger"), "a key keeps its mark");
    }
}
