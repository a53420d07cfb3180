package streamlab.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import streamlab.net.Addresses;
import streamlab.net.Framing;
import streamlab.net.Message;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.net.TcpServer;
import streamlab.net.TrafficLog;
import streamlab.net.UdpListener;
import streamlab.text.Printable;

/** {@code streamlab listen}: Receive UDP datagrams or TCP messages and print one line each. */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Receive UDP datagrams or TCP messages and print one line each: <ISO time> <from> <text>. "
            + "Control characters in the text are shown as escapes such as \\e and \\x07.",
            "Listens on 127.0.0.1 (this computer only) unless --bind says otherwise.",
            "When it stops (after --count, --timeout, Ctrl-C or a closed output pipe) it prints one summary line on "
            + "standard error.",
            "Exit codes: 0 after --count messages, 1 on --timeout or when standard output is closed, 2 for a usage "
            + "or network error."})
public final class ListenCommand implements Callable<Integer> {

    /** How long a shutdown hook waits for the main thread to print the summary before printing it itself. */
    private static final long SHUTDOWN_WAIT_MS = 3000;
    /** How long stopping waits for the listener's threads, which end within a second. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NetCli.ProtocolParameter protocol;

    @Parameters(index = "1", paramLabel = "PORT", description = "The port, 1024 to 65535 (0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = Addresses.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this computer only). 0.0.0.0 accepts "
                    + "traffic from other computers too.")
    String bind;

    @Option(names = "--count", paramLabel = "N", description = "Stop with exit code 0 after N messages.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
            description = "Give up with exit code 1 after this long, a number with a unit: 500ms, 10s, 1m.")
    Duration timeout;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write each line to FILE.")
    Path out;

    @Option(names = "--raw", description = "TCP only: print each chunk as read instead of one line per message.")
    boolean raw;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + TcpServer.DEFAULT_MAX_CONNECTIONS,
            description = "TCP only: the most clients connected at once (default: ${DEFAULT-VALUE}); one more is "
                    + "closed at once and a line on standard error says so.")
    int maxConnections;

    /** A line about a connection, printed on standard error in its place among the messages. */
    private record Notice(String text) {
    }

    /** Messages and bytes printed so far. Thread-safe. */
    private static final class Tally {
        final AtomicLong messages = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
    }

    /** How the listening ended; each has its own summary line. */
    private enum End { COUNT, TIMEOUT, SIGNAL, OUTPUT_CLOSED }

