package streamlab.bench.net;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import streamlab.net.TrafficLog;
import streamlab.net.UdpListener;

/**
 * Floods a UdpListener with 1,000,000 datagrams and prints the heap in use (after a full GC) before, midway and
 * after, to show that the traffic log keeps memory bounded. Run:
 * {@code java -Xmx256m -cp target/benchmarks.jar streamlab.bench.net.UdpMemoryCheck [count] [bytes]}.
 */
public final class UdpMemoryCheck {

    private UdpMemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        TrafficLog log = new TrafficLog(TrafficLog.DEFAULT_CAPACITY);
        System.out.printf("heap before: %.1f MB%n", usedMb());
        try (UdpListener listener = UdpListener.open("127.0.0.1", 0, log, null);
                DatagramChannel sender = DatagramChannel.open()) {
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", listener.port());
            ByteBuffer payload = ByteBuffer.wrap(new byte[size]);
            long t0 = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                sender.send(payload.clear(), target);
                if (i % 500 == 0) {
                    waitUntilBehind(listener, i, 1_000);
                }
                if (i == count / 2) {
                    System.out.printf("heap at %,d: %.1f MB%n", i, usedMb());
                }
            }
            waitUntilBehind(listener, count, 0);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("received %,d of %,d datagrams of %d bytes in %.2f s = %,.0f datagrams/s%n",
                    listener.received(), count, size, s, listener.received() / s);
            System.out.printf("log: %,d entries in all, %,d kept, %,d counted but not kept%n", log.total(),
                    log.snapshot().size(), log.overwritten());
            System.out.printf("heap after: %.1f MB%n", usedMb());
        }
    }

    /** Waits until the listener is at most {@code ahead} behind, or has made no progress for 200 ms (a drop). */
    private static void waitUntilBehind(UdpListener listener, long sent, long ahead) {
        long last = listener.received();
        long since = System.nanoTime();
        while (sent - listener.received() > ahead) {
            long now = listener.received();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 200_000_000L) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    private static double usedMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }
}
