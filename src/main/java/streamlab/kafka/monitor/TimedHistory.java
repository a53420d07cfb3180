package streamlab.kafka.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The newest {@code capacity} timed values (lag points, group events), oldest first. Thread-safe: the poll thread
 * appends one poll's values at once, under the lock that readers take briefly.
 */
final class TimedHistory<T> {

    private final Object lock = new Object();
    /** Guarded by {@code lock}. */
    private final ArrayDeque<T> values = new ArrayDeque<>();
    private final int capacity;
    private final ToLongFunction<T> time;

    TimedHistory(int capacity, ToLongFunction<T> time) {
        this.capacity = capacity;
        this.time = time;
    }

    /** Appends the values of one poll together, so a reader never sees half a poll; drops the oldest past capacity. */
    void addAll(Collection<T> batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (lock) {
            values.addAll(batch);
            while (values.size() > capacity) {
                values.pollFirst();
            }
        }
    }

    /** The values stamped after {@code sinceMs}, oldest first. */
    List<T> since(long sinceMs) {
        synchronized (lock) {
            ArrayDeque<T> tail = new ArrayDeque<>();
            Iterator<T> it = values.descendingIterator();
            while (it.hasNext()) {
                T v = it.next();
                if (time.applyAsLong(v) <= sinceMs) {
                    break;
                }
                tail.addFirst(v);
            }
            return List.copyOf(new ArrayList<>(tail));
        }
    }

    int size() {
        synchronized (lock) {
            return values.size();
        }
    }
}
