package streamlab.ui.kafka.lanes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import streamlab.kafka.lab.ProcessedMessage;
import streamlab.kafka.monitor.ClusterSnapshot;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.PartitionState;
import streamlab.kafka.monitor.TopicState;

/**
 * What the partition lanes show of one topic: per partition its offsets, the newest marks (a ring of at most
 * {@link #capacityPerPartition()} each, so a feed of any length holds a fixed amount), each group's committed offset
 * and lag, and the built-in consumers' duplicates and lost offsets. Fed once per frame with what arrived since the
 * last; choosing another topic starts afresh. Confined to the FX Application Thread.
 */
public final class PartitionLanesModel {

    /**
     * Marks held per partition by default: at 20,000 messages/s over 6 partitions, the newest 5 s or so of each lane;
     * about 0.5 MB of arrays plus the keys and values (cut to 60 characters), some 3 MB per partition, whatever the
     * run's length.
     */
    public static final int DEFAULT_CAPACITY = 16_384;
    /** Duplicate markers held per partition (older ones are dropped with the marks they belong to). */
    static final int MAX_DUPLICATES = 4_096;
    /** Keys the legend lists at most. */
    static final int LEGEND_KEYS = 12;
    /** Distinct keys counted at most; beyond that the count stops growing. */
    static final int MAX_KEYS_COUNTED = 100_000;
    /** Stands for "no key" in {@link #seenKeys}, which holds no null. */
    private static final String NO_KEY = "\u0000no key";

    /**
     * One group's position on one partition. Immutable.
     *
     * @param groupId   the group
     * @param committed its committed offset, or -1 when it has committed none on this partition
     * @param lag       end offset minus committed offset (the whole partition when nothing is committed)
     */
    public record Cursor(String groupId, long committed, long lag) {
    }

    /** One partition's lane. Confined to the FX Application Thread. */
    static final class Lane {
        final int partition;
        final MarkRing ring;
        long start;
        long end;
        List<Cursor> cursors = List.of();
        /** Offsets processed more than once, with how many times. */
        final NavigableMap<Long, Integer> duplicates = new TreeMap<>();
        Set<Long> lost = Set.of();

        Lane(int partition, int capacity) {
            this.partition = partition;
            this.ring = new MarkRing(capacity);
        }
    }

