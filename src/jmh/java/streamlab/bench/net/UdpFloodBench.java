package streamlab.bench.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
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
import streamlab.net.TrafficLog;
import streamlab.net.UdpListener;

/**
 * UDP flood on loopback, in datagrams per second received: StreamLab's UdpListener (65,507-byte buffer, traffic
 * log entry per datagram) against a plain DatagramChannel loop that only counts. The sender stays at most 2,000
 * datagrams ahead of the receiver, so the kernel does not drop and both sides are measured, not the socket buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UdpFloodBench {

    static final int BATCH = 20_000;
    static final int AHEAD = 1_000;

    private UdpListener listener;
    private DatagramChannel plain;
    private Thread plainThread;
    private final AtomicLong plainCount = new AtomicLong();
    private DatagramChannel sender;
    private InetSocketAddress engineTarget;
    private InetSocketAddress plainTarget;
    private final ByteBuffer payload = ByteBuffer.wrap(new byte[100]);
    private long engineSent;
    private long plainSent;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        listener = UdpListener.open("127.0.0.1", 0, new TrafficLog(TrafficLog.DEFAULT_CAPACITY), null);
        engineTarget = new InetSocketAddress("127.0.0.1", listener.port());
        plain = DatagramChannel.open();
        plain.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        plain.bind(new InetSocketAddress("127.0.0.1", 0));
        plainTarget = (InetSocketAddress) plain.getLocalAddress();
        plainThread = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(UdpListener.MAX_DATAGRAM + 1);
            try {
                while (true) {
                    buf.clear();
                    plain.receive(buf);
                    plainCount.incrementAndGet();
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        }, "bench-plain-udp");
        plainThread.setDaemon(true);
        plainThread.start();
        sender = DatagramChannel.open();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        listener.close();
        plain.close();
        sender.close();
    }

    private long flood(InetSocketAddress target, long sentBefore, LongSupplier received) throws IOException {
        long sent = sentBefore;
        for (int i = 0; i < BATCH; i++) {
            while (sent - received.getAsLong() > AHEAD) {
                Thread.onSpinWait();
                if (sent - received.getAsLong() > AHEAD && stalled(received)) {
                    sent = received.getAsLong();
                }
            }
            sender.send(payload.clear(), target);
            sent++;
        }
        // Should the kernel still drop one, stop waiting after 200 ms without progress rather than hang.
        long last = -1;
        long since = System.nanoTime();
        while (received.getAsLong() < sent) {
            long now = received.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 200_000_000L) {
                return received.getAsLong();
            }
            Thread.onSpinWait();
        }
        return sent;
    }

    /** True when the receiver makes no progress for 200 ms: a datagram was dropped, so stop waiting for it. */
    private static boolean stalled(LongSupplier received) {
        long before = received.getAsLong();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 200_000_000L) {
            if (received.getAsLong() != before) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long plainDatagramChannel() throws IOException {
        plainSent = flood(plainTarget, plainSent, plainCount::get);
        return plainSent;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long engineListener() throws IOException {
        engineSent = flood(engineTarget, engineSent, listener::received);
        return engineSent;
    }
}
