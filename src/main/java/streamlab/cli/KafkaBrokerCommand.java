package streamlab.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamlab.StreamLabInfo;
import streamlab.kafka.BrokerException;
import streamlab.kafka.BrokerSettings;
import streamlab.kafka.KafkaBroker;
import streamlab.text.Printable;

/**
 * {@code streamlab kafka broker}: the built-in Kafka broker in the foreground, until Ctrl-C. Confined to the CLI's
 * main thread; its {@code kafka-broker-shutdown} hook only counts down a latch and waits for the main thread.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run the built-in Kafka broker (Apache Kafka, KRaft mode, one node) in the foreground.",
            "When clients can connect it prints one line on standard output; progress goes to standard error. "
            + "Ctrl-C (or SIGTERM) stops it cleanly, with exit code 0. Topics, messages and committed offsets stay "
            + "in the data folder for the next start.",
            "--reset wipes the data folder (all topics and offsets) and exits; it asks first on a terminal, and "
            + "needs --yes otherwise.",
            "Exit codes: 0 stopped by Ctrl-C or reset done, 1 the broker failed (a damaged data folder: --reset "
            + "wipes it) or a reset was declined, 2 a mistake you can fix (a port in use, a data folder that "
            + "cannot be written)."})
public final class KafkaBrokerCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the broker to stop before the process ends anyway. */
    private static final long STOP_WAIT_MS = 30_000;
    /** How often the foreground loop checks whether the broker stopped on its own. */
    private static final long WATCH_MS = 200;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + BrokerSettings.DEFAULT_PORT,
            description = "The client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "The data folder (default: kafka in the output folder, out/kafka).")
    Path dir;

    @Option(names = "--any-interface",
            description = "Listen on every network interface, not only on this computer (localhost).")
    boolean anyInterface;

    @Option(names = "--reset", description = "Wipe all topics and committed offsets in the data folder, then exit.")
    boolean reset;

    @Option(names = "--yes", description = "With --reset: do not ask (needed without a terminal).")
    boolean yes;

    @Override
    public Integer call() {
        if (port < 1 || port > 65535) {
            throw new CliErrors.OptionError("--port must be 1 to 65535, not " + port + ".");
        }
        if (yes && !reset) {
            throw new CliErrors.OptionError("--yes confirms --reset; add --reset, or leave out --yes.");
        }
        Path folder = dir != null ? dir : BrokerSettings.defaults(StreamLabInfo.outDir()).dir();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (reset) {
            return reset(folder, err);
        }
        BrokerSettings settings = new BrokerSettings(port, folder, anyInterface);
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C and SIGTERM start the JVM's shutdown: the hook asks the main thread to stop the broker, waits for
        // it, and ends the process with 0, since stopping is how a foreground broker is meant to end.
        boolean logsOurs = KafkaCli.takeOverLogShutdown();
        kafkaLogsToFileOnly();
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                boolean done = finished.await(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
                err.flush();
                out.flush();
                if (logsOurs) {
                    LogManager.shutdown();
                }
                Runtime.getRuntime().halt(done ? CliErrors.OK : CliErrors.FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        KafkaBroker broker = null;
        try {
            broker = KafkaBroker.start(settings, step -> {
                err.println(Printable.escape(step));
                err.flush();
            });
            String where = broker.bootstrap() + (anyInterface ? " (listening on every interface)" : "");
            out.println("Kafka broker ready on " + where + " (data in " + Printable.escape(folder.toString())
                    + "); Ctrl-C stops it");
            out.flush();
            while (!stopRequested.await(WATCH_MS, TimeUnit.MILLISECONDS)) {
                String fault = broker.fault();
                if (fault != null) {
                    broker.close();
                    return KafkaCli.failed(spec.commandLine(), fault);
                }
            }
            broker.close();
            err.println("Kafka broker stopped; topics and offsets are kept in " + Printable.escape(folder.toString()));
            err.flush();
            return CliErrors.OK;
        } catch (BrokerException e) {
            return switch (e.kind()) {
                case PORT_BUSY, DATA_FOLDER -> throw new CliErrors.UserError(Printable.escape(e.getMessage()), e);
                case CORRUPT_DATA, FAILED -> KafkaCli.failed(spec.commandLine(), e.getMessage());
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CliErrors.FAILED;
        } finally {
            if (broker != null) {
                broker.close();
            }
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running and ends the process now that the broker stopped.
            }
        }
    }

    /**
     * The broker's own error lines (with stack traces) go to the log file only: this command reports a fault in one
     * line of its own, which names the fix.
     */
    private static void kafkaLogsToFileOnly() {
        if (LogManager.getContext(false) instanceof LoggerContext ctx) {
            Configuration config = ctx.getConfiguration();
            for (String name : List.of("org.apache.kafka", "kafka")) {
                LoggerConfig logger = config.getLoggerConfig(name);
                if (logger.getName().equals(name)) {
                    logger.removeAppender("console");
                }
            }
            ctx.updateLoggers();
        }
    }

    private int reset(Path folder, PrintWriter err) {
        String shown = Printable.escape(folder.toString());
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                throw new CliErrors.OptionError("--reset wipes all topics and offsets in " + shown
                        + "; add --yes to confirm, since there is no terminal to ask on.");
            }
            String answer = console.readLine("Wipe all topics and offsets in %s? [y/N] ", shown);
            if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
                err.println("Nothing wiped: " + shown + " is as it was.");
                err.flush();
                return CliErrors.FAILED;
            }
        }
        try {
            KafkaBroker.reset(folder);
        } catch (IOException e) {
            throw new CliErrors.UserError("cannot reset: " + Printable.escape(String.valueOf(e.getMessage())), e);
        }
        err.println("Wiped " + shown + ": no topics, no offsets. Start a fresh broker with streamlab kafka broker"
                + (dir != null ? " --dir " + shown : "") + ".");
        err.flush();
        return CliErrors.OK;
    }
}
