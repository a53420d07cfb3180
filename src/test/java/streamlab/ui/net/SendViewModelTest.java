package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import streamlab.net.Direction;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.net.TrafficLog;

/** The send box without a window: validation and results, sending for real on a direct executor. */
class SendViewModelTest {

    private final TrafficLog log = new TrafficLog(TrafficLog.DEFAULT_CAPACITY);
    private final StatusLine status = new StatusLine();
    private final SendViewModel model = new SendViewModel(log, Runnable::run, Runnable::run, status);

    @AfterEach
    void close() {
        model.close();
    }

    private void assertRejected(String expectedStart) {
        assertTrue(model.send().isCompletedExceptionally());
        assertFalse(status.isOk());
        assertTrue(status.text().startsWith(expectedStart), status.text());
        assertEquals(0, log.total(), "nothing was sent");
    }

    @Test
    void typingMistakesAreShownAndNothingIsSent() {
        model.portProperty().set("port");
        assertRejected("The port 'port' is not a number.");
        model.portProperty().set("0");
        assertRejected("Port 0 cannot receive. Type the receiver's port.");
        model.portProperty().set("9999");
        model.intervalProperty().set("soon");
        assertRejected("The interval 'soon' is not a duration. Write it like 0ms, 100ms, 2s or 1m.");
        model.intervalProperty().set("0ms");
        model.messageProperty().set("x".repeat(70_000));
        assertRejected("Message too large: 70,000 bytes, but a UDP datagram allows at most 65,507 bytes.");
    }

    @Test
    void aUdpSendArrivesAndSaysWhatWasSent() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(10_000);
            model.portProperty().set(String.valueOf(receiver.getLocalPort()));
            model.messageProperty().set("hello");
            model.repeatProperty().set(3);
            model.intervalProperty().set("1ms");
            assertEquals("Sent 3 \u00d7 5 bytes over UDP to 127.0.0.1:" + receiver.getLocalPort(), model.send().get());
            assertEquals("Sent 3 \u00d7 5 bytes over UDP to 127.0.0.1:" + receiver.getLocalPort() + ".",
                    status.text());
            assertTrue(status.isOk());
            for (int i = 0; i < 3; i++) {
                DatagramPacket p = new DatagramPacket(new byte[100], 100);
                receiver.receive(p);
                assertEquals("hello", new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
            assertEquals(3, log.snapshot().stream().filter(e -> e.direction() == Direction.SENT).count());
        }
    }

    @Test
    void aRefusedTcpConnectionSaysNothingListensThere() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        model.protocolProperty().set(Protocol.TCP);
        model.portProperty().set(String.valueOf(closed));
        assertTrue(model.send().isCompletedExceptionally());
        assertFalse(status.isOk());
        assertEquals("Connection refused by 127.0.0.1:" + closed + ": nothing is listening on that port. Start a TCP "
                + "listener there first, or check the port.", status.text());
    }

    @Test
    void afterCloseASendFailsWithoutOpeningAnything() {
        model.close();
        model.portProperty().set("9");
        assertTrue(model.send().isCompletedExceptionally());
        assertEquals("Sending stopped: the Sockets tab closed.", status.text());
        assertEquals(0, log.total());
        assertTrue(model.send(Protocol.UDP, "127.0.0.1", 9, "x", 1, java.time.Duration.ZERO)
                .handle((r, e) -> e instanceof NetError n && n.kind() == NetError.Kind.CLOSED).join());
    }
}
