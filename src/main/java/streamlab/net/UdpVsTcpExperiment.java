package streamlab.net;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Thread-safe (stateless; blocks, so not for the FX thread). Sends the same numbered messages ({@code "seq 0"},
 * {@code "seq 1"}, ...) over UDP and over TCP and counts what arrives. Each {@link #run} opens and closes its own
 * sockets and threads, so it may be called from any thread.
 */
public final class UdpVsTcpExperiment {

    /** How long to wait for stragglers once no datagram has arrived for a while. */
    private static final long QUIET_NANOS = 300_000_000L;
    private static final long MAX_WAIT_NANOS = 10_000_000_000L;

    private UdpVsTcpExperiment() {
    }

    /** Runs UDP then TCP and returns both results. */
    public static ExperimentResult run(ExperimentConfig config, TrafficLog log, BooleanSupplier cancelled) {
        TrafficLog l = log == null ? new TrafficLog(16) : log;
        ProtocolResult udp = runUdp(config, l, cancelled);
        ProtocolResult tcp = runTcp(config, l, cancelled);
        return new ExperimentResult(config, udp, tcp);
    }

    public static ExperimentResult run(ExperimentConfig config) {
        return run(config, null, () -> false);
    }

    static ProtocolResult runUdp(ExperimentConfig config, TrafficLog log, BooleanSupplier cancelled) {
        LossyLink plan = LossyLink.plan(config.count(), config.dropPercent(), config.reorderPercent(),
                config.seed());
        SequenceTracker tracker = new SequenceTracker();
        boolean own = config.udpTarget() == null || config.udpTarget().isBlank();
        UdpListener listener = own
                ? UdpListener.open(Addresses.LOOPBACK, 0, log, m -> tracker.arrived(SequenceTracker.parse(m.data())))
                : null;
        try (UdpSender sender = new UdpSender(log)) {
            InetSocketAddress target = own ? new InetSocketAddress(Addresses.LOOPBACK, listener.port())
                    : Addresses.parse(config.udpTarget());
            int[] order = plan.order();
            long start = System.nanoTime();
            for (int i = 0; i < order.length && !cancelled.getAsBoolean(); i++) {
                pace(start, i, config.ratePerSecond());
                sender.send(target, ("seq " + order[i]).getBytes(StandardCharsets.US_ASCII));
            }
            long sendEnd = System.nanoTime();
            if (!own) {
                return uncounted(Protocol.UDP, config.count(), sendEnd - start, plan);
            }
            waitFor(() -> tracker.delivered() >= order.length, tracker, sendEnd, cancelled);
            long end = tracker.delivered() > 0 ? Math.max(tracker.lastArrivalNanos(), start) : sendEnd;
            return counted(Protocol.UDP, config.count(), tracker, end - start, plan);
        } finally {
            if (listener != null) {
                listener.close();
            }
        }
    }

    static ProtocolResult runTcp(ExperimentConfig config, TrafficLog log, BooleanSupplier cancelled) {
        SequenceTracker tracker = new SequenceTracker();
        boolean own = config.tcpTarget() == null || config.tcpTarget().isBlank();
        TcpServer server = own
                ? TcpServer.open(Addresses.LOOPBACK, 0, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log,
                        m -> tracker.arrived(SequenceTracker.parse(m.data())))
                : null;
        try {
            InetSocketAddress target = own ? new InetSocketAddress(Addresses.LOOPBACK, server.port())
                    : Addresses.parse(config.tcpTarget());
            long start = System.nanoTime();
            long sendEnd;
            try (TcpClient client = TcpClient.connect(target.getHostString(), target.getPort(), Framing.NEWLINE,
                    TcpServer.DEFAULT_MAX_MESSAGE, log, Duration.ofSeconds(3))) {
                for (int i = 0; i < config.count() && !cancelled.getAsBoolean(); i++) {
                    pace(start, i, config.ratePerSecond());
                    client.send(("seq " + i).getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5));
                }
                client.flush(Duration.ofSeconds(10));
                sendEnd = System.nanoTime();
            }
            if (!own) {
                return uncounted(Protocol.TCP, config.count(), sendEnd - start, LossyLink.none(0));
            }
            waitFor(() -> tracker.delivered() >= config.count(), tracker, sendEnd, cancelled);
            long end = tracker.delivered() > 0 ? Math.max(tracker.lastArrivalNanos(), start) : sendEnd;
            return counted(Protocol.TCP, config.count(), tracker, end - start, LossyLink.none(0));
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static void pace(long start, int i, int ratePerSecond) {
        if (ratePerSecond <= 0) {
            return;
        }
        long due = start + (long) (i * (1e9 / ratePerSecond));
        long wait = due - System.nanoTime();
        if (wait > 20_000) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Waits until done, or until nothing has arrived for a while after sending ended. */
    private static void waitFor(BooleanSupplier done, SequenceTracker tracker, long sendEnd,
            BooleanSupplier cancelled) {
        while (!done.getAsBoolean() && !cancelled.getAsBoolean()) {
            long now = System.nanoTime();
            long last = Math.max(tracker.lastArrivalNanos(), sendEnd);
            if (now - last > QUIET_NANOS || now - sendEnd > MAX_WAIT_NANOS) {
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static ProtocolResult counted(Protocol p, int sent, SequenceTracker t, long nanos, LossyLink plan) {
        long ms = Math.max(1, nanos / 1_000_000);
        int delivered = t.delivered();
        return new ProtocolResult(p, sent, delivered, sent - delivered, t.duplicated(), t.outOfOrder(), ms,
                delivered * 1e9 / Math.max(1, nanos), plan.dropped(), plan.reordered());
    }

    private static ProtocolResult uncounted(Protocol p, int sent, long nanos, LossyLink plan) {
        return new ProtocolResult(p, sent, -1, -1, 0, 0, Math.max(1, nanos / 1_000_000),
                sent * 1e9 / Math.max(1, nanos), plan.dropped(), plan.reordered());
    }
}