    private final int capacity;
    private final List<Lane> lanes = new ArrayList<>();
    /** The keys seen most recently (24 marks exist), for the legend; null stands for "no key". */
    private final java.util.LinkedHashMap<String, Boolean> recentKeys = new java.util.LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > LEGEND_KEYS;
        }
    };
    /** Every distinct key seen on the topic (up to a cap), so the legend can say how many it leaves out. */
    private final Set<String> seenKeys = new java.util.HashSet<>();
    /** The marks given to the topic's first keys, so no two of them look alike; later keys keep their hash's mark. */
    private final Map<String, Integer> marks = new java.util.HashMap<>();
    private final java.util.BitSet marksTaken = new java.util.BitSet(LanePalette.MARKS);
    private String topic;
    private long version;
    private long received;

    public PartitionLanesModel() {
        this(DEFAULT_CAPACITY);
    }

    /** A model that holds at most {@code capacityPerPartition} marks per partition. */
    public PartitionLanesModel(int capacityPerPartition) {
        if (capacityPerPartition < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacityPerPartition;
    }

    /**
     * Takes one frame's news.
     *
     * @param snapshot     the monitor's last snapshot (groups' committed offsets), or null
     * @param selected     the topic to show, or null for none; another topic than before clears the lanes
     * @param newMarks     messages read since the last call, of any topic (others are ignored)
     * @param newProcessed the built-in consumers' messages since the last call; pass them only while those consumers
     *                     read the selected topic
     * @param lostOffsets  per partition, every offset lost so far (killed in hand after an early commit); may be empty
     */
    public void update(ClusterSnapshot snapshot, TopicState selected, List<MessageMark> newMarks,
                       List<ProcessedMessage> newProcessed, Map<Integer, ? extends Collection<Long>> lostOffsets) {
        version++;
        if (selected == null) {
            topic = null;
            lanes.clear();
            return;
        }
        if (!selected.name().equals(topic)) {
            topic = selected.name();
            lanes.clear();
            recentKeys.clear();
            seenKeys.clear();
            marks.clear();
            marksTaken.clear();
            received = 0;
        }
        takeOffsets(selected);
        for (MessageMark m : newMarks) {
            if (topic.equals(m.topic())) {
                Lane lane = lane(m.partition());
                if (lane != null && lane.ring.add(m.offset(), m.timeMs(), m.key(), m.value())) {
                    received++;
                    recentKeys.put(m.key(), Boolean.TRUE);
                    mark(m.key());
                    if (seenKeys.size() < MAX_KEYS_COUNTED) {
                        seenKeys.add(m.key() == null ? NO_KEY : m.key());
                    }
                }
            }
        }
        for (ProcessedMessage p : newProcessed) {
            Lane lane = lane(p.partition());
            if (lane != null && p.duplicate()) {
                lane.duplicates.merge(p.offset(), 2, (was, one) -> was + 1);
            }
        }
        for (Lane lane : lanes) {
            Collection<Long> lost = lostOffsets.get(lane.partition);
            lane.lost = lost == null || lost.isEmpty() ? Set.of() : Set.copyOf(lost);
            pruneDuplicates(lane);
            lane.cursors = new ArrayList<>(2);
        }
        if (snapshot != null) {
            takeCursors(snapshot.groups());
        }
    }

    private void takeOffsets(TopicState selected) {
        List<PartitionState> parts = selected.partitions();
        if (lanes.size() != parts.size()) {
            List<Lane> kept = new ArrayList<>(lanes);
            lanes.clear();
            for (PartitionState p : parts) {
                Lane old = kept.stream().filter(l -> l.partition == p.partition()).findFirst().orElse(null);
                lanes.add(old != null ? old : new Lane(p.partition(), capacity));
            }
        }
        for (int i = 0; i < parts.size(); i++) {
            PartitionState p = parts.get(i);
            Lane lane = lanes.get(i);
            MarkRing r = lane.ring;
            if (r.size() > 0 && p.endOffset() <= r.offset(r.size() - 1)) {
                // The topic was deleted and made again: its offsets start over.
                r.clear();
                lane.duplicates.clear();
            }
            lane.start = p.startOffset();
            lane.end = p.endOffset();
        }
    }

    private void takeCursors(List<GroupState> groups) {
        for (GroupState g : groups) {
            for (GroupState.PartitionLag pl : g.partitions()) {
                if (topic.equals(pl.topic())) {
                    Lane lane = lane(pl.partition());
                    if (lane != null) {
                        lane.cursors.add(new Cursor(g.groupId(), pl.committed(), pl.lag()));
                    }
                }
            }
        }
    }

    private static void pruneDuplicates(Lane lane) {
        long oldest = lane.ring.size() > 0 ? lane.ring.offset(0) : lane.start;
        lane.duplicates.headMap(Math.min(oldest, lane.start), false).clear();
        while (lane.duplicates.size() > MAX_DUPLICATES) {
            lane.duplicates.pollFirstEntry();
        }
    }

    private Lane lane(int partition) {
        if (partition >= 0 && partition < lanes.size() && lanes.get(partition).partition == partition) {
            return lanes.get(partition);
        }
        for (Lane l : lanes) {
            if (l.partition == partition) {
                return l;
            }
        }
        return null;
    }

    List<Lane> lanes() {
        return lanes;
    }

    /** The topic shown, or null. */
    public String topic() {
        return topic;
    }

    /** The partitions shown, in lane order. */
    public List<Integer> partitions() {
        return lanes.stream().map(l -> l.partition).toList();
    }

    /** Marks held in all lanes: never more than the partition count times {@link #capacityPerPartition()}. */
    public long heldCount() {
        long n = 0;
        for (Lane l : lanes) {
            n += l.ring.size();
        }
        return n;
    }

    /** The partition's lost offsets, as its lane crosses them. */
    public Set<Long> lost(int partition) {
        Lane l = lane(partition);
        return l == null ? Set.of() : l.lost;
    }

    /** The partition's offsets processed more than once, with how many times, as its lane rings them. */
    public Map<Long, Integer> duplicates(int partition) {
        Lane l = lane(partition);
        return l == null ? Map.of() : Map.copyOf(l.duplicates);
    }

    /** Lost crosses in all lanes. */
    public int lostMarked() {
        int n = 0;
        for (Lane l : lanes) {
            n += l.lost.size();
        }
        return n;
    }

    /** The keys seen most recently, at most {@value #LEGEND_KEYS}, sorted, "no key" (null) last. */
    public List<String> legendKeys() {
        List<String> keys = new ArrayList<>(recentKeys.keySet());
        keys.sort(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        return keys;
    }

    /**
     * The key's mark (its colour and shape), 0 to {@link LanePalette#MARKS} - 1, or -1 for no key. The topic's first
     * {@link LanePalette#MARKS} keys get different marks: the hash's mark if free, else the next free one, so two
     * keys in a small topic never look alike. Later keys take their hash's mark.
     */
    public int mark(String key) {
        if (key == null) {
            return -1;
        }
        Integer given = marks.get(key);
        if (given != null) {
            return given;
        }
        int preferred = LanePalette.index(key);
        if (marks.size() >= LanePalette.MARKS) {
            return preferred;
        }
        int free = marksTaken.nextClearBit(preferred);
        if (free >= LanePalette.MARKS) {
            free = marksTaken.nextClearBit(0);
        }
        marksTaken.set(free);
        marks.put(key, free);
        return free;
    }

    /** The key's colour in these lanes, or null for no key. */
    public javafx.scene.paint.Color keyColour(String key) {
        return key == null ? null : LanePalette.markColour(mark(key));
    }

    /** The key's shape in these lanes. */
    public MarkShape keyShape(String key) {
        return key == null ? MarkShape.RING : LanePalette.markShape(mark(key));
    }

    /** Distinct keys (and "no key") seen on the topic since it was chosen, at most {@value #MAX_KEYS_COUNTED}. */
    public int keyCount() {
        return seenKeys.size();
    }

    /** Marks taken into the lanes since the topic was chosen, including those the rings no longer hold. */
    public long receivedCount() {
        return received;
    }

    public int capacityPerPartition() {
        return capacity;
    }

    /** The partition's cursors from the last snapshot (for the tab's tables and for tests). */
    public List<Cursor> cursors(int partition) {
        Lane l = lane(partition);
        return l == null ? List.of() : List.copyOf(l.cursors);
    }

    /** Goes up at every {@link #update}; the canvas redraws when it changed. */
    public long version() {
        return version;
    }
}
