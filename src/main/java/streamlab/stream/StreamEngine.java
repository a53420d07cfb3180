package streamlab.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Thread-safe. Replays a CSV file as a stream: one named thread ({@code stream-engine}) per run reads records, waits
 * for their turn, formats them and hands them to every sink. Controls (start, pause, resume, step, stop, restart) may
 * be called from any thread. Start, restart and stop are serialised by one control lock, and each start makes a new
 * {@link StreamRun} that holds all of that run's state; a stop issued after a start always stops that run, even while
 * it is still opening its sinks, and returns within a second. Events go to an optional synchronous listener (on the
 * engine thread) and to a bounded buffer that a UI drains; when the buffer is full the oldest events are dropped,
 * never the records themselves.
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
    static final class Log {
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

    /** Serialises start, restart and stop, so two starts never run side by side and a stop never overtakes one. */
    private final ReentrantLock control = new ReentrantLock();
    /** Written under {@link #control}; the latest run, also while it is opening its sinks. Null before the first. */
    private volatile StreamRun current;
    /** Guarded by {@link #control}; the configuration of the last start, for {@link #restart()}. */
    private StreamConfig lastConfig;
    /** Guarded by {@link #control}. */
    private long runs;

    private final EventRing events = new EventRing(EVENT_CAPACITY);
    private volatile Consumer<StreamEvent> listener;
    private volatile CsvInfo info;

    /** Sets a listener called on the engine thread for every event; it must return quickly. */
    public void setListener(Consumer<StreamEvent> listener) {
        this.listener = listener;
    }

    /**
     * Checks the file, the format and the sinks, then starts streaming. Every user mistake is a
     * {@link StreamInputException} thrown here, before any record is sent. A run in progress is stopped first. When a
     * stop arrives while the sinks are opening, the run ends STOPPED before its first record.
     *
     * @param startPaused start in the paused state (then {@link #step()} sends records one at a time)
     */
    public CsvInfo start(StreamConfig config, boolean startPaused) throws StreamInputException {
        control.lock();
        try {
            stopCurrent();
            if (config.sinks().isEmpty()) {
                throw new StreamInputException(
                        "No output is switched on. Choose at least one of file, UDP, TCP, Kafka or log.");
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
                } else if (spec instanceof SinkSpec.Kafka k && k.keyColumn() != null
                        && !csvInfo.columns().contains(k.keyColumn())) {
                    throw new StreamInputException("The Kafka key column '" + k.keyColumn() + "' is not in the file."
                            + " Columns are: " + String.join(", ", csvInfo.columns()) + ". Name one of them, or"
                            + " leave the key out to spread the records over the partitions in turn.");
                }
            }
            events.clear();
            StreamRun run = new StreamRun(++runs, config, startPaused, this::publish);
            info = csvInfo;
            // Published before the sinks open, so a stop from another thread reaches this run at once.
            StreamRun previous = current;
            current = run;
            boolean opened;
            try {
                opened = run.openSinks(csvInfo.columns());
            } catch (StreamInputException | RuntimeException e) {
                // A refused start leaves no run behind: the engine shows what it showed before.
                current = previous;
                throw e;
            }
            lastConfig = config;
            if (opened) {
                run.startThread(source, formatter, stampColumn);
                Log.LOG.info("Streaming {} ({}, {}) to {}", config.csv().file(), config.pacing().describe(),
                        config.format().describe(), run.snapshot().sinks().stream().map(SinkStats::name).toList());
            }
            return csvInfo;
        } finally {
            control.unlock();
        }
    }

    public CsvInfo start(StreamConfig config) throws StreamInputException {
        return start(config, false);
    }

    /** Starts the last configuration again from the first record. */
    public CsvInfo restart() throws StreamInputException {
        StreamConfig c;
        control.lock();
        try {
            c = lastConfig;
            if (c == null) {
                throw new StreamInputException("Nothing to restart: start a stream first.");
            }
            // The lock is reentrant: no other start or stop can come between.
            return start(c, false);
        } finally {
            control.unlock();
        }
    }

    public void pause() {
        StreamRun r = current;
        if (r != null) {
            r.pause();
        }
    }

    public void resume() {
        StreamRun r = current;
        if (r != null) {
            r.resume();
        }
    }

    /** Sends the next record now, running or paused; does nothing when no run is active. */
    public void step() {
        StreamRun r = current;
        if (r != null) {
            r.step();
        }
    }

    /**
     * Stops the run and returns once the engine thread has ended, within a second. Called on the engine thread itself
     * (from a listener), it only asks for the stop.
     */
    public void stop() {
        StreamRun r = current;
        if (r == null) {
            return;
        }
        // Asked before taking the control lock: a start still opening its sinks (a first TCP attempt) sees it now.
        r.requestStop();
        if (r.thread() == Thread.currentThread()) {
            return;
        }
        control.lock();
        try {
            stopCurrent();
        } finally {
            control.unlock();
        }
    }

    /** Call only when holding {@link #control}. */
    private void stopCurrent() {
        StreamRun r = current;
        if (r != null) {
            r.stopAndJoin();
        }
    }

    /** Waits until the run ends by itself or is stopped; true if it ended within the timeout. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        StreamRun r = current;
        Thread t = r == null ? null : r.thread();
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

    /** The latest run's state, or {@link StreamSnapshot#IDLE} before the first start; lock-free, safe on the FX thread. */
    public StreamSnapshot snapshot() {
        StreamRun r = current;
        return r == null ? StreamSnapshot.IDLE : r.snapshot();
    }

    /** The file being streamed (the last one started), or null. */
    public CsvInfo info() {
        return info;
    }

    @Override
    public void close() {
        stop();
    }

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
