package streamlab.ui.kafka.lanes;

/**
 * One line of the lag chart: times and lags, oldest first, at most a fixed number of points. When full, the older
 * half is halved (each pair becomes its later time and larger lag, so a peak is never smoothed away); the newest
 * points keep their full resolution. Confined to the FX Application Thread.
 */
final class LagSeries {

    private final long[] times;
    private final long[] lags;
    private int size;

    LagSeries(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("capacity must be at least 4");
        }
        times = new long[capacity];
        lags = new long[capacity];
    }

    /** Adds a point; one at the same time as the newest replaces it, one older than it is ignored. */
    void add(long timeMs, long lag) {
        if (size > 0 && timeMs <= times[size - 1]) {
            if (timeMs == times[size - 1]) {
                lags[size - 1] = lag;
            }
            return;
        }
        if (size == times.length) {
            decimate();
        }
        times[size] = timeMs;
        lags[size] = lag;
        size++;
    }

    private void decimate() {
        int older = (size / 2) & ~1;
        int w = 0;
        for (int r = 0; r < older; r += 2) {
            times[w] = times[r + 1];
            lags[w] = Math.max(lags[r], lags[r + 1]);
            w++;
        }
        System.arraycopy(times, older, times, w, size - older);
        System.arraycopy(lags, older, lags, w, size - older);
        size = w + size - older;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    long lag(int i) {
        return lags[i];
    }

    long lastLag() {
        return size == 0 ? 0 : lags[size - 1];
    }

    /** The index of the first point at or after {@code timeMs}, or {@link #size()}. */
    int firstAtOrAfter(long timeMs) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < timeMs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
