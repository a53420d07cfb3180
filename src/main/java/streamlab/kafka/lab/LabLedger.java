package streamlab.kafka.lab;

import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the lab's consumers did, as the group's figures need it: which offsets were finished, started by a consumer
 * that was then killed, or dropped unstarted by it, and the processed messages in a bounded ring. Thread-safe: the
 * consumer threads record under one lock, held briefly; readers take the same lock and copy.
 */
final class LabLedger {

    /** A partition and an offset. Immutable. */
    record Offset(int partition, long offset) {
    }

    private final Object lock = new Object();
    /** Guarded by {@code lock}: per partition, the offsets some consumer finished (ranges: offsets come in runs). */
    private final Map<Integer, RangeSet<Long>> finished = new HashMap<>();
    /** Guarded by {@code lock}: finished, or in hand when a consumer was killed; a second finish is a duplicate. */
    private final Map<Integer, RangeSet<Long>> touched = new HashMap<>();
    /** Guarded by {@code lock}: offsets a killed consumer held (in hand, or polled and not started). */
    private final Set<Offset> abandoned = new HashSet<>();
    /** Guarded by {@code lock}. */
    private long processed;
    /** Guarded by {@code lock}. */
    private long duplicates;
    /** Guarded by {@code lock}. Slot {@code (seq - 1) % capacity} holds message {@code seq}. */
    private final ProcessedMessage[] ring;
    /** Guarded by {@code lock}: messages ever added to the ring. */
    private long added;

    LabLedger(int capacity) {
        this.ring = new ProcessedMessage[capacity];
    }

    /** A consumer finished a message; returns it as recorded (with its duplicate flag). */
    ProcessedMessage finish(int consumer, long startMs, long endMs, int partition, long offset, String key) {
        synchronized (lock) {
            boolean dup = touched.computeIfAbsent(partition, p -> TreeRangeSet.create()).contains(offset);
            add(touched, partition, offset);
            add(finished, partition, offset);
            processed++;
            if (dup) {
                duplicates++;
            }
            return append(consumer, startMs, endMs, partition, offset, key, dup);
        }
    }

    /** A consumer was killed with this message in hand. */
    ProcessedMessage killedInHand(int consumer, long startMs, int partition, long offset, String key) {
        synchronized (lock) {
            boolean dup = touched.computeIfAbsent(partition, p -> TreeRangeSet.create()).contains(offset);
            add(touched, partition, offset);
            abandoned.add(new Offset(partition, offset));
            return append(consumer, startMs, -1, partition, offset, key, dup);
        }
    }

    /** A killed consumer had polled this message and not started it. */
    void droppedUnstarted(int partition, long offset) {
        synchronized (lock) {
            abandoned.add(new Offset(partition, offset));
        }
    }

    boolean anyAbandoned() {
        synchronized (lock) {
            return !abandoned.isEmpty();
        }
    }

    long processed() {
        synchronized (lock) {
            return processed;
        }
    }

    long duplicates() {
        synchronized (lock) {
            return duplicates;
        }
    }

    /** Distinct offsets finished. */
    long processedUnique() {
        synchronized (lock) {
            long n = 0;
            for (RangeSet<Long> rs : finished.values()) {
                for (Range<Long> r : rs.asRanges()) {
                    n += r.upperEndpoint() - r.lowerEndpoint();
                }
            }
            return n;
        }
    }

    /**
     * The offsets a killed consumer held that the group has committed past ({@code committed}: partition to the
     * group's committed offset) and that no consumer finished: nobody will read them again.
     */
    List<Offset> lost(Map<Integer, Long> committed) {
        synchronized (lock) {
            List<Offset> out = new ArrayList<>();
            for (Offset o : abandoned) {
                Long c = committed.get(o.partition());
                RangeSet<Long> f = finished.get(o.partition());
                if (c != null && o.offset() < c && (f == null || !f.contains(o.offset()))) {
                    out.add(o);
                }
            }
            out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return out;
        }
    }

    /** At most the newest {@code max} messages numbered above {@code afterSeq}, oldest first. */
    List<ProcessedMessage> since(long afterSeq, int max) {
        synchronized (lock) {
            long oldestKept = Math.max(1, added - ring.length + 1);
            long from = Math.max(Math.max(afterSeq + 1, oldestKept), added - Math.max(0, max) + 1);
            List<ProcessedMessage> out = new ArrayList<>((int) Math.max(0, added - from + 1));
            for (long s = from; s <= added; s++) {
                out.add(ring[(int) ((s - 1) % ring.length)]);
            }
            return out;
        }
    }

    /** Call only when holding {@code lock}. */
    private ProcessedMessage append(int consumer, long startMs, long endMs, int partition, long offset, String key,
            boolean dup) {
        long seq = ++added;
        ProcessedMessage m = new ProcessedMessage(seq, consumer, startMs, endMs, partition, offset, key, dup);
        ring[(int) ((seq - 1) % ring.length)] = m;
        return m;
    }

    /** Call only when holding {@code lock}. */
    private static void add(Map<Integer, RangeSet<Long>> sets, int partition, long offset) {
        sets.computeIfAbsent(partition, p -> TreeRangeSet.create()).add(Range.closedOpen(offset, offset + 1));
    }
}
