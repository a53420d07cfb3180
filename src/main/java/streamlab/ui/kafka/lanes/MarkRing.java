package streamlab.ui.kafka.lanes;

/**
 * The newest marks of one partition, oldest first, in arrays that are allocated once: offsets rise, and the display
 * time never falls (a timestamp older than the mark before it is drawn at that mark's time, so the marks of a
 * partition keep their order on the time axis and both axes can be searched by bisection). Confined to the FX
 * Application Thread.
 */
final class MarkRing {

    /** Values are shortened to this many characters for the hover card: the ring holds many thousands. */
    static final int VALUE_CHARS = 60;

    private final int capacity;
    private final long[] offsets;
    private final long[] times;
    private final long[] rawTimes;
    private final String[] keys;
    private final String[] values;
    private int head;
    private int size;

    MarkRing(int capacity) {
        this.capacity = capacity;
        offsets = new long[capacity];
        times = new long[capacity];
        rawTimes = new long[capacity];
        keys = new String[capacity];
        values = new String[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    void clear() {
        head = 0;
        size = 0;
        java.util.Arrays.fill(keys, null);
        java.util.Arrays.fill(values, null);
    }

    /** Adds a mark after the newest; a mark whose offset is not above the newest's is already held and is skipped. */
    boolean add(long offset, long timeMs, String key, String value) {
        long shown = timeMs;
        if (size > 0) {
            int last = slot(size - 1);
            if (offset <= offsets[last]) {
                return false;
            }
            shown = Math.max(timeMs, times[last]);
        }
        int at;
        if (size < capacity) {
            at = slot(size);
            size++;
        } else {
            at = head;
            head = (head + 1) % capacity;
        }
        offsets[at] = offset;
        times[at] = shown;
        rawTimes[at] = timeMs;
        keys[at] = key;
        values[at] = shorten(value);
        return true;
    }

    long offset(int i) {
        return offsets[slot(i)];
    }

    /** The display time: the record's timestamp, or the previous mark's when that is later. */
    long time(int i) {
        return times[slot(i)];
    }

    long rawTime(int i) {
        return rawTimes[slot(i)];
    }

    String key(int i) {
        return keys[slot(i)];
    }

    String value(int i) {
        return values[slot(i)];
    }

    /** The index of the first mark whose offset is at least {@code offset}, or {@link #size()}. */
    int firstOffsetAtLeast(double offset) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (offsets[slot(mid)] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The index of the first mark whose display time is at least {@code timeMs}, or {@link #size()}. */
    int firstTimeAtLeast(double timeMs) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[slot(mid)] < timeMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int slot(int i) {
        int s = head + i;
        return s >= capacity ? s - capacity : s;
    }

    private static String shorten(String value) {
        if (value == null) {
            return null;
        }
        // A new string, so the ring does not keep the message's whole value alive.
        return value.length() <= VALUE_CHARS ? value : value.substring(0, VALUE_CHARS - 1) + "…";
    }
}
