package streamlab.stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.text.Printable;

/** Confined to the engine thread. Logs each message at INFO on the logger {@code streamlab.stream}. */
final class LogSink extends Sink {

    private static final Logger LOG = LogManager.getLogger("streamlab.stream");

    LogSink() {
        super("log streamlab.stream");
    }

    @Override
    void open() {
        // log4j is always ready
    }

    @Override
    void send(String message, byte[] utf8) {
        // The log is read on a terminal: a control character in a CSV field must not act on it.
        LOG.info(Printable.escape(message));
        sent.incrementAndGet();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
