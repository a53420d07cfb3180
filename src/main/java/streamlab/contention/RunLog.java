package streamlab.contention;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Thread-safe and lock-free for writers: the run's log, one line per phase, handed to one reader in the true order of
 * events.
 *
 * <p>Every line takes a stamp from one clock: nanoseconds since the run started, strictly increasing across the run
 * (two events in the same nanosecond get consecutive stamps). A worker takes the stamp of a write inside the lock, or
 * at the write itself when the lock is off (see {@link SharedResource.WriteOrder}), so the stamps of the writes follow
 * the order of the writes. Lines reach a non-blocking queue out of order (a worker adds its "wrote" line after it
 * released the lock); the reader puts them back in stamp order with a small reorder buffer, and hands out only lines
 * below the watermark, the lowest stamp a writer may still add. Each writer publishes that bound in its slot before
 * it takes a stamp: slot N for worker-N, slot 0 for the run itself (markers, start, summary), whose writers take the
 * log's monitor. A slot is open only between a stamp and its line, never across a wait, so the reader is held back
 * for microseconds at most.
 *
 * <p>Bounded: past {@code limit} phase lines per run it only counts what it skipped; the reader also leaves out any
 * phase line stamped after the first skipped one, so the log never has a hole. Run-level lines are always kept, and
 * the summary is always the last line, after a line that gives the number of phase lines skipped.
 */
public final class RunLog {