    @Override
    public Integer call() {
        Protocol proto = protocol.protocol();
        if (count != null && count < 1) {
            throw new CliErrors.UserError("--count must be at least 1, not " + count + ".");
        }
        if (maxConnections < 1) {
            throw new CliErrors.UserError("--max-connections must be at least 1, not " + maxConnections + ".");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Addresses.wildcardWarning(bind).ifPresent(stderr::println);
        // Bounded: if printing falls behind, the listener thread waits (TCP then slows its sender).
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(10_000);
        AtomicBoolean discard = new AtomicBoolean();
        TrafficLog log = new TrafficLog(16);
        Runnable stop;
        int actualPort;
        try {
            if (proto == Protocol.UDP) {
                UdpListener l = UdpListener.open(bind, port, log, m -> put(queue, m, discard));
                // Waits for the listener thread, so nothing is handed over after the summary is printed.
                stop = () -> {
                    l.close();
                    l.awaitClosed(STOP_WAIT);
                };
                actualPort = l.port();
            } else {
                TcpServer s = TcpServer.open(bind, port, raw ? Framing.RAW : Framing.NEWLINE,
                        TcpServer.DEFAULT_MAX_MESSAGE, maxConnections, log, m -> put(queue, m, discard),
                        text -> put(queue, new Notice(text), discard));
                stop = () -> {
                    s.close();
                    s.awaitClosed(STOP_WAIT);
                };
                actualPort = s.port();
            }
        } catch (NetError e) {
            throw NetCli.userError(e);
        }
        long start = System.nanoTime();
        AtomicBoolean stopRequested = new AtomicBoolean();
        AtomicBoolean summarized = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Written by the main thread; read by the shutdown hook only if the main thread fails to finish in time.
        Tally tally = new Tally();
        // Ctrl-C and SIGTERM run shutdown hooks while the main thread is still listening: the hook asks it to stop
        // and waits for its summary, so the summary is printed whole, once, after every message before it.
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            try {
                if (!finished.await(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS) && summarized.compareAndSet(false, true)) {
                    stderr.println(summaryLine(End.SIGNAL, tally, start));
                    stderr.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "listen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        BufferedWriter file = null;
        try {
            file = out == null ? null : openOut(out);
            stderr.println("Listening on " + proto.name().toLowerCase(Locale.ROOT) + " " + Printable.escape(bind)
                    + ":" + actualPort + (count == null ? "" : count == 1 ? ", until 1 message arrives"
                            : ", until " + count + " messages arrive")
                    + (timeout == null ? "" : ", for at most " + timeout.toMillis() + " ms") + ".");
            long deadline = timeout == null ? Long.MAX_VALUE : start + timeout.toNanos();
            End end = null;
            while (end == null) {
                if (count != null && tally.messages.get() >= count) {
                    end = End.COUNT;
                    break;
                }
                if (stopRequested.get()) {
                    end = End.SIGNAL;
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    end = End.TIMEOUT;
                    break;
                }
                Object item = queue.poll(Math.min(left, 100_000_000L), TimeUnit.NANOSECONDS);
                if (item != null && !print(item, stdout, stderr, file, tally)) {
                    end = End.OUTPUT_CLOSED;
                }
            }
            if (end == End.SIGNAL) {
                // Stop taking more, then print what arrived before the signal rather than drop it with the queue.
                stop.run();
                discard.set(true);
                for (Object item = queue.poll(); item != null; item = queue.poll()) {
                    if (!print(item, stdout, stderr, file, tally)) {
                        break;
                    }
                }
            }
            discard.set(true);
            queue.clear();
            stop.run();
            if (summarized.compareAndSet(false, true)) {
                stderr.println(summaryLine(end, tally, start));
                stderr.flush();
            }
            return end == End.COUNT || end == End.SIGNAL ? CliErrors.OK : CliErrors.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CliErrors.FAILED;
        } catch (IOException e) {
            throw new CliErrors.UserError("Could not write " + Printable.escape(String.valueOf(out)) + ": "
                    + Printable.escape(String.valueOf(e.getMessage()))
                    + ". Check that the folder exists and is writable.", e);
        } finally {
            discard.set(true);
            queue.clear();
            stop.run();
            closeQuietly(file);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook is running and has just been released.
            }
        }
    }

    /**
     * Prints one message or notice; false when standard output is closed (a pipe whose reader went away), which
     * {@link PrintWriter} reports only through {@link PrintWriter#checkError()}.
     */
    private boolean print(Object item, PrintWriter stdout, PrintWriter stderr, BufferedWriter file, Tally tally)
            throws IOException {
        if (item instanceof Notice n) {
            stderr.println(Printable.escape(n.text()));
            return true;
        }
        Message m = (Message) item;
        if (m.incomplete()) {
            // Not a message: the sender closed part way through a line. Shown apart so it is never taken for one.
            stderr.println("incomplete message from " + m.from() + " (no newline before the connection closed; not "
                    + "counted): " + NetCli.oneLine(m.text()));
            return true;
        }
        String line = Instant.ofEpochMilli(m.timeMs()) + " " + m.from() + " " + NetCli.oneLine(m.text())
                + (m.truncated() ? " [truncated]" : "");
        stdout.println(line);
        if (file != null) {
            file.write(line);
            file.newLine();
            file.flush();
        }
        if (stdout.checkError()) {
            return false;
        }
        tally.messages.incrementAndGet();
        tally.bytes.addAndGet(m.data().length);
        return true;
    }

    private String summaryLine(End end, Tally tally, long startNanos) {
        long messages = tally.messages.get();
        String what = messages + " message" + (messages == 1 ? "" : "s") + " (" + tally.bytes.get() + " bytes)";
        String after = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
        return switch (end) {
            case COUNT -> "Done: " + what + " arrived in " + after + ".";
            case TIMEOUT -> "Timed out after " + timeout.toMillis() + " ms: " + messages + " message"
                    + (messages == 1 ? "" : "s") + " arrived.";
            case SIGNAL -> "Stopped by a signal after " + after + ": " + what + " arrived.";
            case OUTPUT_CLOSED -> "Stopped after " + after + ": standard output was closed (broken pipe); " + what
                    + " printed before it.";
        };
    }

    private static BufferedWriter openOut(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(BufferedWriter w) {
        if (w == null) {
            return;
        }
        try {
            w.close();
        } catch (IOException e) {
            // Every line was flushed as it was written, so nothing is lost here.
        }
    }

    /** Waits for room, unless the command has stopped listening: then nothing is waiting for the message. */
    private static void put(BlockingQueue<Object> queue, Object item, AtomicBoolean discard) {
        try {
            while (!discard.get()) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
