package streamlab.kafka.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest messages the monitoring consumer read, numbered from 1, in a fixed-size ring. Thread-safe: the
 * monitor's message thread adds, any thread reads; both take the ring's lock briefly and never wait on anything
 * else.
 */
final class MessageRing {

    private final Object lock = new Object();
    /** Guarded by {@code lock}. Slot {@code (seq - 1) % capacity} holds message {@code seq}, or null once dropped. */
    private final MessageMark[] ring;
    /** Guarded by {@code lock}: the number of messages ever added. */
    private long added;
    /** Guarded by {@code lock}: messages removed on purpose (their topic was deleted and created again). */
    private long dropped;

    MessageRing(int capacity) {
        this.ring = new MessageMark[capacity];
    }

    int capacity() {
        return ring.length;
    }

    /** The running number the next message will get. */
    long nextSeq() {
        synchronized (lock) {
            return added + 1;
        }
    }

    /** Adds the messages in order, numbering them under the lock, so the numbers and the ring's order agree. */
    void addAll(List<Draft> drafts) {
        synchronized (lock) {
            for (Draft d : drafts) {
                long seq = ++added;
                ring[(int) ((seq - 1) % ring.length)] = d.mark(seq);
            }
        }
    }

    /** The messages still held, plus those already overwritten: every message ever added. */
    long total() {
        synchronized (lock) {
            return added;
        }
    }

    /** Messages that fell out of the ring because newer ones came (counted, not kept). */
    long overwritten() {
        synchronized (lock) {
            return Math.max(0, added - ring.length);
        }
    }

    /** Messages held now. */
    int held() {
        synchronized (lock) {
            int n = 0;
            long oldest = Math.max(1, added - ring.length + 1);
            for (long s = oldest; s <= added; s++) {
                if (ring[(int) ((s - 1) % ring.length)] != null) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Messages removed because their topic was deleted and created again. */
    long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** Forgets the held messages of {@code topic}: an older incarnation of a topic that was deleted and recreated. */
    int dropTopic(String topic) {
        synchronized (lock) {
            int n = 0;
            long oldest = Math.max(1, added - ring.length + 1);
            for (long s = oldest; s <= added; s++) {
                int i = (int) ((s - 1) % ring.length);
                if (ring[i] != null && ring[i].topic().equals(topic)) {
                    ring[i] = null;
                    n++;
                }
            }
            dropped += n;
            return n;
        }
    }

    /**
     * At most the newest {@code max} messages numbered above {@code afterSeq}, oldest first; the older ones that are
     * no longer held (overwritten, or past {@code max}) are counted as missed. Messages dropped with their topic's
     * old incarnation are neither returned nor counted. {@code lastSeq} is the number of the last message returned,
     * or, when none is, the highest number looked at (so a reader that goes on from it never hears of the same
     * missed messages twice).
     */
    MessageBatch since(long afterSeq, int max) {
        int m = Math.max(0, max);
        synchronized (lock) {
            long oldestKept = Math.max(1, added - ring.length + 1);
            long from = Math.max(Math.max(afterSeq + 1, oldestKept), added - m + 1);
            long missed = Math.max(0, (from - 1) - Math.max(afterSeq, 0));
            List<MessageMark> out = new ArrayList<>((int) Math.max(0, Math.min(m, added - from + 1)));
            for (long s = from; s <= added; s++) {
                MessageMark mk = ring[(int) ((s - 1) % ring.length)];
                if (mk != null) {
                    out.add(mk);
                }
            }
            long last = out.isEmpty() ? Math.max(afterSeq, added) : out.get(out.size() - 1).seq();
            return new MessageBatch(out, missed, last);
        }
    }

    /** A message before it is numbered. Immutable. */
    record Draft(long timeMs, String topic, int partition, long offset, String key, String value, int valueBytes) {
        MessageMark mark(long seq) {
            return new MessageMark(seq, timeMs, topic, partition, offset, key, value, valueBytes);
        }
    }
}
