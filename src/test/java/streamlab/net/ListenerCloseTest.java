package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Closing a listener returns at once, even while its threads are busy in a slow sink, and the threads still end
 * within a second: the UI closes listeners on the FX thread.
 */
class ListenerCloseTest {

    private static final long CLOSE_MS = 100;
    private final TrafficLog log = new TrafficLog(100);

    /** A sink that holds its thread until released or interrupted, as a slow consumer would. */
    private static final class StuckSink implements Consumer<Message> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void accept(Message m) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void udpListenerClosesAtOnceWhileItsSinkIsBusyAndItsThreadEndsWithinASecond() throws Exception {
        StuckSink sink = new StuckSink();
        UdpListener l = UdpListener.open(null, 0, log, sink);
        int port = l.port();
        try (UdpSender sender = new UdpSender(log)) {
            sender.send(new InetSocketAddress("127.0.0.1", port), "hold".getBytes(StandardCharsets.US_ASCII));
            assertTrue(sink.entered.await(10, TimeUnit.SECONDS));
            Await.assertReturnsWithin(CLOSE_MS, "UdpListener close()", l::close);
            await("udp-listener-" + port + " ends").atMost(Duration.ofSeconds(1))
                    .until(() -> Await.aliveThreads("udp-listener-" + port) == 0);
        } finally {
            sink.release.countDown();
            l.close();
        }
    }

    @Test
    void tcpServerClosesAtOnceWhileAConnectionIsBusyInItsSinkAndItsThreadsEndWithinASecond() throws Exception {
        StuckSink sink = new StuckSink();
        TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, sink);
        int port = server.port();
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            OutputStream out = a.getOutputStream();
            out.write("hold\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(sink.entered.await(10, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 2);
            Await.assertReturnsWithin(CLOSE_MS, "TcpServer close()", server::close);
            await("tcp-server-" + port + " and its connection threads end").atMost(Duration.ofSeconds(1))
                    .until(() -> Await.aliveThreads("tcp-server-" + port) + Await.aliveThreads("tcp-conn-" + port
                            + "-") == 0);
        } finally {
            sink.release.countDown();
            server.close();
        }
    }

    @Test
    void closeAsyncTellsWhenTheListenerThreadsHaveEnded() throws Exception {
        UdpListener l = UdpListener.open(null, 0, log, null);
        TcpServer s = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, null);
        try (Socket c = new Socket("127.0.0.1", s.port())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> s.openConnections() == 1);
            l.closeAsync().get(1, TimeUnit.SECONDS);
            s.closeAsync().get(1, TimeUnit.SECONDS);
            assertTrue(Await.aliveThreads("udp-listener-" + l.port()) == 0);
            assertTrue(Await.aliveThreads("tcp-server-" + s.port()) + Await.aliveThreads("tcp-conn-" + s.port()
                    + "-") == 0);
            assertTrue(l.awaitClosed(Duration.ZERO) && s.awaitClosed(Duration.ZERO));
        }
    }
}
