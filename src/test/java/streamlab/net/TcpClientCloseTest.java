package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Closing a TCP client: nothing accepted is lost without a count, and the caller never waits on the peer. */
class TcpClientCloseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final TrafficLog log = new TrafficLog(100);

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static long clientThreads(int localPort) {
        return Await.aliveThreads("tcp-client-writer-" + localPort) + Await.aliveThreads("tcp-client-reader-"
                + localPort) + Await.aliveThreads("tcp-client-close-" + localPort);
    }

    @Test
    void aMessageAcceptedWhileCloseRacesIsWrittenAndOneAcceptedAfterItIsRefused() throws Exception {
        long seed = 20261130L;
        SplittableRandom random = new SplittableRandom(seed);
        byte[] msg = "m".getBytes(StandardCharsets.US_ASCII);
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, null)) {
            for (int i = 0; i < 60; i++) {
                int spins = random.nextInt(20_000);
                TcpClient c = TcpClient.connect("127.0.0.1", server.port(), Framing.NEWLINE, 1024, log, WAIT);
                String peer = c.localAddress();
                AtomicLong accepted = new AtomicLong();
                CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                    while (true) {
                        try {
                            if (c.trySend(msg)) {
                                accepted.incrementAndGet();
                            } else if (!c.isOpen()) {
                                return;
                            }
                        } catch (NetError e) {
                            return;
                        }
                    }
                }, r -> new Thread(r, "test-try-sender").start());
                for (int s = 0; s < spins; s++) {
                    Thread.onSpinWait();
                }
                c.close();
                sender.get(10, TimeUnit.SECONDS);
                int local = port(peer);
                await().atMost(WAIT).until(() -> clientThreads(local) == 0);
                int iteration = i;
                await("connection of iteration " + i + " closed on the server").atMost(WAIT)
                        .until(() -> server.connections().stream().anyMatch(k -> k.peer().equals(peer) && !k.open()));
                long arrived = server.connections().stream().filter(k -> k.peer().equals(peer))
                        .mapToLong(TcpServer.Connection::messages).sum();
                // The server reads everything, so nothing may be left unwritten: every true from trySend arrives.
                assertEquals(accepted.get(), arrived, "iteration " + iteration + " (seed " + seed + ", " + spins
                        + " spins before close): trySend said true for messages the server never got");
                assertEquals(accepted.get(), c.written(), "iteration " + iteration + ": written");
                assertEquals(0, c.unsent(), "iteration " + iteration + ": unsent");
            }
        }
    }

    @Test
    void closingClientsWhosePeerDoesNotReadReturnsAtOnceAndTakesTheLongestNotTheSum() throws Exception {
        int n = 5;
        try (ServerSocket peer = new ServerSocket(0, n, InetAddress.getLoopbackAddress())) {
            List<TcpClient> clients = new ArrayList<>();
            List<Socket> accepted = new ArrayList<>();
            try {
                byte[] big = "x".repeat(60_000).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < n; i++) {
                    TcpClient c = TcpClient.connect("127.0.0.1", peer.getLocalPort(), Framing.NEWLINE, 1 << 20, log,
                            WAIT);
                    clients.add(c);
                    accepted.add(peer.accept());
                    // Fill the socket buffers and the queue: the peer never reads, so the writer is stuck in write.
                    while (c.offer(big, Duration.ofMillis(200))) {
                        Thread.onSpinWait();
                    }
                }
                long start = System.nanoTime();
                for (TcpClient c : clients) {
                    long t0 = System.nanoTime();
                    c.close();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(ms < 100, "close() returned after " + ms + " ms; it must not wait for the peer");
                }
                for (TcpClient c : clients) {
                    int local = port(c.localAddress());
                    await("threads of client " + local + " end").atMost(Duration.ofMillis(1500))
                            .pollInterval(Duration.ofMillis(5)).until(() -> clientThreads(local) == 0);
                }
                long allMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(allMs < 1500, n + " stuck clients took " + allMs + " ms to close; about the longest one "
                        + "(half a second) is expected, not the sum");
                for (TcpClient c : clients) {
                    assertTrue(c.unsent() > 0, "what the peer never took is counted as unsent");
                }
                assertTrue(log.snapshot().stream().anyMatch(e -> e.text().contains("queued messages were not sent")
                        || e.text().contains("queued message was not sent")), "the close event says what was lost");
            } finally {
                clients.forEach(TcpClient::close);
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Test
    void closeAsyncCompletesWhenTheThreadsHaveEndedAndAfterCloseTrySendIsRefused() throws Exception {
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, null)) {
            TcpClient c = TcpClient.connect("127.0.0.1", server.port(), Framing.NEWLINE, 1024, log, WAIT);
            int local = port(c.localAddress());
            assertTrue(c.trySend("last".getBytes(StandardCharsets.US_ASCII)));
            CompletableFuture<Void> closed = c.closeAsync();
            assertEquals(false, c.trySend("too late".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(false, c.isOpen());
            closed.get(2, TimeUnit.SECONDS);
            assertTrue(c.awaitClosed(Duration.ZERO));
            assertEquals(0, clientThreads(local));
            assertEquals(1, c.written());
            assertEquals(0, c.unsent());
            await().atMost(WAIT).until(() -> server.received() == 1);
        }
    }
}
