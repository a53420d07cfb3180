package streamlab.cli;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
import streamlab.net.UdpListener;
import streamlab.net.UdpSender;
import streamlab.text.Printable;

/** {@code streamlab send}: Send messages over UDP or TCP. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Send messages over UDP or TCP. Each MESSAGE argument is one message (quote one with "
            + "spaces); with --file, each line of the file is one message, read as it is sent. Over TCP each "
            + "message ends with a newline; over UDP each is one datagram.",
            "A line may hold at most 65,507 bytes over UDP and 65,536 bytes over TCP. The file must be UTF-8 text "
            + "unless --binary is given.",
            "Exit codes: 0 everything was written to the socket; 1 the receiver stopped reading (--timeout) or the "
            + "connection failed part way, with a line saying how many messages were sent; 2 for a usage or network "
            + "error (unknown host, connection refused, too large, a bad file)."})
public final class SendCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    NetCli.ProtocolParameter protocol;

    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "Where to send, e.g. localhost:9999.")
    String target;

    @Parameters(index = "2..*", arity = "0..*", paramLabel = "MESSAGE", description = "Messages to send.")
    List<String> messages = new ArrayList<>();

    @Option(names = "--file", paramLabel = "F", description = "Send each line of this file as one message.")
    Path file;

    @Option(names = "--binary", description = "With --file: send each line's bytes as they are, even if they are "
            + "not UTF-8 text (lines are still cut at each newline byte).")
    boolean binary;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "Send all the messages N times (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--interval", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "0ms",
            description = "Wait this long between messages, a number with a unit: 100ms, 1s (default: none).")
    Duration interval;

    @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class, defaultValue = "5s",
            description = "TCP: give up (exit 1) when the receiver has taken no byte for this long, a number with "
                    + "a unit: 500ms, 10s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        Protocol proto = protocol.protocol();
        if (count < 1) {
            throw new CliErrors.UserError("--count must be at least 1, not " + count + ".");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new CliErrors.UserError("--timeout must be longer than 0, such as 5s.");
        }
        if (messages.isEmpty() && file == null) {
            throw new CliErrors.UserError("Nothing to send. Give one or more MESSAGE arguments or --file FILE.");
        }
        if (binary && file == null) {
            throw new CliErrors.UserError("--binary applies to --file only. Add --file FILE, or leave --binary out.");
        }
        int max = proto == Protocol.UDP ? UdpListener.MAX_DATAGRAM : TcpServer.DEFAULT_MAX_MESSAGE;
        List<byte[]> args = new ArrayList<>();
        try {
            for (String m : messages) {
                byte[] data = m.getBytes(StandardCharsets.UTF_8);
                if (proto == Protocol.UDP) {
                    UdpSender.checkSize(data.length);
                } else if (data.length > max) {
                    throw NetError.tooLarge("a TCP message", data.length, max, "Shorten the message.");
                }
                args.add(data);
            }
        } catch (NetError e) {
            throw NetCli.userError(e);
        }
        if (file != null) {
            checkReadable(file);
        }
        // Without a file the number of messages is known before the first is sent, so a stop can say "of N".
        long total = file == null ? (long) args.size() * count : -1;
        TrafficLog log = new TrafficLog(16);
        Out out;
        try {
            InetSocketAddress to = Addresses.parse(target);
            out = proto == Protocol.UDP ? new UdpOut(new UdpSender(log), to)
                    : new TcpOut(TcpClient.connect(to.getHostString(), to.getPort(), Framing.NEWLINE,
                            TcpServer.DEFAULT_MAX_MESSAGE, log, Duration.ofSeconds(5)), timeout);
        } catch (NetError e) {
            throw NetCli.userError(e);
        }
        String where = " over " + proto + " to " + Printable.escape(target);
        CliErrors.UserError badInput = null;
        String stopped = null;
        try {
            int handed = 0;
            send:
            for (int r = 0; r < count; r++) {
                for (byte[] data : args) {
                    pause(handed++);
                    if (!out.send(data)) {
                        stopped = stallText();
                        break send;
                    }
                }
                if (file != null) {
                    try (FileLines lines = new FileLines(file, max, binary, proto)) {
                        for (byte[] data = lines.next(); data != null; data = lines.next()) {
                            pause(handed++);
                            if (!out.send(data)) {
                                stopped = stallText();
                                break send;
                            }
                        }
                    }
                }
            }
            if (stopped == null && !out.finish()) {
                NetError f = out.failure();
                stopped = f != null ? "the connection failed: " + Printable.escape(f.getMessage()) : stallText();
            }
        } catch (CliErrors.UserError e) {
            // A bad line part way through the file: what went before is on its way, and the user must know it.
            out.finish();
            badInput = e;
        } catch (NetError e) {
            stopped = (proto == Protocol.TCP ? "the connection failed: " : "sending failed: ")
                    + Printable.escape(e.getMessage());
        } finally {
            // Closing waits for the writer, so the counts below are final.
            out.close();
        }
        long sent = out.sent();
        String did = sent + (total >= 0 && sent < total ? " of " + total : "") + " message" + (sent == 1 ? "" : "s")
                + " (" + out.sentBytes() + " bytes)";
        if (badInput != null) {
            throw new CliErrors.UserError(badInput.getMessage() + " Sent " + did + " before it.", badInput);
        }
        if (stopped != null) {
            spec.commandLine().getErr().println("streamlab send: Sent " + did + where + " before " + stopped
                    + (total >= 0 && sent < total ? " The other " + (total - sent) + " were not sent." : ""));
            return CliErrors.FAILED;
        }
        spec.commandLine().getOut().println("Sent " + did + where + ".");
        return CliErrors.OK;
    }

    private String stallText() {
        return "the receiver stopped reading for " + describe(timeout) + " (TCP backpressure; see --timeout).";
    }

    private static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private void pause(int sentSoFar) throws InterruptedException {
        if (sentSoFar > 0 && !interval.isZero()) {
            Thread.sleep(interval.toMillis(), (int) (interval.toNanos() % 1_000_000));
        }
    }

    private static void checkReadable(Path file) {
        String name = Printable.escape(file.toString());
        if (Files.isDirectory(file)) {
            throw new CliErrors.UserError(name + " is a folder, not a file. Give the path of a text file.");
        }
        if (!Files.exists(file)) {
            throw new CliErrors.UserError("File not found: " + name + ". Check the path.");
        }
    }

    /** Where the messages go: counts what the socket really took, not what was handed over. */
    private interface Out extends AutoCloseable {
        /** Hands one message over; false when the receiver stopped reading. */
        boolean send(byte[] data);

        /** Waits until everything handed over is written; false when it could not be. */
        boolean finish();

        NetError failure();

        long sent();

        long sentBytes();

        @Override
        void close();
    }

    private static final class UdpOut implements Out {
        private final UdpSender sender;
        private final InetSocketAddress to;
        private long sent;
        private long bytes;

        UdpOut(UdpSender sender, InetSocketAddress to) {
            this.sender = sender;
            this.to = to;
        }

        @Override
        public boolean send(byte[] data) {
            sender.send(to, data);
            sent++;
            bytes += data.length;
            return true;
        }

        @Override
        public boolean finish() {
            return true;
        }

        @Override
        public NetError failure() {
            return null;
        }

        @Override
        public long sent() {
            return sent;
        }

        @Override
        public long sentBytes() {
            return bytes;
        }

        @Override
        public void close() {
            sender.close();
        }
    }

    private static final class TcpOut implements Out {
        private final TcpClient client;
        private final Duration stall;

        TcpOut(TcpClient client, Duration stall) {
            this.client = client;
            this.stall = stall;
        }

        @Override
        public boolean send(byte[] data) {
            return client.offer(data, stall);
        }

        @Override
        public boolean finish() {
            return client.drain(stall);
        }

        @Override
        public NetError failure() {
            return client.failure();
        }

        @Override
        public long sent() {
            return client.written();
        }

        @Override
        public long sentBytes() {
            // Each message written went out with one newline of framing, which the user did not type.
            return client.writtenBytes() - client.written();
        }

        @Override
        public void close() {
            // Waits for the writer to end (about a second at most), so sent() and sentBytes() are final.
            client.closeAsync().join();
        }
    }

    /**
     * Reads a file one line at a time, never holding more than one line of at most {@code max} bytes, so a huge
     * file or one without newlines (such as /dev/zero) costs a bounded amount of memory. Confined to one thread.
     */
    static final class FileLines implements Closeable {
        private final Path file;
        private final InputStream in;
        private final int max;
        private final boolean binary;
        private final Protocol proto;
        private final byte[] line;
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        private long lineNo;
        private boolean eof;

        FileLines(Path file, int max, boolean binary, Protocol proto) {
            this.file = file;
            this.max = max;
            this.binary = binary;
            this.proto = proto;
            // Room for a carriage return before the newline, which text mode drops.
            this.line = new byte[max + 1];
            try {
                this.in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
            } catch (NoSuchFileException e) {
                throw new CliErrors.UserError("File not found: " + name() + ". Check the path.", e);
            } catch (AccessDeniedException e) {
                throw new CliErrors.UserError("Cannot read " + name() + ": permission denied. Check the file's "
                        + "permissions.", e);
            } catch (IOException e) {
                throw new CliErrors.UserError("Could not read " + name() + ": " + Printable.escape(e.getMessage())
                        + ".", e);
            }
        }

        /** The next line's bytes without its line end, or null at the end of the file. */
        byte[] next() {
            if (eof) {
                return null;
            }
            int len = 0;
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        eof = true;
                        if (len == 0) {
                            return null;
                        }
                        break;
                    }
                    if (b == '\n') {
                        break;
                    }
                    if (len == line.length) {
                        throw tooLong();
                    }
                    line[len++] = (byte) b;
                }
            } catch (IOException e) {
                throw new CliErrors.UserError("Could not read " + name() + " at line " + (lineNo + 1) + ": "
                        + Printable.escape(String.valueOf(e.getMessage())) + ".", e);
            }
            lineNo++;
            if (!binary && len > 0 && line[len - 1] == '\r') {
                len--;
            }
            if (len > max) {
                throw tooLong();
            }
            byte[] data = Arrays.copyOf(line, len);
            if (!binary) {
                checkUtf8(data);
            }
            return data;
        }

        private CliErrors.UserError tooLong() {
            long n = lineNo + 1;
            String limit = String.format(Locale.ROOT, "%,d bytes", max);
            String what = proto == Protocol.UDP ? "a UDP datagram" : "a TCP message";
            if (n == 1) {
                return new CliErrors.UserError("Line 1 of " + name() + " is longer than " + limit + ", the most "
                        + what + " may carry, and no newline came before it: is it a text file with one message "
                        + "per line? Split it into shorter lines.");
            }
            return new CliErrors.UserError("Line " + n + " of " + name() + " is longer than " + limit + ", the most "
                    + what + " may carry. Split that line into shorter ones.");
        }

        private void checkUtf8(byte[] data) {
            ByteBuffer src = ByteBuffer.wrap(data);
            CharBuffer dst = CharBuffer.allocate(data.length);
            CoderResult r = utf8.reset().decode(src, dst, true);
            if (!r.isError()) {
                r = utf8.flush(dst);
            }
            if (r.isError()) {
                throw new CliErrors.UserError(name() + " is not UTF-8 text (first bad byte at line " + lineNo
                        + ", byte " + (src.position() + 1) + "); use --binary to send its lines as raw bytes.");
            }
        }

        private String name() {
            return Printable.escape(file.toString());
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Only read from: nothing of the user's is lost when closing fails.
            }
        }
    }
}
