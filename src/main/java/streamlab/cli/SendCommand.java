package streamlab.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import streamlab.net.Addresses;
import streamlab.net.Framing;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.net.TcpClient;
import streamlab.net.TcpServer;
import streamlab.net.TrafficLog;
import streamlab.net.UdpSender;

/** {@code streamlab send}: Send messages over UDP or TCP. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send messages over UDP or TCP. Each MESSAGE argument is one message (quote one with "
            + "spaces); with --file, each line of the file is one message. Over TCP each message ends with a newline.",
            "Exit codes: 0 sent, 2 for a usage or network error (unknown host, connection refused, too large)."})
public final class SendCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "udp|tcp", description = "The protocol to send with.")
    String protocol;

    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "Where to send, e.g. localhost:9999.")
    String target;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "MESSAGE", description = "Messages to send.")
    List<String> messages = new ArrayList<>();

    @Option(names = "--file", paramLabel = "F", description = "Send each line of this file as one message.")
    Path file;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "Send all the messages N times (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--interval", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "0ms",
            description = "Wait this long between messages, e.g. 100ms or 1s (default: none).")
    Duration interval;

    @Override
    public Integer call() throws InterruptedException {
        Protocol proto = NetCli.protocol(protocol);
        if (count < 1) {
            throw new CliErrors.UserError("--count must be at least 1, not " + count + ".");
        }
        List<String> all = new ArrayList<>(messages);
        if (file != null) {
            all.addAll(readLines(file));
        }
        if (all.isEmpty()) {
            throw new CliErrors.UserError("Nothing to send. Give one or more MESSAGE arguments or --file FILE.");
        }
        long bytes = 0;
        int sent = 0;
        TrafficLog log = new TrafficLog(16);
        try {
            InetSocketAddress to = Addresses.parse(target);
            if (proto == Protocol.UDP) {
                try (UdpSender sender = new UdpSender(log)) {
                    for (int r = 0; r < count; r++) {
                        for (String m : all) {
                            pause(sent);
                            byte[] data = m.getBytes(StandardCharsets.UTF_8);
                            sender.send(to, data);
                            bytes += data.length;
                            sent++;
                        }
                    }
                }
            } else {
                try (TcpClient client = TcpClient.connect(to.getHostString(), to.getPort(), Framing.NEWLINE,
                        TcpServer.DEFAULT_MAX_MESSAGE, log, Duration.ofSeconds(5))) {
                    for (int r = 0; r < count; r++) {
                        for (String m : all) {
                            pause(sent);
                            byte[] data = m.getBytes(StandardCharsets.UTF_8);
                            client.send(data, Duration.ofSeconds(10));
                            bytes += data.length;
                            sent++;
                        }
                    }
                    if (!client.flush(Duration.ofSeconds(10)) && client.failure() != null) {
                        throw client.failure();
                    }
                }
            }
        } catch (NetError e) {
            throw NetCli.userError(e);
        }
        spec.commandLine().getOut().println("Sent " + sent + " message" + (sent == 1 ? "" : "s") + " (" + bytes
                + " bytes) over " + proto + " to " + target + ".");
        return CliErrors.OK;
    }

    private void pause(int sentSoFar) throws InterruptedException {
        if (sentSoFar > 0 && !interval.isZero()) {
            Thread.sleep(interval.toMillis(), (int) (interval.toNanos() % 1_000_000));
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliErrors.UserError("File not found: " + file + ". Check the path.", e);
        } catch (IOException e) {
            throw new CliErrors.UserError("Could not read " + file + ": " + e.getMessage() + ".", e);
        }
    }
}
