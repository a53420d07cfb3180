package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NetLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** Live threads whose name starts with the prefix, counted the way a monitoring tool would. */
    private static long threads(String prefix) {
        var mx = ManagementFactory.getThreadMXBean();
        return Arrays.stream(mx.getThreadInfo(mx.getAllThreadIds())).filter(i -> i != null)
                .map(ThreadInfo::getThreadName).filter(n -> n.startsWith(prefix)).count();
    }

    private static List<String> events(TrafficLog log) {
        return log.snapshot().stream().filter(e -> e.direction() == Direction.EVENT).map(TrafficEntry::note).toList();
    }

    @Test
    void idleConnectionsPastTheDefaultLimitAreRefusedAndThreadsStayBounded() throws Exception {
        TrafficLog log = new TrafficLog(2000);
        int clients = 300;
        List<Socket> sockets = new ArrayList<>();
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log, null)) {
            String prefix = "tcp-conn-" + server.port() + "-";
            for (int i = 0; i < clients; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
            }
            await().atMost(WAIT).until(() -> events(log).stream().filter(t -> t.startsWith("refused connection"))
                    .count() + server.accepted() == clients);
            long connThreads = threads(prefix);
            assertTrue(connThreads <= TcpServer.DEFAULT_MAX_CONNECTIONS, connThreads + " connection threads");
            assertEquals(TcpServer.DEFAULT_MAX_CONNECTIONS, server.openConnections());
            String refusal = events(log).stream().filter(t -> t.startsWith("refused connection")).findFirst()
                    .orElseThrow();
            assertTrue(refusal.matches("refused connection from 127\\.0\\.0\\.1:\\d+: limit of 256 connections "
                    + "reached"), refusal);
            // A refused client sees the connection end at once rather than hang.
            Socket last = sockets.get(clients - 1);
            last.setSoTimeout(5000);
            assertEquals(-1, readOrReset(last.getInputStream()));
            // Room again once clients leave: a new one is served.
            for (int i = 0; i < 50; i++) {
                sockets.get(i).close();
            }
            await().atMost(WAIT).until(() -> server.openConnections() <= TcpServer.DEFAULT_MAX_CONNECTIONS - 50);
            List<Message> got = new CopyOnWriteArrayList<>();
            try (TcpServer small = TcpServer.open(null, 0, Framing.NEWLINE, 1024, 2, log, got::add, null);
                    Socket a = new Socket(InetAddress.getLoopbackAddress(), small.port());
                    Socket b = new Socket(InetAddress.getLoopbackAddress(), small.port())) {
                await().atMost(WAIT).until(() -> small.openConnections() == 2);
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), small.port())) {
                    await().atMost(WAIT).until(() -> small.refused() == 1);
                }
                a.close();
                await().atMost(WAIT).until(() -> small.openConnections() == 1);
                try (Socket d = new Socket(InetAddress.getLoopbackAddress(), small.port())) {
                    d.getOutputStream().write("in\n".getBytes(StandardCharsets.US_ASCII));
                    await().atMost(WAIT).until(() -> got.size() == 1);
                }
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static int readOrReset(InputStream in) {
        try {
            return in.read();
        } catch (java.net.SocketException e) {
            return -1;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMessageOverTheFrameLimitIsNamedInTheLogAndWhatCameBeforeIsDelivered() throws Exception {
        TrafficLog log = new TrafficLog(100);
        List<Message> got = new CopyOnWriteArrayList<>();
        List<String> notices = new CopyOnWriteArrayList<>();
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, 1 << 20, 8, log, got::add, notices::add);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            out.write("first\nsecond\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 16];
            Arrays.fill(chunk, (byte) 'x');
            try {
                for (int i = 0; i < 40; i++) {
                    out.write(chunk);
                }
            } catch (java.net.SocketException e) {
                // The server closes the connection part way through: that is what is being tested.
            }
            await().atMost(WAIT).until(() -> server.openConnections() == 0 && !notices.isEmpty());
            assertEquals(List.of("first", "second"), got.stream().map(Message::text).toList());
            String expected = "closed connection #1 from " + Addresses.format(s.getLocalSocketAddress())
                    + ": a message exceeded the 1 MiB frame limit without a newline; the 2 messages before it were "
                    + "delivered, the rest of the connection was dropped";
            assertEquals(List.of(expected), notices);
            assertTrue(events(log).contains(expected), events(log).toString());
        }
    }

    @Test
    void theTrafficTableTextShowsEveryControlCharacterSafely() {
        String payload = "a\u001b[31mred\u0007\u007f\u0085\u009b\u202eevil\u2066x\t\n\u00e9\ud83d\ude00";
        byte[] data = payload.getBytes(StandardCharsets.UTF_8);
        TrafficEntry e = new TrafficEntry(1, 0, Direction.RECEIVED, Protocol.UDP, "a:1", "b:2", data.length, data,
                "");
        String text = e.text();
        assertEquals("a\\e[31mred\\x07\\x7F\\x85\\x9B\\u{202E}evil\\u{2066}x\u21e5\u21b5\u00e9\ud83d\ude00", text);
        TrafficEntry ev = new TrafficEntry(2, 0, Direction.EVENT, Protocol.TCP, "a:1", "b:2", 0, new byte[0],
                "closed: \u001b]0;title\u0007");
        assertEquals("closed: \\e]0;title\\x07", ev.text());
    }

    @Test
    void listenersBindToLoopbackUnlessTold() {
        TrafficLog log = new TrafficLog(16);
        try (TcpServer tcp = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, null);
                UdpListener udp = UdpListener.open("", 0, log, null)) {
            assertTrue(tcp.localAddress().getAddress().isLoopbackAddress(), tcp.localAddress().toString());
            assertTrue(udp.localAddress().getAddress().isLoopbackAddress(), udp.localAddress().toString());
        }
    }
}
