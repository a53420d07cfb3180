package streamlab.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

/** {@code streamlab listen}: Receive UDP datagrams or TCP messages and print one line each. */
@Command(name = "listen", mixinStandardHelpOptions = true,
        description = {"Receive UDP datagrams or TCP messages and print one line each: <ISO time> <from> <text>.",
            "Exit codes: 0 after --count messages, 1 on --timeout, 2 for a usage or network error."})
public final class ListenCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "udp|tcp", description = "The protocol to listen on.")
    String protocol;

    @Parameters(index = "1", paramLabel = "PORT", description = "The port, 1024 to 65535 (0 picks a free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = Addresses.LOOPBACK,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this computer only). 0.0.0.0 accepts "
                    + "traffic from other computers too.")
    String bind;

    @Option(names = "--count", paramLabel = "N", description = "Stop with exit code 0 after N messages.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
            description = "Give up with exit code 1 after this long, e.g. 500ms, 10s, 1m.")
    Duration timeout;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write each line to FILE.")
    Path out;

    @Option(names = "--raw", description = "TCP only: print each chunk as read instead of one line per message.")
    boolean raw;

    @Override
    public Integer call() {
        Protocol proto = NetCli.protocol(protocol);
        if (count != null && count < 1) {
            throw new CliErrors.UserError("--count must be at least 1, not " + count + ".");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Addresses.wildcardWarning(bind).ifPresent(stderr::println);
        // Bounded: if printing falls behind, the listener thread waits (TCP then slows its sender).
        BlockingQueue<Message> queue = new ArrayBlockingQueue<>(10_000);
        TrafficLog log = new TrafficLog(16);
        Runnable stop;
        int actualPort;
        try {
            if (proto == Protocol.UDP) {
                UdpListener l = UdpListener.open(bind, port, log, m -> put(queue, m));
                stop = l::close;
                actualPort = l.port();
            } else {
                TcpServer s = TcpServer.open(bind, port, raw ? Framing.RAW : Framing.NEWLINE,
                        TcpServer.DEFAULT_MAX_MESSAGE, log, m -> put(queue, m));
                stop = s::close;
                actualPort = s.port();
            }
        } catch (NetError e) {
            throw NetCli.userError(e);
        }
        try (BufferedWriter file = out == null ? null : openOut(out)) {
            stderr.println("Listening on " + proto.name().toLowerCase() + " " + bind + ":" + actualPort
                    + (count == null ? "" : count == 1 ? ", until 1 message arrives"
                            : ", until " + count + " messages arrive")
                    + (timeout == null ? "" : ", for at most " + timeout.toMillis() + " ms") + ".");
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            int n = 0;
            while (count == null || n < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stderr.println("Timed out after " + timeout.toMillis() + " ms: " + n + " message"
                            + (n == 1 ? "" : "s") + " arrived.");
                    return CliErrors.FAILED;
                }
                Message m = queue.poll(Math.min(left, 200_000_000L), TimeUnit.NANOSECONDS);
                if (m == null) {
                    continue;
                }
                String line = Instant.ofEpochMilli(m.timeMs()) + " " + m.from() + " " + NetCli.oneLine(m.text())
                        + (m.truncated() ? " [truncated]" : "");
                stdout.println(line);
                if (file != null) {
                    file.write(line);
                    file.newLine();
                    file.flush();
                }
                n++;
            }
            return CliErrors.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CliErrors.FAILED;
        } catch (IOException e) {
            throw new CliErrors.UserError("Could not write " + out + ": " + e.getMessage()
                    + ". Check that the folder exists and is writable.", e);
        } finally {
            stop.run();
        }
    }

    private static BufferedWriter openOut(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private static void put(BlockingQueue<Message> queue, Message m) {
        try {
            queue.put(m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