    /** Like Python's logging default with asctime: {@code 2024-05-01 12:00:00,123}. */
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT).withZone(ZoneId.systemDefault());
    /** Longs per slot: one cache line, so that workers publishing their bounds do not slow each other down. */
    private static final int SLOT_STRIDE = 8;
    private static final long FREE = Long.MAX_VALUE;

    /** How a queued line is kept. */
    private enum Kind { PHASE, ALWAYS, LAST }

    /** A queued line. Immutable. */
    private record Entry(LogEvent event, Kind kind) {
    }

    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong added = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** The stamp of the first phase line skipped, or {@link #FREE}. */
    private final AtomicLong firstSkipped = new AtomicLong(FREE);
    /** The last stamp handed out. */
    private final AtomicLong clock = new AtomicLong(-1);
    /** Per slot, the lowest stamp its writer may still add, or {@link #FREE}. */
    private final AtomicLongArray inFlight;
    private final long limit;
    private final LongSupplier nanos;

    /** Guarded by this; set once the summary (or the failure) line is in. */
    private boolean closed;

    /** The reorder buffer. Guarded by this (the reader's side). */
    private final PriorityQueue<Entry> pending =
            new PriorityQueue<>(Comparator.comparingLong((Entry e) -> e.event().atNanos()));
    /** Phase lines the reader left out after the first skipped one; written under this, read by anyone. */
    private volatile long dropped;

    /**
     * @param limit   phase lines kept
     * @param workers how many workers write (slots 1 to {@code workers})
     * @param nanos   the run's clock: nanoseconds since it started
     */
    RunLog(long limit, int workers, LongSupplier nanos) {
        this.limit = limit;
        this.nanos = nanos;
        this.inFlight = new AtomicLongArray((workers + 1) * SLOT_STRIDE);
        for (int s = 0; s <= workers; s++) {
            inFlight.set(s * SLOT_STRIDE, FREE);
        }
    }

    /** Whether phase lines are still being kept; workers skip building the text when not. */
    boolean accepting() {
        return added.get() < limit;
    }

    /**
     * The next stamp, for a line of worker {@code slot} (never 0: run-level lines go through {@link #addRun}). Opens
     * the slot until {@link #add}, {@link #addAlways} or {@link #release}; a second stamp before then keeps it open.
     * Call only on that worker's thread.
     */
    long stamp(int slot) {
        int i = slot * SLOT_STRIDE;
        if (inFlight.get(i) == FREE) {
            // Published before the stamp is taken: the reader never hands out a line above a stamp still coming.
            inFlight.set(i, clock.get() + 1);
        }
        return nextStamp();
    }

    /** Advances the clock to now, or one past the last stamp when now is not later, and returns that stamp. */
    private long nextStamp() {
        long now = nanos.getAsLong();
        long prev;
        long next;
        do {
            prev = clock.get();
            next = Math.max(prev + 1, now);
        } while (!clock.compareAndSet(prev, next));
        return next;
    }

    /** Adds a worker's phase line, stamped by {@link #stamp}, and closes its slot; counted, not kept, past the limit. */
    void add(int slot, LogEvent event) {
        if (added.incrementAndGet() <= limit) {
            queue.add(new Entry(event, Kind.PHASE));
        } else {
            skipped.incrementAndGet();
            firstSkipped.accumulateAndGet(event.atNanos(), Math::min);
        }
        release(slot);
    }

    /** Adds a worker's line that is kept even past the limit (an error, a kill), and closes its slot. */
    void addAlways(int slot, LogEvent event) {
        queue.add(new Entry(event, Kind.ALWAYS));
        release(slot);
    }

    /** Closes a worker's slot without a line (a stamp taken for a write that did not happen). */
    void release(int slot) {
        int i = slot * SLOT_STRIDE;
        if (inFlight.get(i) != FREE) {
            inFlight.set(i, FREE);
        }
    }

    /** Counts phase lines a worker did not even build once the log was full. */
    void skippedUnbuilt(long lines) {
        if (lines > 0) {
            skipped.addAndGet(lines);
        }
    }

    /**
     * Adds a run-level line (start, marker, deadlock), kept even past the limit, with the next stamp; returns that
     * stamp, or -1 when the run's last line is already in (the line is then not added).
     */
    long addRun(LongFunction<LogEvent> line) {
        return addRun(line, Kind.ALWAYS);
    }

    /** Adds the run's last line (the summary, or why it failed): nothing is added after it. Returns its stamp. */
    long addLast(LongFunction<LogEvent> line) {
        return addRun(line, Kind.LAST);
    }

    private synchronized long addRun(LongFunction<LogEvent> line, Kind kind) {
        if (closed) {
            return -1;
        }
        int i = 0;
        inFlight.set(i, clock.get() + 1);
        long next = nextStamp();
        queue.add(new Entry(line.apply(next), kind));
        closed = kind == Kind.LAST;
        inFlight.set(i, FREE);
        return next;
    }

    /**
     * Hands up to {@code max} lines to {@code sink} in the order of events; returns how many. Lines a worker is still
     * about to add hold back the ones after them until the next call. One reader at a time; never blocks for long.
     */
    public synchronized int drain(Consumer<LogEvent> sink, int max) {
        // The watermark before the queue: every line stamped below it is in the queue by now.
        long watermark = clock.get() + 1;
        for (int i = 0; i < inFlight.length(); i += SLOT_STRIDE) {
            watermark = Math.min(watermark, inFlight.get(i));
        }
        Entry e;
        while ((e = queue.poll()) != null) {
            pending.add(e);
        }
        int n = 0;
        long cut = firstSkipped.get();
        while (n < max && !pending.isEmpty() && pending.peek().event().atNanos() < watermark) {
            e = pending.poll();
            LogEvent event = e.event();
            if (e.kind() == Kind.PHASE && event.atNanos() > cut) {
                dropped++;
                continue;
            }
            if (e.kind() == Kind.LAST && skipped() > 0) {
                sink.accept(LogEvent.warning(event.atNanos(), 0, String.format(Locale.ROOT,
                        "the log keeps the first %,d phase lines: %,d later phase lines were not kept", limit,
                        skipped())));
                n++;
            }
            sink.accept(event);
            n++;
        }
        return n;
    }

    /** Phase lines not kept because the run went past the limit (complete once the last line was drained). */
    public long skipped() {
        return skipped.get() + dropped;
    }

    /** Formats a line like the course script's logging: {@code 2024-05-01 12:00:00,123 - worker-1 - INFO - ...}. */
    public static String format(Instant runStart, LogEvent e) {
        Instant at = runStart.plusNanos(e.atNanos());
        return STAMP.format(at) + " - " + e.threadName() + " - " + e.level() + " - " + e.message();
    }
}
