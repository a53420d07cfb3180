package streamlab.ui.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import streamlab.net.Protocol;

/** Closing the tab while a send is stuck on a peer that never reads: nothing may be left behind. */
class SocketsViewModelCloseTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static List<String> alive(String... prefixes) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> Arrays.stream(prefixes).anyMatch(n::startsWith)).toList();
    }

    /** True while a sockets-io thread waits for room in a TCP client's full queue (TCP backpressure). */
    private static boolean sendIsBlockedOnBackpressure() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("sockets-io")
                    && e.getKey().getState() == Thread.State.TIMED_WAITING
                    && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals("streamlab.net.TcpClient")
                            && f.getMethodName().equals("send"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads what the client managed to write (megabytes wait in the socket buffers) until the connection ends; true
     * when it ends, false when nothing more arrives for a moment while it is still open.
     */
    private static boolean connectionEnds(Socket accepted) throws IOException {
        accepted.setSoTimeout(200);
        InputStream in = accepted.getInputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // A reset also ends it.
            return true;
        }
    }

    @Test
    void closeAbortsASendStuckOnAPeerThatNeverReadsAndLeavesNoThreadsOrSockets() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, LOOPBACK)) {
            SocketsViewModel model = SocketsViewModel.withOwnThreads(Path.of("target"), Runnable::run, Runnable::run);
            int udp = model.startUdp("127.0.0.1", 0);
            int tcp = model.startTcp("127.0.0.1", 0);
            // Big enough to fill the socket buffers and the client's queue long before the repeats run out.
            CompletableFuture<String> sending = model.send(Protocol.TCP, "127.0.0.1", peer.getLocalPort(),
                    "x".repeat(4_000), 1_000_000, Duration.ZERO);
            try (Socket accepted = peer.accept()) {
                int clientPort = accepted.getPort();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(SocketsViewModelCloseTest::sendIsBlockedOnBackpressure);

                long t0 = System.nanoTime();
                model.close();
                long closeMs = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(closeMs < 2_000, "close took " + closeMs + " ms");

                await("the send ends").atMost(Duration.ofSeconds(5)).until(sending::isDone);
                await("no client, listener or sockets-io thread is left").atMost(Duration.ofSeconds(5))
                        .until(() -> alive("tcp-client-writer-" + clientPort, "tcp-client-reader-" + clientPort,
                                "udp-listener-" + udp, "tcp-server-" + tcp, "tcp-conn-" + tcp + "-", "sockets-io"),
                                List::isEmpty);
                await("the client's socket is closed").atMost(Duration.ofSeconds(5))
                        .until(() -> connectionEnds(accepted));
            }
            // The listeners' ports are free again.
            try (DatagramSocket u = new DatagramSocket(udp, LOOPBACK); ServerSocket t = new ServerSocket(tcp, 1,
                    LOOPBACK)) {
                assertTrue(u.isBound() && t.isBound());
            }
        }
    }

    @Test
    void closeDuringThePauseBetweenRepeatsEndsTheSendAndClosesItsConnection() throws Exception {
        try (ServerSocket peer = new ServerSocket(0, 1, LOOPBACK)) {
            SocketsViewModel model = SocketsViewModel.withOwnThreads(Path.of("target"), Runnable::run, Runnable::run);
            CompletableFuture<String> sending = model.send(Protocol.TCP, "127.0.0.1", peer.getLocalPort(), "tick",
                    2, Duration.ofMinutes(1));
            try (Socket accepted = peer.accept()) {
                int clientPort = accepted.getPort();
                accepted.setSoTimeout(10_000);
                // The first tick has arrived: the send now waits a minute for the second.
                byte[] tick = accepted.getInputStream().readNBytes(5);
                assertTrue(new String(tick, java.nio.charset.StandardCharsets.UTF_8).equals("tick\n"));

                model.close();

                await("the send ends").atMost(Duration.ofSeconds(5)).until(sending::isDone);
                assertTrue(sending.isCompletedExceptionally(), "a send cut short is not reported as sent");
                await("no client or sockets-io thread is left").atMost(Duration.ofSeconds(5))
                        .until(() -> alive("tcp-client-writer-" + clientPort, "tcp-client-reader-" + clientPort,
                                "sockets-io"), List::isEmpty);
                await("the client's socket is closed").atMost(Duration.ofSeconds(5))
                        .until(() -> connectionEnds(accepted));
            }
        }
    }
}
