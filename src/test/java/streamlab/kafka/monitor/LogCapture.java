package streamlab.kafka.monitor;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects the lines logged through the named loggers' configurations (thread, logger and message), for tests that
 * count log lines. Thread-safe: any thread logs, the test reads copies.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final String[] loggers;

    private LogCapture(String[] loggers) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.loggers = loggers;
    }

    static LogCapture start(String... loggers) {
        LogCapture c = new LogCapture(loggers);
        c.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        for (String l : loggers) {
            cfg.getLoggerConfig(l).addAppender(c, null, null);
        }
        ctx.updateLoggers();
        return c;
    }

    @Override
    public void append(LogEvent event) {
        synchronized (lines) {
            lines.add(event.getThreadName() + " " + event.getLoggerName() + " "
                    + event.getMessage().getFormattedMessage());
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        for (String l : loggers) {
            cfg.getLoggerConfig(l).removeAppender(getName());
        }
        ctx.updateLoggers();
        stop();
    }
}
