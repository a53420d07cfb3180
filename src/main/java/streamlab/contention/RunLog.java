package streamlab.contention;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Thread-safe and lock-free: the run's log lines, one per phase; workers add to a non-blocking queue, a reader drains
 * it. Bounded: past {@code limit} lines per run it only counts what it skipped, so a million-task run cannot flood
 * memory or the screen.
 */
public final class RunLog {

    /** Like Python's logging default with asctime: {@code 2024-05-01 12:00:00,123}. */
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final Queue<LogEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final long limit;

    RunLog(long limit) {
        this.limit = limit;
    }

    /** Whether phase lines are still being kept; workers skip building the text when not. */
    boolean accepting() {
        return added.get() < limit;
    }

    void add(LogEvent event) {
        if (added.incrementAndGet() <= limit) {
            queue.add(event);
        } else {
            skipped.incrementAndGet();
        }
    }

    /** Adds a run-level line (start, markers, summary), which is kept even past the limit. */
    void addAlways(LogEvent event) {
        queue.add(event);
    }

    /** Hands up to {@code max} waiting lines to {@code sink}, oldest first; returns how many. */
    public int drain(Consumer<LogEvent> sink, int max) {
        int n = 0;
        LogEvent e;
        while (n < max && (e = queue.poll()) != null) {
            sink.accept(e);
            n++;
        }
        return n;
    }

    /** Phase lines not kept because the run went past the limit. */
    public long skipped() {
        return skipped.get();
    }

    /** Formats a line like the course script's logging: {@code 2024-05-01 12:00:00,123 - worker-1 - INFO - ...}. */
    public static String format(Instant runStart, LogEvent e) {
        Instant at = runStart.plusNanos(e.atNanos());
        return STAMP.format(at) + " - " + e.threadName() + " - " + e.level() + " - " + e.message();
    }
}
