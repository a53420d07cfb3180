package streamlab.net;

import java.util.BitSet;

/**
 * Thread-safe. Counts numbered messages as they arrive: distinct, duplicated, and out of order (a number smaller
 * than one that already arrived).
 */
public final class SequenceTracker {

    private final BitSet seen = new BitSet();
    private int delivered;
    private int duplicated;
    private int outOfOrder;
    private int highest = -1;
    private long lastArrivalNanos;

    /** Records an arrival of message {@code seq}. */
    public synchronized void arrived(int seq) {
        if (seq < 0) {
            return;
        }
        if (seen.get(seq)) {
            duplicated++;
        } else {
            seen.set(seq);
            delivered++;
        }
        if (seq < highest) {
            outOfOrder++;
        } else {
            highest = seq;
        }
        lastArrivalNanos = System.nanoTime();
    }

    /** Reads the number from a message {@code "seq <n>"}; -1 if it is not one. */
    public static int parse(byte[] data) {
        int n = 0;
        int i = 4;
        if (data.length < 5 || data[0] != 's' || data[1] != 'e' || data[2] != 'q' || data[3] != ' ') {
            return -1;
        }
        for (; i < data.length && data[i] >= '0' && data[i] <= '9'; i++) {
            n = n * 10 + (data[i] - '0');
        }
        return i == 4 ? -1 : n;
    }

    public synchronized int delivered() {
        return delivered;
    }

    public synchronized int duplicated() {
        return duplicated;
    }

    public synchronized int outOfOrder() {
        return outOfOrder;
    }

    public synchronized long lastArrivalNanos() {
        return lastArrivalNanos;
    }
}
