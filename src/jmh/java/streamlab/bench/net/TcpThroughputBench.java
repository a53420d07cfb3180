package streamlab.bench.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import streamlab.net.Framing;
import streamlab.net.TcpClient;
import streamlab.net.TcpServer;
import streamlab.net.TrafficLog;

/**
 * TCP loopback throughput in messages per second, end to end (sent and counted at the receiver): StreamLab's
 * TcpClient and TcpServer (queue, writer thread, newline framing, traffic log) against a plain blocking
 * SocketChannel pair that writes each message and counts newlines. Messages are 64-byte lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TcpThroughputBench {

    static final int BATCH = 10_000;
    static final byte[] LINE = ("x".repeat(63)).getBytes(StandardCharsets.US_ASCII);

    private TrafficLog log;
    private TcpServer server;
    private TcpClient client;

    private ServerSocketChannel plainServer;
    private SocketChannel plainClient;
    private Thread plainReader;
    private final AtomicLong plainLines = new AtomicLong();
    private long plainTarget;
    private long engineTarget;
    private byte[] framedLine;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        log = new TrafficLog(TrafficLog.DEFAULT_CAPACITY);
        server = TcpServer.open("127.0.0.1", 0, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log, null);
        client = TcpClient.connect("127.0.0.1", server.port(), Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log,
                Duration.ofSeconds(3));

        plainServer = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        plainClient = SocketChannel.open(plainServer.getLocalAddress());
        plainClient.socket().setTcpNoDelay(true);
        SocketChannel accepted = plainServer.accept();
        plainReader = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
            try {
                while (accepted.read(buf.clear()) >= 0) {
                    byte[] a = buf.array();
                    long n = 0;
                    for (int i = 0; i < buf.position(); i++) {
                        if (a[i] == '\n') {
                            n++;
                        }
                    }
                    plainLines.addAndGet(n);
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        }, "bench-plain-reader");
        plainReader.setDaemon(true);
        plainReader.start();
        framedLine = new byte[LINE.length + 1];
        System.arraycopy(LINE, 0, framedLine, 0, LINE.length);
        framedLine[LINE.length] = '\n';
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        server.close();
        plainClient.close();
        plainServer.close();
    }

    /** Baseline: one write per message on a blocking SocketChannel; a reader thread counts newlines. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long plainSocketChannel() throws IOException {
        plainTarget += BATCH;
        for (int i = 0; i < BATCH; i++) {
            ByteBuffer b = ByteBuffer.wrap(framedLine);
            while (b.hasRemaining()) {
                plainClient.write(b);
            }
        }
        while (plainLines.get() < plainTarget) {
            Thread.onSpinWait();
        }
        return plainLines.get();
    }

    /**
     * Stronger baseline: the same plain SocketChannel, but 64 messages per gathering write, as the engine's writer
     * does when messages are queued.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long plainSocketChannelBatched() throws IOException {
        plainTarget += BATCH;
        ByteBuffer[] group = new ByteBuffer[64];
        for (int i = 0; i < BATCH; i += group.length) {
            int n = Math.min(group.length, BATCH - i);
            long left = 0;
            for (int k = 0; k < n; k++) {
                group[k] = ByteBuffer.wrap(framedLine);
                left += framedLine.length;
            }
            while (left > 0) {
                left -= plainClient.write(group, 0, n);
            }
        }
        while (plainLines.get() < plainTarget) {
            Thread.onSpinWait();
        }
        return plainLines.get();
    }

    /** StreamLab: TcpClient.send into its bounded queue; TcpServer frames, logs and counts each line. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long engine() {
        engineTarget += BATCH;
        for (int i = 0; i < BATCH; i++) {
            client.send(LINE, Duration.ofSeconds(10));
        }
        while (server.received() < engineTarget) {
            Thread.onSpinWait();
        }
        return server.received();
    }
}
