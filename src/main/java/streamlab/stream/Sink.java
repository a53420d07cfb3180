package streamlab.stream;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Thread-safe counters; {@link #send} is confined to the engine thread. One destination for messages. A failure is
 * counted and reported, and never stops the other sinks.
 */
abstract class Sink implements AutoCloseable {

    final String name;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    volatile String lastError = "";

    Sink(String name) {
        this.name = name;
    }

    /** Opens the destination; throws for a mistake the user must fix before the start (bad path, unknown host). */
    abstract void open() throws StreamInputException;

    /** Delivers one message; {@code utf8} is its bytes without a line ending. */
    abstract void send(String message, byte[] utf8) throws IOException;

    /**
     * Delivers record number {@code seq} (1-based in the run); a sink that needs the record itself (a message key)
     * overrides this one.
     */
    void send(CsvRecord record, long seq, String message, byte[] utf8) throws IOException {
        send(message, utf8);
    }

    /**
     * Publishes the failures found since the last call that were not thrown from {@link #send}: a sink that delivers
     * in the background (Kafka) learns of them later. Engine thread only.
     */
    void reportLate(Consumer<StreamEvent> publish) {
    }

    /** Counts a record that {@link #send} could not deliver. */
    void failed(Exception e) {
        failed.incrementAndGet();
        lastError = String.valueOf(e.getMessage());
    }

    /** Writes out anything batched. */
    void flush() throws IOException {
    }

    String state() {
        return lastError.isEmpty() || failed.get() == 0 ? "ok" : "failing";
    }

    SinkStats stats() {
        return new SinkStats(name, sent.get(), failed.get(), dropped.get(), state(), lastError);
    }

    @Override
    public abstract void close();

    static Sink create(SinkSpec spec, List<String> columns) {
        if (spec instanceof SinkSpec.File f) {
            return new FileSink(f);
        } else if (spec instanceof SinkSpec.Udp u) {
            return new UdpSink(u);
        } else if (spec instanceof SinkSpec.Tcp t) {
            return new TcpSink(t);
        } else if (spec instanceof SinkSpec.Kafka k) {
            return new KafkaSink(k, columns);
        } else {
            return new LogSink();
        }
    }
}
