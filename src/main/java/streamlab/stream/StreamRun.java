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

/**
 * Thread-safe. Everything one start of the {@link StreamEngine} owns: its configuration, its sinks, its engine thread,
 * its counters and its state. A new run is made per start, so nothing a previous run left behind (a late state, a
 * counter, a sink) can leak into the next one. The sinks are confined to the thread that opens them until the engine
 * thread starts, then to the engine thread, which alone closes them; other threads may only {@link TcpSink#abort()}.
 */
final class StreamRun {

    /** Guards the control state below and {@link #wake}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled by every control, so a pacing wait ends early. */
    private final Condition wake = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private StreamState state;
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
    /** Guarded by {@link #lock}; the sinks opened so far, in the order of the configuration once all are open. */
    private List<Sink> sinks = new ArrayList<>();
    /** Guarded by {@link #lock}. */
    private Thread thread;

    /**
     * Immutable. The control state above as readers see it, replaced under {@link #lock} whenever it changes, so
     * {@link #snapshot()} (the UI's frame tick, on the FX thread) reads one consistent view without ever parking.
     */
    private record View(StreamState state, boolean paused, long pausedAt, long pausedTotal, long waitingUntil,
            List<Sink> sinks) {
    }

    /** The latest {@link View}; written under the lock only. */
    private volatile View view;

    /** A copy of {@link #paused} that the engine thread reads without the lock, to write held records before a wait. */
    private volatile boolean pausedHint;

    final long id;
    final StreamConfig config;
    private final Consumer<StreamEvent> publisher;

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

    /** One method reference for the per-record {@link Sink#reportLate} call, instead of one per record. */
    private final Consumer<StreamEvent> publishRef = this::publish;

    /** Engine thread only: an event to publish once the lock is released. */
    private StreamEvent publishLater;

    StreamRun(long id, StreamConfig config, boolean startPaused, Consumer<StreamEvent> publisher) {
        this.id = id;
        this.config = config;
        this.publisher = publisher;
        this.state = startPaused ? StreamState.PAUSED : StreamState.RUNNING;
        this.paused = startPaused;
        this.pausedHint = startPaused;
        republish();
    }

    /** Publishes the control state for lock-free readers; call with {@link #lock} held after every change. */
    private void republish() {
        view = new View(state, paused, pausedAt, pausedTotal, waitingUntil, List.copyOf(sinks));
    }

    /** Sets {@link #waitingUntil} under the lock, publishing only a change, so an unpaced record publishes nothing. */
    private void setWaitingUntil(long due) {
        if (waitingUntil != due) {
            waitingUntil = due;
            republish();
        }
    }

