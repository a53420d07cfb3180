package streamlab.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Thread-safe. Replays a CSV file as a stream: one named thread ({@code stream-engine}) reads records, waits for their
 * turn, formats them and hands them to every sink. Controls (start, pause, resume, step, stop, restart) may be called
 * from any thread; waits are timed and interruptible by the controls, so {@link #stop()} returns within a second.
 * Events go to an optional synchronous listener (on the engine thread) and to a bounded buffer that a UI drains; when
 * the buffer is full the oldest events are dropped, never the records themselves.
 */
public final class StreamEngine implements AutoCloseable {

    /** Capacity of the event buffer a UI drains. */
    public static final int EVENT_CAPACITY = 4096;
    /** A record later than this against its schedule counts as behind schedule. */
    static final long BEHIND_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Loaded on first use: starting log4j costs about half a second of CPU, and start() first uses it after the
     * engine thread is streaming, so a short command-line run does not wait for it.
     */
    private static final class Log {
        static final Logger LOG = create();

        private static Logger create() {
            try {
                return LogManager.getLogger(StreamEngine.class);
            } catch (RuntimeException | LinkageError e) {
                // log4j cannot start once the JVM is shutting down (a Ctrl-C right after the start): the run must
                // still end cleanly, so its few log lines go to log4j's status logger (errors only, on stderr).
                return StatusLogger.getLogger();
            }
        }
    }

    /** Guards the control state below and {@link #wake}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled by every control, so a pacing wait ends early. */
    private final Condition wake = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private StreamState state = StreamState.IDLE;
    /** Guarded by {@link #lock}. */
    private boolean stopRequested;
    /** Guarded by {@link #lock}. */
    private boolean paused;
    /** Guarded by {@link #lock}. */
    private int steps;
    /** Guarded by {@link #lock}. */
    private long pausedAt;
    /** Guarded by {@link #lock}. */
    private long pausedTotal;
    /** Guarded by {@link #lock}; the due time of the next record while the engine waits for it, else 0. */
    private long waitingUntil;
    /** Guarded by {@link #lock}. */
    private long lastDue;
    /** Guarded by {@link #lock}. */
    private Thread thread;
    /** Guarded by {@link #lock}. */
    private StreamConfig config;
    /** Guarded by {@link #lock}. */
    private List<Sink> sinks = List.of();

    /** A copy of {@link #paused} that the engine thread reads without the lock, to write held records before a wait. */
    private volatile boolean pausedHint;

    private final EventRing events = new EventRing(EVENT_CAPACITY);
    private volatile Consumer<StreamEvent> listener;

    // Written by the engine thread only; read by snapshot().
    // The three per-record counters use release stores (lazySet): a snapshot sees them a moment later, and the
    // engine does not pay a full memory fence per record at interval 0.
    private final AtomicLong sent = new AtomicLong();
    private volatile long skipped;
    private volatile long badRows;
    private volatile long total = -1;
    private volatile long cycle;
    private final AtomicLong progressBits = new AtomicLong();
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile long lagMillis;
    private volatile long behindCount;
    private final AtomicLong currentIndex = new AtomicLong(-1);
    private volatile String error = "";
    private volatile CsvInfo info;

    /** Sets a listener called on the engine thread for every event; it must return quickly. */
    public void setListener(Consumer<StreamEvent> listener) {
        this.listener = listener;
    }

    /**
     * Checks the file, the format and the sinks, then starts streaming. Every user mistake is a
     * {@link StreamInputException} thrown here, before any record is sent. A run in progress is stopped first.
     *
     * @param startPaused start in the paused state (then {@link #step()} sends records one at a time)
     */
    public CsvInfo start(StreamConfig config, boolean startPaused) throws StreamInputException {
        stop();
        if (config.sinks().isEmpty()) {
            throw new StreamInputException("No output is switched on. Choose at least one of file, UDP, TCP or log.");
        }
        CsvSource source = CsvSource.inspect(config.csv());
        CsvInfo csvInfo = source.info();
        RecordFormat.Formatter formatter = config.format().compile(csvInfo.columns());
        int stampColumn = -1;
        if (config.pacing().mode() == Pacing.Mode.TIMESTAMP) {
            stampColumn = csvInfo.columns().indexOf(config.pacing().timestampColumn());
            if (stampColumn < 0) {
                throw new StreamInputException("The timestamp column '" + config.pacing().timestampColumn()
                        + "' is not in the file. Columns are: " + String.join(", ", csvInfo.columns()) + ".");
            }
        }
        for (SinkSpec spec : config.sinks()) {
            if (spec instanceof SinkSpec.File f) {
                FileSink.refuseInput(f.file(), config.csv().file());
            }
        }
        List<Sink> opened = new ArrayList<>();
        Sink[] inOrder = new Sink[config.sinks().size()];
        try {
            // Files last: a refused start (nobody listening on TCP) must not have emptied an output file.
            for (boolean files : new boolean[] {false, true}) {
                for (int i = 0; i < inOrder.length; i++) {
                    SinkSpec spec = config.sinks().get(i);
                    if (spec instanceof SinkSpec.File == files) {
                        Sink sink = Sink.create(spec);
                        sink.open();
                        opened.add(sink);
                        inOrder[i] = sink;
                    }
                }
                if (!files) {
                    for (Sink sink : opened) {
                        if (sink instanceof TcpSink t && t.spec().mustConnect() && !t.awaitFirstAttempt()) {
                            throw new StreamInputException("Nobody is listening at tcp " + t.spec().host() + ":"
                                    + t.spec().port() + " (" + t.lastError + "). Start a listener first, for"
                                    + " example 'streamlab listen tcp " + t.spec().port() + "', then stream again.");
                        }
                    }
                }
            }
            opened = List.of(inOrder);
        } catch (StreamInputException e) {
            opened.forEach(Sink::close);
            throw e;
        } catch (InterruptedException e) {
            opened.forEach(Sink::close);
            Thread.currentThread().interrupt();
            throw new StreamInputException("Interrupted while connecting the outputs.");
        }
        events.clear();
        sent.set(0);
        skipped = 0;
        badRows = 0;
        total = csvInfo.totalRecords();
        cycle = 0;
        progressBits.set(0);
        lagMillis = 0;
        behindCount = 0;
        currentIndex.set(-1);
        error = "";
        info = csvInfo;
        int column = stampColumn;
        lock.lock();
        try {
            this.config = config;
            this.sinks = List.copyOf(opened);
            stopRequested = false;
            paused = startPaused;
            pausedHint = startPaused;
            steps = 0;
            pausedTotal = 0;
            lastDue = 0;
            waitingUntil = 0;
            startNanos = System.nanoTime();
            endNanos = 0;
            pausedAt = startNanos;
            state = startPaused ? StreamState.PAUSED : StreamState.RUNNING;
            Thread t = new Thread(() -> run(source, formatter, column), "stream-engine");
            t.setDaemon(true);
            thread = t;
            t.start();
        } finally {
            lock.unlock();
        }
        Log.LOG.info("Streaming {} ({}, {}) to {}", config.csv().file(), config.pacing().describe(),
                config.format().describe(), opened.stream().map(s -> s.name).toList());
        return csvInfo;
    }

    public CsvInfo start(StreamConfig config) throws StreamInputException {
        return start(config, false);
    }

    /** Starts the last configuration again from the first record. */
    public CsvInfo restart() throws StreamInputException {
        StreamConfig c;
        lock.lock();
        try {
            c = config;
        } finally {
            lock.unlock();
        }
        if (c == null) {
            throw new StreamInputException("Nothing to restart: start a stream first.");
        }
        return start(c, false);
    }

    public void pause() {
        lock.lock();
        try {
            if (state == StreamState.RUNNING) {
                paused = true;
                pausedHint = true;
                pausedAt = System.nanoTime();
                state = StreamState.PAUSED;
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public void resume() {
        lock.lock();
        try {
            if (state == StreamState.PAUSED) {
                long pausedFor = System.nanoTime() - pausedAt;
                pausedTotal += pausedFor;
                // The schedule moves by the pause, so resuming does not send a burst of overdue records.
                if (lastDue != 0) {
                    lastDue += pausedFor;
                }
                paused = false;
                pausedHint = false;
                state = StreamState.RUNNING;
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends the next record now, running or paused; does nothing when no run is active. */
    public void step() {
        lock.lock();
        try {
            if (state.isActive()) {
                steps++;
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops the run and returns once the engine thread has ended (within about a second). */
    public void stop() {
        Thread t;
        lock.lock();
        try {
            t = thread;
            if (t == null) {
                return;
            }
            stopRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        if (t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(800);
            if (t.isAlive()) {
                // A sink is blocked (a TCP peer that stopped reading): closing it unblocks the write.
                List<Sink> current;
                lock.lock();
                try {
                    current = sinks;
                } finally {
                    lock.unlock();
                }
                current.forEach(Sink::close);
                t.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the run ends by itself or is stopped; true if it ended within the timeout. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        Thread t;
        lock.lock();
        try {
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, unit.toMillis(timeout)));
        return !t.isAlive();
    }

    /** Moves up to {@code max} buffered events to {@code sink}, oldest first; returns how many. */
    public int drainEvents(Consumer<StreamEvent> sink, int max) {
        List<StreamEvent> batch = new ArrayList<>(Math.min(max, EVENT_CAPACITY));
        events.drainTo(batch, Math.min(max, EVENT_CAPACITY));
        batch.forEach(sink);
        return batch.size();
    }

    /** Events dropped because the buffer was full (the UI fell behind); records are never dropped for this. */
    public long droppedEvents() {
        return events.dropped();
    }

    public StreamSnapshot snapshot() {
        StreamState s;
        long now = System.nanoTime();
        long pausedNow;
        long nextIn;
        List<Sink> current;
        lock.lock();
        try {
            s = state;
            pausedNow = pausedTotal + (paused && s.isActive() ? now - pausedAt : 0);
            nextIn = waitingUntil == 0 || paused ? 0 : Math.max(0, waitingUntil - now);
            current = sinks;
        } finally {
            lock.unlock();
        }
        if (s == StreamState.IDLE) {
            return StreamSnapshot.IDLE;
        }
        long end = endNanos != 0 ? endNanos : now;
        List<SinkStats> stats = current.stream().map(Sink::stats).toList();
        return new StreamSnapshot(s, sent.get(), skipped, badRows, total, cycle,
                Double.longBitsToDouble(progressBits.get()), Math.max(0, end - startNanos - pausedNow), nextIn,
                lagMillis, behindCount, currentIndex.get(), stats, error);
    }

    /** The file being streamed (the last one started), or null. */
    public CsvInfo info() {
        return info;
    }

    @Override
    public void close() {
        stop();
    }

    private void run(CsvSource source, RecordFormat.Formatter formatter, int stampColumn) {
        StreamConfig c;
        List<Sink> out;
        lock.lock();
        try {
            c = config;
            out = sinks;
        } finally {
            lock.unlock();
        }
        StreamState end = StreamState.FINISHED;
        String reason = "end of file";
        Random random = new Random();
        int columns = source.info().columns().size();
        String previousStamp = null;
        long seq = 0;
        try {
            for (Sink sink : out) {
                // The first record waits for the first connection attempt instead of being dropped while the
                // connection opens. A stop closes the sinks, which ends this wait.
                if (sink instanceof TcpSink t) {
                    t.awaitFirstAttempt();
                }
            }
            outer:
            for (long pass = 1; ; pass++) {
                cycle = pass;
                long sentBefore = seq;
                try (CsvSource.Cursor cursor = c.reverse() ? source.open(true) : source.open(false)) {
                    total = cursor.total();
                    CsvRecord r;
                    while ((r = cursor.next()) != null) {
                        if (r.fields().size() != columns) {
                            boolean send = c.badRows() == StreamConfig.BadRows.SEND;
                            badRows++;
                            publish(new StreamEvent.BadRow(r.line(), r.fields().size(), columns, send));
                            if (!send) {
                                skipped++;
                                progressBits.lazySet(Double.doubleToRawLongBits(cursor.progress()));
                                continue;
                            }
                        }
                        String stamp = stampColumn >= 0 && stampColumn < r.fields().size()
                                ? r.fields().get(stampColumn) : null;
                        long delay = seq == 0 ? 0 : c.pacing().uncappedDelayNanos(previousStamp, stamp, random);
                        if (delay > Pacing.MAX_WAIT_NANOS) {
                            publish(new StreamEvent.WaitCapped(seq + 1, delay / 1_000_000_000L,
                                    Pacing.MAX_WAIT_NANOS / 1_000_000_000L));
                            delay = Pacing.MAX_WAIT_NANOS;
                        }
                        if (delay > 0 || pausedHint) {
                            // A paced record goes out at once, not with the next one.
                            flushHeld(out, seq);
                        }
                        if (!awaitTurn(delay, seq + 1)) {
                            break outer;
                        }
                        String message = formatter.format(r);
                        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
                        seq++;
                        for (Sink sink : out) {
                            try {
                                sink.send(message, utf8);
                            } catch (IOException | RuntimeException e) {
                                // A sink's own fault stays with that sink: the others and the stream carry on.
                                sink.failed(e);
                                publish(new StreamEvent.SinkFailed(sink.name, seq, String.valueOf(e.getMessage())));
                            }
                        }
                        sent.lazySet(seq);
                        currentIndex.lazySet(r.index());
                        progressBits.lazySet(Double.doubleToRawLongBits(cursor.progress()));
                        publish(new StreamEvent.Sent(seq, pass, r, message));
                        previousStamp = stamp;
                        if (c.limit() > 0 && seq >= c.limit()) {
                            reason = "limit of " + c.limit() + " records";
                            break outer;
                        }
                    }
                }
                publish(new StreamEvent.CycleDone(pass, seq - sentBefore));
                if (!c.loop() || seq == sentBefore || isStopRequested()) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            end = StreamState.FAILED;
            reason = "reading " + c.csv().file() + " failed: " + e.getMessage();
            error = reason;
            Log.LOG.warn("Stream failed: {}", reason);
        } catch (Throwable e) {
            // An Error (out of memory on a huge row, a stack overflow) ends the run; it must not look like success.
            end = StreamState.FAILED;
            reason = "the stream engine failed at record " + (seq + 1) + ": " + e;
            error = reason;
            Log.LOG.error("Stream failed: {}", reason);
            Log.LOG.debug("Stream failure trace", e);
        } finally {
            for (Sink sink : out) {
                // Whatever went wrong above, every sink is closed and the state below is set.
                try {
                    sink.flush();
                } catch (Throwable e) {
                    sink.failed(e instanceof Exception x ? x : new IOException(e.toString(), e));
                    publish(new StreamEvent.SinkFailed(sink.name, seq, String.valueOf(e.getMessage())));
                }
                try {
                    sink.close();
                } catch (Throwable e) {
                    Log.LOG.warn("Closing {} failed: {}", sink.name, e.toString());
                }
            }
            endNanos = System.nanoTime();
            lock.lock();
            try {
                if (stopRequested && end != StreamState.FAILED) {
                    end = StreamState.STOPPED;
                    reason = "stopped";
                }
                state = end;
                waitingUntil = 0;
                wake.signalAll();
            } finally {
                lock.unlock();
            }
            List<SinkStats> stats = out.stream().map(Sink::stats).toList();
            publish(new StreamEvent.Finished(end, seq, reason, stats));
            Log.LOG.info("Stream {}: {} records sent ({})", end.name().toLowerCase(java.util.Locale.ROOT), seq,
                    reason);
        }
    }

    private boolean isStopRequested() {
        lock.lock();
        try {
            return stopRequested;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the next record is due, a step is asked for, or a stop; false when stopped. */
    private boolean awaitTurn(long delayNanos, long seq) {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (stopRequested) {
                return false;
            }
            if (delayNanos == 0 && !paused && steps == 0) {
                lastDue = now;
                return true;
            }
            long due = (lastDue == 0 ? now : lastDue) + delayNanos;
            while (true) {
                if (stopRequested) {
                    return false;
                }
                if (steps > 0) {
                    steps--;
                    lastDue = now;
                    waitingUntil = 0;
                    return true;
                }
                if (paused) {
                    waitingUntil = 0;
                    long before = lastDue;
                    wake.await();
                    // resume() moved the schedule by the length of the pause.
                    due += lastDue - before;
                    now = System.nanoTime();
                    continue;
                }
                long wait = due - now;
                if (wait <= 0) {
                    break;
                }
                waitingUntil = due;
                wake.awaitNanos(wait);
                now = System.nanoTime();
            }
            waitingUntil = 0;
            long lag = now - due;
            if (delayNanos > 0 && lag > BEHIND_TOLERANCE_NANOS) {
                lagMillis = TimeUnit.NANOSECONDS.toMillis(lag);
                behindCount++;
                publishLater = new StreamEvent.Behind(seq, lagMillis);
            } else {
                lagMillis = 0;
            }
            lastDue = due;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
            StreamEvent e = publishLater;
            if (e != null) {
                publishLater = null;
                publish(e);
            }
        }
    }

    /** Writes what the sinks hold; engine thread only. */
    private void flushHeld(List<Sink> out, long seq) {
        for (Sink sink : out) {
            if (sink instanceof FileSink f && f.holding()) {
                try {
                    f.flush();
                } catch (IOException | RuntimeException e) {
                    sink.failed(e);
                    publish(new StreamEvent.SinkFailed(sink.name, seq, String.valueOf(e.getMessage())));
                }
            }
        }
    }

    /** Engine thread only: an event to publish once the lock is released. */
    private StreamEvent publishLater;

    private void publish(StreamEvent event) {
        Consumer<StreamEvent> l = listener;
        if (l != null) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                Log.LOG.warn("A stream listener failed: {}", e.toString());
            }
        }
        events.add(event);
    }
}
