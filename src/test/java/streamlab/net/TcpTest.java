package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TcpTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final TrafficLog log = new TrafficLog(5000);

    private TcpServer server(Framing framing, int max, List<Message> sink) {
        return TcpServer.open(null, 0, framing, max, log, sink::add);
    }

    private TcpClient client(int port) {
        return TcpClient.connect("127.0.0.1", port, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE, log,
                Duration.ofSeconds(3));
    }

    @Test
    void linesRoundTripWithAcceptConnectAndCloseEvents() {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (TcpServer server = server(Framing.NEWLINE, 1024, got)) {
            String local;
            try (TcpClient c = client(server.port())) {
                local = c.localAddress();
                assertTrue(c.trySend("first".getBytes()));
                c.send("second line".getBytes(), WAIT);
                await().atMost(WAIT).until(() -> got.size() == 2);
            }
            assertEquals(List.of("first", "second line"), got.stream().map(Message::text).toList());
            assertEquals(local, got.get(0).from());
            assertEquals(1, got.get(0).connection());
            await().atMost(WAIT).until(() -> server.openConnections() == 0);
            TcpServer.Connection conn = server.connections().get(0);
            assertEquals(2, conn.messages());
            assertEquals(16, conn.bytes(), "5 + 11 bytes, newlines not counted");
            assertEquals(local, conn.peer());
            assertFalse(conn.open());
            assertTrue(conn.closeNote().contains("closed by the client"), conn.closeNote());

            List<String> events = log.snapshot().stream().filter(e -> e.direction() == Direction.EVENT)
                    .map(TrafficEntry::text).toList();
            assertTrue(events.stream().anyMatch(t -> t.startsWith("connected to")), events.toString());
            assertTrue(events.stream().anyMatch(t -> t.startsWith("accepted connection #1 from " + local)),
                    events.toString());
            assertTrue(events.stream().anyMatch(t -> t.startsWith("connection #1 closed by the client")),
                    events.toString());
            long sent = log.snapshot().stream().filter(e -> e.direction() == Direction.SENT).count();
            assertEquals(2, sent);
        }
    }

    @Test
    void rawModeDeliversBytesWithoutFraming() throws Exception {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (TcpServer server = server(Framing.RAW, 1024, got); Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("no newline\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            await().atMost(WAIT).until(() -> got.stream().mapToInt(m -> m.data().length).sum() == 12);
            assertEquals("no newline\r\n", String.join("", got.stream().map(Message::text).toList()));
        }
    }

    @Test
    void manyClientsAtOnceAreCountedPerConnection() throws Exception {
        List<Message> got = new CopyOnWriteArrayList<>();
        int clients = 40;
        int each = 25;
        try (TcpServer server = server(Framing.NEWLINE, 1024, got)) {
            List<TcpClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    open.add(client(server.port()));
                }
                await().atMost(WAIT).until(() -> server.openConnections() == clients);
                for (int k = 0; k < each; k++) {
                    for (int i = 0; i < clients; i++) {
                        open.get(i).send(("client " + i + " msg " + k).getBytes(), WAIT);
                    }
                }
                await().atMost(WAIT).untilAsserted(() -> assertEquals(clients * each, got.size(), "got " + got.size()));
            } finally {
                open.forEach(TcpClient::close);
            }
            await().atMost(WAIT).until(() -> server.openConnections() == 0);
            assertEquals(clients, server.accepted());
            assertEquals(clients, server.connections().size());
            for (TcpServer.Connection c : server.connections()) {
                assertEquals(each, c.messages(), "connection " + c.id());
            }
            // Within one connection TCP keeps the order.
            for (int i = 0; i < clients; i++) {
                String prefix = "client " + i + " ";
                List<String> mine = got.stream().map(Message::text).filter(t -> t.startsWith(prefix)).toList();
                for (int k = 0; k < each; k++) {
                    assertEquals(prefix + "msg " + k, mine.get(k));
                }
            }
        }
    }

    @Test
    void lineLongerThanTheMaximumClosesThatConnectionWithAClearNote() throws Exception {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (TcpServer server = server(Framing.NEWLINE, 100, got)) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                OutputStream out = s.getOutputStream();
                out.write(("ok\n" + "x".repeat(150) + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().atMost(WAIT).until(() -> server.openConnections() == 0 && server.accepted() == 1);
            }
            assertEquals(List.of("ok"), got.stream().map(Message::text).toList());
            String note = server.connections().get(0).closeNote();
            assertTrue(note.startsWith("Message too large: 150 bytes, but this TCP listener allows at most 100 "
                    + "bytes."), note);
            // The server itself is fine: a new client still gets through.
            try (TcpClient c = client(server.port())) {
                c.send("after".getBytes(), WAIT);
                await().atMost(WAIT).until(() -> got.size() == 2);
            }
        }
    }

    @Test
    void clientRefusesMessagesOverItsMaximumBeforeSending() {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (TcpServer server = server(Framing.NEWLINE, 1024, got);
                TcpClient c = TcpClient.connect("localhost", server.port(), Framing.NEWLINE, 10, log, WAIT)) {
            NetError e = assertThrows(NetError.class, () -> c.trySend("eleven char".getBytes()));
            assertEquals(NetError.Kind.TOO_LARGE, e.kind());
            assertTrue(c.isOpen());
        }
    }

    @Test
    void connectingWhereNothingListensIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        NetError e = assertThrows(NetError.class, () -> client(port));
        assertEquals(NetError.Kind.CONNECTION_REFUSED, e.kind());
        assertEquals("Connection refused by 127.0.0.1:" + port + ": nothing is listening on that port. Start a TCP "
                + "listener there first, or check the port.", e.getMessage());
    }

    @Test
    void unknownHostIsNamed() {
        NetError e = assertThrows(NetError.class, () -> TcpClient.connect("nosuch.invalid", 9999, Framing.NEWLINE,
                100, log, WAIT));
        assertEquals(NetError.Kind.UNKNOWN_HOST, e.kind());
        assertTrue(e.getMessage().contains("'nosuch.invalid'"));
    }

    @Test
    void tcpPortInUseIsReportedAndTheServerStaysUp() {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (TcpServer server = server(Framing.NEWLINE, 1024, got)) {
            NetError e = assertThrows(NetError.class, () -> TcpServer.open("127.0.0.1", server.port(),
                    Framing.NEWLINE, 10, log, null));
            assertEquals(NetError.Kind.PORT_IN_USE, e.kind());
            assertTrue(e.getMessage().startsWith("TCP port " + server.port() + " is already in use"));
            assertEquals(ListenerState.LISTENING, server.state());
            try (TcpClient c = client(server.port())) {
                c.send("hi".getBytes(), WAIT);
                await().atMost(WAIT).until(() -> got.size() == 1);
            }
        }
    }

    @Test
    void resetByTheClientIsShownOnTheServer() throws Exception {
        List<Message> got = new CopyOnWriteArrayList<>();
        try (TcpServer server = server(Framing.NEWLINE, 1024, got)) {
            Socket s = new Socket("127.0.0.1", server.port());
            s.getOutputStream().write("bye\n".getBytes());
            await().atMost(WAIT).until(() -> got.size() == 1);
            s.setSoLinger(true, 0); // closing now sends RST instead of FIN
            s.close();
            await().atMost(WAIT).until(() -> server.openConnections() == 0);
            assertEquals("connection reset by the client (RST)", server.connections().get(0).closeNote());
        }
    }

    @Test
    void resetByTheServerMakesTheNextSendFailWithAClearMessage() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TcpClient c = client(ss.getLocalPort());
            try (c; Socket accepted = ss.accept()) {
                accepted.setSoLinger(true, 0);
                accepted.close();
                // The first write after an RST may still be accepted by the kernel; keep sending until it fails.
                await().atMost(WAIT).until(() -> {
                    try {
                        c.trySend("ping".getBytes());
                        return false;
                    } catch (NetError e) {
                        return true;
                    }
                });
                // The reset may reach the writer a moment after the reader saw the stream end.
                await().atMost(WAIT).untilAsserted(() -> assertTrue(c.failure() != null
                        && c.failure().kind() == NetError.Kind.CONNECTION_RESET, String.valueOf(c.failure())));
                NetError e = c.failure();
                assertNotNull(e);
                assertEquals(NetError.Kind.CONNECTION_RESET, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("was reset by the peer"), e.getMessage());
                assertFalse(c.isOpen());
            }
        }
    }

    @Test
    void slowReaderFillsTheQueueAndTrySendReturnsFalseWithoutBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, 1 << 20, log, m -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }); TcpClient c = TcpClient.connect("127.0.0.1", server.port(), Framing.NEWLINE, 1 << 20, log, WAIT)) {
            byte[] big = new byte[1024];
            java.util.Arrays.fill(big, (byte) 'a');
            boolean refused = false;
            for (int i = 0; i < 200_000 && !refused; i++) {
                refused = !c.trySend(big);
            }
            assertTrue(refused, "the bounded queue fills while the server does not read");
            // The writer may still squeeze a few bytes into the socket, so keep offering until the wait runs out.
            NetError e = null;
            for (int i = 0; i < 100_000 && e == null; i++) {
                try {
                    c.send(big, Duration.ofMillis(20));
                } catch (NetError x) {
                    e = x;
                }
            }
            assertNotNull(e);
            assertEquals(NetError.Kind.BACKPRESSURE, e.kind());
            assertTrue(e.getMessage().contains("TCP backpressure"), e.getMessage());
            release.countDown();
        }
    }

    @Test
    void serverCloseEndsAllConnectionThreadsWithinASecond() throws Exception {
        List<Message> got = new CopyOnWriteArrayList<>();
        TcpServer server = server(Framing.NEWLINE, 1024, got);
        List<TcpClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(client(server.port()));
        }
        await().atMost(WAIT).until(() -> server.openConnections() == 5);
        int port = server.port();
        Await.assertReturnsWithin(1_000, "close()", server::close);
        assertTrue(server.awaitClosed(Duration.ofSeconds(1)), "the threads end within a second");
        assertEquals(0, Await.aliveThreads("tcp-server-" + port));
        assertEquals(0, Await.aliveThreads("tcp-conn-" + port + "-"));
        assertTrue(server.connections().stream().allMatch(c -> c.closeNote().equals("closed: server stopped")));
        for (TcpClient c : clients) {
            await().atMost(WAIT).untilAsserted(() -> assertFalse(c.isOpen(), "client sees the close"));
            c.close();
        }
    }
}
