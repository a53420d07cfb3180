package streamlab.ui.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import streamlab.net.Direction;
import streamlab.net.Protocol;
import streamlab.net.TrafficEntry;

class SocketsViewModelTest {

    private static long alive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void tableStaysBoundedAndCountsWhatItDropsUnderAFlood() {
        try (SocketsViewModel model = new SocketsViewModel(Path.of("target"), Runnable::run, Runnable::run)) {
            byte[] b = "x".getBytes();
            long total = 0;
            for (int frame = 0; frame < 60; frame++) {
                for (int i = 0; i < 1000; i++) {
                    model.log().message(Direction.RECEIVED, Protocol.UDP, "a", "b", b, 0, 1, "");
                }
                total += 1000;
                int added = model.drain();
                assertTrue(added <= SocketsViewModel.ROWS_PER_FRAME);
                assertTrue(model.rows().size() <= SocketsViewModel.TABLE_MAX);
                assertEquals(total, model.rows().size() + model.notShownProperty().get(),
                        "every entry is either a row or counted as not shown");
            }
            assertEquals(60_000, model.totalProperty().get());
            TrafficEntry last = model.rows().get(model.rows().size() - 1);
            assertEquals(60_000, last.seq(), "the newest entry is always shown");
        }
    }

    @Test
    void closeStopsListenersConnectionsAndWorkersWithinASecond() throws Exception {
        SocketsViewModel model = SocketsViewModel.withOwnThreads(Path.of("target"), Runnable::run, Runnable::run);
        int udp = model.startUdp("127.0.0.1", 0);
        int tcp = model.startTcp("127.0.0.1", 0);
        model.send(Protocol.UDP, "127.0.0.1", udp, "u", 2, Duration.ZERO).get(10, TimeUnit.SECONDS);
        model.send(Protocol.TCP, "127.0.0.1", tcp, "t", 3, Duration.ofMillis(1)).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(model::received, n -> n == 5);
        model.drain();
        assertEquals(5, model.rows().stream().filter(e -> e.direction() == Direction.RECEIVED).count());
        assertEquals(1, model.connections().size());

        long t0 = System.nanoTime();
        model.close();
        long closeMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(closeMs < 1_500, "close returns promptly: it took " + closeMs + " ms; the limit is 1500 ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> alive("udp-listener-" + udp) + alive("tcp-server-" + tcp)
                + alive("tcp-conn-" + tcp + "-") + alive("sockets-io") + alive("sockets-experiment"), n -> n == 0);
        assertTrue(!model.udpRunning() && !model.tcpRunning());
    }

    @Test
    void tableCellsShowLongPayloadsShortenedWithAnEllipsis() {
        assertEquals("short", SocketsView.abbreviate("short", 10));
        assertEquals("0123456789", SocketsView.abbreviate("0123456789", 10));
        assertEquals("012345678\u2026", SocketsView.abbreviate("0123456789A", 10));
        assertEquals(SocketsView.HEX_CHARS, SocketsView.abbreviate("AB ".repeat(256), SocketsView.HEX_CHARS).length());
    }
}
