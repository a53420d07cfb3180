package streamlab.stream;

import java.util.List;

/**
 * Thread-safe. A bounded ring of the newest events: the engine adds without ever waiting for a reader, and when the
 * reader falls behind the oldest unread events are overwritten and counted as dropped. One lock per event keeps the
 * cost at full speed to a few nanoseconds.
 */
final class EventRing {

    private final StreamEvent[] ring;
    private final int mask;
    /** Guarded by this: events ever added. */
    private long written;
    /** Guarded by this: events ever read or skipped. */
    private long read;
    /** Guarded by this. */
    private long dropped;

    EventRing(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        ring = new StreamEvent[capacityPowerOfTwo];
        mask = capacityPowerOfTwo - 1;
    }

    synchronized void add(StreamEvent event) {
        ring[(int) (written++ & mask)] = event;
    }

    /** Moves up to {@code max} of the newest unread events to {@code out}, oldest first. */
    synchronized int drainTo(List<StreamEvent> out, int max) {
        long from = Math.max(read, written - ring.length);
        dropped += from - read;
        int n = (int) Math.min(max, written - from);
        for (int i = 0; i < n; i++) {
            out.add(ring[(int) ((from + i) & mask)]);
        }
        read = from + n;
        return n;
    }

    synchronized long dropped() {
        return dropped + Math.max(0, written - ring.length - read);
    }

    synchronized void clear() {
        read = written;
        dropped = 0;
        java.util.Arrays.fill(ring, null);
    }
}
