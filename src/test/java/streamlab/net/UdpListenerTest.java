package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UdpListenerTest {

    private final TrafficLog log = new TrafficLog(1000);

    @Test
    void datagramRoundTripIsLoggedBothWaysWithTextHexAndAddresses() {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (UdpListener listener = UdpListener.open(null, 0, log, got::add);
                UdpSender sender = new UdpSender(log)) {
            assertEquals("127.0.0.1", listener.localAddress().getAddress().getHostAddress(), "loopback by default");
            assertTrue(listener.thread().getName().equals("udp-listener-" + listener.port()));
            sender.send(new InetSocketAddress("127.0.0.1", listener.port()), "héllo".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
            Message m = got.get(0);
            assertEquals("héllo", m.text());
            assertEquals(Protocol.UDP, m.protocol());
            assertFalse(m.truncated());
            assertEquals("127.0.0.1:" + listener.port(), m.to());

            List<TrafficEntry> entries = log.snapshot();
            assertEquals(2, entries.size());
            TrafficEntry sent = entries.get(0);
            TrafficEntry received = entries.get(1);
            assertEquals(Direction.SENT, sent.direction());
            assertEquals(Direction.RECEIVED, received.direction());
            assertEquals(6, received.size(), "é is two bytes in UTF-8");
            assertEquals("héllo", received.text());
            assertEquals("68 C3 A9 6C 6C 6F", received.hex());
            assertEquals(m.from(), received.from());
            assertEquals("127.0.0.1:" + listener.port(), received.to());
            assertEquals(sent.to(), received.to());
            assertEquals(sent.from(), received.from(), "both rows name the sender as the receiver sees it");
        }
    }

    @Test
    void largestDatagramArrivesWholeAndBiggerOneIsRefusedBeforeSending() {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (UdpListener listener = UdpListener.open(null, 0, log, got::add);
                UdpSender sender = new UdpSender(log)) {
            byte[] max = new byte[UdpListener.MAX_DATAGRAM];
            max[max.length - 1] = 7;
            sender.send(new InetSocketAddress("127.0.0.1", listener.port()), max);
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
            assertEquals(65_507, got.get(0).data().length);
            assertEquals(7, got.get(0).data()[65_506]);
            assertEquals(TrafficEntry.PREVIEW_BYTES, log.snapshot().get(1).preview().length, "log keeps a preview");
            assertEquals(65_507, log.snapshot().get(1).size());

            NetError e = assertThrows(NetError.class, () -> sender.send(
                    new InetSocketAddress("127.0.0.1", listener.port()), new byte[65_508]));
            assertEquals(NetError.Kind.TOO_LARGE, e.kind());
            assertTrue(e.getMessage().contains("65,508") && e.getMessage().contains("65,507"), e.getMessage());
        }
    }

    @Test
    void datagramLargerThanTheBufferIsReportedAsTruncated() throws Exception {
        // Over IPv6 a datagram can carry up to 65,527 bytes: 20 more than the listener's 65,507-byte buffer.
        UdpListener listener;
        try {
            listener = UdpListener.open("::1", 0, log, null);
        } catch (NetError e) {
            assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (listener; DatagramSocket s = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            byte[] big = new byte[65_520];
            s.send(new DatagramPacket(big, big.length, InetAddress.getByName("::1"), listener.port()));
            await().atMost(Duration.ofSeconds(5)).until(() -> listener.truncated() == 1);
            TrafficEntry e = log.snapshot().get(0);
            assertEquals(65_507, e.size());
            assertTrue(e.text().contains("truncated"), e.text());
        }
    }

    @Test
    void portInUseGivesAClearErrorAndTheFirstListenerKeepsWorking() {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (UdpListener first = UdpListener.open(null, 0, log, got::add)) {
            NetError e = assertThrows(NetError.class, () -> UdpListener.open(null, first.port(), log, null));
            assertEquals(NetError.Kind.PORT_IN_USE, e.kind());
            assertEquals("UDP port " + first.port() + " is already in use on 127.0.0.1. Stop the other program "
                    + "(or StreamLab listener) using it, or choose another port.", e.getMessage());
            assertEquals(ListenerState.LISTENING, first.state());
            try (UdpSender sender = new UdpSender(log)) {
                sender.send(new InetSocketAddress("127.0.0.1", first.port()), "still here".getBytes());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
            assertEquals("still here", got.get(0).text());
        }
    }

    @Test
    void privilegedPortNamesTheProblemAndAFix() {
        NetError mapped = NetError.from(new java.net.BindException("Permission denied"), "UDP", "listen on",
                "127.0.0.1", 80);
        assertEquals(NetError.Kind.PORT_PRIVILEGED, mapped.kind());
        assertTrue(mapped.getMessage().startsWith("UDP port 80 is below 1024 and needs administrator rights."));
        // As root (in a container, say) the kernel allows it; elsewhere the real bind must fail the same way.
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!root, "running as root: low ports are allowed");
        NetError e = assertThrows(NetError.class, () -> UdpListener.open(null, 81, log, null));
        assertEquals(NetError.Kind.PORT_PRIVILEGED, e.kind());
    }

    @Test
    void badPortsAndUnknownHostsAreUserErrors() {
        assertEquals(NetError.Kind.BAD_PORT,
                assertThrows(NetError.class, () -> UdpListener.open(null, 70_000, log, null)).kind());
        NetError e = assertThrows(NetError.class, () -> Addresses.parse("nosuch.invalid:9999"));
        assertEquals(NetError.Kind.UNKNOWN_HOST, e.kind());
        assertEquals("Unknown host 'nosuch.invalid'. Check the spelling, or use 127.0.0.1 (or localhost) for this "
                + "computer.", e.getMessage());
        assertEquals(NetError.Kind.BAD_PORT, assertThrows(NetError.class, () -> Addresses.parse("localhost")).kind());
        assertEquals(NetError.Kind.BAD_PORT,
                assertThrows(NetError.class, () -> Addresses.parse("localhost:abc")).kind());
    }

    @Test
    void allInterfacesIsAnExplicitOptionWithAWarning() {
        assertTrue(Addresses.wildcardWarning("127.0.0.1").isEmpty());
        assertTrue(Addresses.wildcardWarning("0.0.0.0").orElseThrow().contains("other computers"));
        try (UdpListener l = UdpListener.open("0.0.0.0", 0, log, null)) {
            assertTrue(l.localAddress().getAddress().isAnyLocalAddress());
        }
    }

    @Test
    void floodOfAHundredThousandDatagramsKeepsTheLogBounded() throws Exception {
        TrafficLog small = new TrafficLog(1000);
        try (UdpListener listener = UdpListener.open(null, 0, small, null);
                DatagramSocket s = new DatagramSocket()) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            byte[] payload = new byte[200];
            DatagramPacket p = new DatagramPacket(payload, payload.length, lo, listener.port());
            int n = 100_000;
            for (int i = 0; i < n; i++) {
                payload[0] = (byte) i;
                s.send(p);
                // Stay at most 2,000 ahead so the kernel never has to drop: the count below must be exact.
                if (i % 1000 == 999) {
                    long sentSoFar = i + 1;
                    // Polled every millisecond from the start: a hundred of these waits must not add seconds.
                    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                            .until(() -> listener.received() >= sentSoFar - 2000);
                }
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertEquals(n, listener.received(), "received " + listener.received()));
            assertEquals(n, small.total());
            assertEquals(n - 1000, small.overwritten());
            List<TrafficEntry> kept = small.snapshot();
            assertEquals(1000, kept.size());
            assertEquals(n, kept.get(999).seq());
            assertEquals((byte) (n - 1), kept.get(999).preview()[0]);
        }
    }

    @Test
    void closeStopsTheThreadWithinASecondAndFreesThePort() throws Exception {
        UdpListener l = UdpListener.open(null, 0, log, null);
        int port = l.port();
        Await.assertReturnsWithin(1_000, "close()", l::close);
        assertTrue(l.awaitClosed(Duration.ofSeconds(1)), "the thread ends within a second");
        assertFalse(l.thread().isAlive());
        assertEquals(ListenerState.CLOSED, l.state());
        l.close();
        try (UdpListener again = UdpListener.open(null, port, log, null)) {
            assertEquals(port, again.port());
        }
        await().atMost(Duration.ofSeconds(1)).until(() -> Await.aliveThreads("udp-listener-" + port) == 0);
    }
}