    /**
     * Opens the sinks on the calling thread; returns false, with every sink closed and the state STOPPED, when a stop
     * came in meanwhile. Files are opened last: a refused start (nobody listening on TCP) must not have emptied an
     * output file.
     */
    boolean openSinks(List<String> columns) throws StreamInputException {
        Sink[] inOrder = new Sink[config.sinks().size()];
        List<Sink> opened = new ArrayList<>();
        try {
            for (boolean files : new boolean[] {false, true}) {
                for (int i = 0; i < inOrder.length; i++) {
                    SinkSpec spec = config.sinks().get(i);
                    if (spec instanceof SinkSpec.File == files) {
                        if (isStopRequested()) {
                            return abandon(opened);
                        }
                        Sink sink = Sink.create(spec, columns);
                        sink.open();
                        opened.add(sink);
                        inOrder[i] = sink;
                        lock.lock();
                        try {
                            sinks.add(sink);
                            republish();
                            if (stopRequested && sink instanceof TcpSink t) {
                                t.abort();
                            }
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                if (!files) {
                    for (Sink sink : opened) {
                        if (sink instanceof TcpSink t && t.spec().mustConnect() && !t.awaitFirstAttempt()) {
                            if (isStopRequested()) {
                                return abandon(opened);
                            }
                            throw new StreamInputException("Nobody is listening at tcp " + t.spec().host() + ":"
                                    + t.spec().port() + " (" + t.lastError + "). Start a listener first, for"
                                    + " example 'streamlab listen tcp " + t.spec().port() + "', then stream again.");
                        }
                    }
                }
            }
        } catch (StreamInputException | RuntimeException e) {
            closeAll(opened);
            throw e;
        } catch (InterruptedException e) {
            closeAll(opened);
            Thread.currentThread().interrupt();
            throw new StreamInputException("Interrupted while connecting the outputs.");
        }
        boolean stop;
        lock.lock();
        try {
            stop = stopRequested;
            if (!stop) {
                sinks = List.of(inOrder);
                republish();
            }
        } finally {
            lock.unlock();
        }
        if (stop) {
            return abandon(opened);
        }
        return true;
    }

    private boolean abandon(List<Sink> opened) {
        closeAll(opened);
        lock.lock();
        try {
            state = StreamState.STOPPED;
            republish();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        long now = System.nanoTime();
        startNanos = now;
        endNanos = now;
        publish(new StreamEvent.Finished(StreamState.STOPPED, 0, "stopped",
                opened.stream().map(Sink::stats).toList(), id));
        return false;
    }

    private static void closeAll(List<Sink> opened) {
        for (Sink s : opened) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // already failing to start: the start's own error is the one to report
            }
        }
    }

    /** Starts the engine thread; the sinks belong to it from here on. */
    void startThread(CsvSource source, RecordFormat.Formatter formatter, int stampColumn) {
        total = source.info().totalRecords();
        lock.lock();
        try {
            startNanos = System.nanoTime();
            pausedAt = startNanos;
            republish();
            Thread t = new Thread(() -> run(source, formatter, stampColumn), "stream-engine");
            t.setDaemon(true);
            thread = t;
            t.start();
        } finally {
            lock.unlock();
        }
    }

    /** Asks the run to stop; returns at once. May be called from any thread, also while the sinks are opening. */
    void requestStop() {
        lock.lock();
        try {
            stopRequested = true;
            wake.signalAll();
            if (thread == null) {
                // Still opening: a first TCP connection attempt must not hold the stop up for seconds.
                for (Sink s : sinks) {
                    if (s instanceof TcpSink t) {
                        t.abort();
                    } else if (s instanceof KafkaSink k) {
                        k.abort();
                    }
                }
            } else {
                // Records still on their way to Kafka get a moment, not the whole delivery timeout.
                for (Sink s : sinks) {
                    if (s instanceof KafkaSink k) {
                        k.stopSoon();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the run and waits for its thread, within about 0.9 s. A TCP peer that stopped reading can block a write
     * for ever; aborting that socket (the one thing safe from another thread) ends the write, and the engine thread
     * then closes every sink itself.
     */
    void stopAndJoin() {
        requestStop();
        Thread t = thread();
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(250);
            if (t.isAlive()) {
                for (Sink s : sinks()) {
                    if (s instanceof TcpSink tcp) {
                        tcp.abort();
                    } else if (s instanceof KafkaSink k) {
                        // A send blocked on metadata or buffer space returns once the producer closes.
                        k.abort();
                    }
                }
                // The engine thread then closes its sinks; a TCP connector still inside connect() takes up to 0.3 s.
                t.join(650);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Thread thread() {
        lock.lock();
        try {
            return thread;
        } finally {
            lock.unlock();
        }
    }

    private List<Sink> sinks() {
        lock.lock();
        try {
            return List.copyOf(sinks);
        } finally {
            lock.unlock();
        }
    }

    void pause() {
        lock.lock();
        try {
            if (state == StreamState.RUNNING) {
                paused = true;
                pausedHint = true;
                pausedAt = System.nanoTime();
                state = StreamState.PAUSED;
                republish();
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void resume() {
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
                republish();
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void step() {
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

    /** Lock-free: reads the published {@link View} and the engine's volatile counters; never parks the caller. */
    StreamSnapshot snapshot() {
        long now = System.nanoTime();
        View v = view;
        StreamState s = v.state();
        long pausedNow = v.pausedTotal() + (v.paused() && s.isActive() ? now - v.pausedAt() : 0);
        long nextIn = v.waitingUntil() == 0 || v.paused() ? 0 : Math.max(0, v.waitingUntil() - now);
        List<Sink> current = v.sinks();
        long start = startNanos;
        long end = endNanos != 0 ? endNanos : now;
        List<SinkStats> stats = current.stream().map(Sink::stats).toList();
        return new StreamSnapshot(s, sent.get(), skipped, badRows, total, cycle,
                Double.longBitsToDouble(progressBits.get()), start == 0 ? 0 : Math.max(0, end - start - pausedNow),
                nextIn, lagMillis, behindCount, currentIndex.get(), stats, error, id);
    }

    private void run(CsvSource source, RecordFormat.Formatter formatter, int stampColumn) {
        StreamConfig c = config;
        List<Sink> out = sinks();
        StreamState end = StreamState.FINISHED;
        String reason = "end of file";
        Random random = new Random();
        int columns = source.info().columns().size();
        String previousStamp = null;
        long seq = 0;
        // True while the outputs take record number seq, so a failure then names that record and does not count it.
        boolean sending = false;
        try {
            for (Sink sink : out) {
                // The first record waits for the first connection attempt instead of being dropped while the
                // connection opens. A stop aborts the socket, which ends this wait.
                if (sink instanceof TcpSink t) {
                    t.awaitFirstAttempt();
                } else if (sink instanceof KafkaSink k) {
                    k.awaitFirstAttempt();
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
                        long sentAtMillis = System.currentTimeMillis();
                        seq++;
                        sending = true;
                        for (Sink sink : out) {
                            try {
                                sink.send(r, seq, message, utf8);
                            } catch (IOException | RuntimeException e) {
                                // A sink's own fault stays with that sink: the others and the stream carry on.
                                sink.failed(e);
                                publish(new StreamEvent.SinkFailed(sink.name, seq, String.valueOf(e.getMessage())));
                            }
                            sink.reportLate(publishRef);
                        }
                        sent.lazySet(seq);
                        sending = false;
                        currentIndex.lazySet(r.index());
                        progressBits.lazySet(Double.doubleToRawLongBits(cursor.progress()));
                        publish(new StreamEvent.Sent(seq, pass, r, message, sentAtMillis));
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
            StreamEngine.Log.LOG.warn("Stream failed: {}", reason);
        } catch (Throwable e) {
            // An Error (out of memory on a huge row, a stack overflow) ends the run; it must not look like success.
            end = StreamState.FAILED;
            if (sending) {
                // The record in hand was counted before its outputs took it; it is not sent.
                seq--;
            }
            reason = "the stream engine failed at record " + (seq + 1) + ": " + e;
            error = reason;
            StreamEngine.Log.LOG.error("Stream failed: {}", reason);
            StreamEngine.Log.LOG.debug("Stream failure trace", e);
        } finally {
            for (Sink sink : out) {
                // Whatever went wrong above, every sink is closed, here on its owner thread, and the state is set.
                try {
                    sink.flush();
                } catch (Throwable e) {
                    sink.failed(e instanceof Exception x ? x : new IOException(e.toString(), e));
                    publish(new StreamEvent.SinkFailed(sink.name, seq, String.valueOf(e.getMessage())));
                }
                try {
                    sink.close();
                } catch (Throwable e) {
                    StreamEngine.Log.LOG.warn("Closing {} failed: {}", sink.name, e.toString());
                }
                // Deliveries that failed late, and records the closing output could not deliver, before the end.
                sink.reportLate(publishRef);
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
                republish();
                wake.signalAll();
            } finally {
                lock.unlock();
            }
            List<SinkStats> stats = out.stream().map(Sink::stats).toList();
            publish(new StreamEvent.Finished(end, seq, reason, stats, id));
            StreamEngine.Log.LOG.info("Stream {}: {} records sent ({})",
                    end.name().toLowerCase(java.util.Locale.ROOT), seq, reason);
        }
    }

    boolean isStopRequested() {
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
                    setWaitingUntil(0);
                    return true;
                }
                if (paused) {
                    setWaitingUntil(0);
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
                setWaitingUntil(due);
                wake.awaitNanos(wait);
                now = System.nanoTime();
            }
            setWaitingUntil(0);
            long lag = now - due;
            if (delayNanos > 0 && lag > StreamEngine.BEHIND_TOLERANCE_NANOS) {
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

    private void publish(StreamEvent event) {
        publisher.accept(event);
    }
}
