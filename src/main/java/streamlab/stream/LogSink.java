package streamlab.stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

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
        LOG.info(message);
        sent.incrementAndGet();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
