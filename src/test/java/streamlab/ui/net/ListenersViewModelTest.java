package streamlab.ui.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import streamlab.net.TrafficLog;

/** The listener bar without a window: real listeners on free ports. */
class ListenersViewModelTest {

    private final ListenersViewModel model = new ListenersViewModel(new TrafficLog(TrafficLog.DEFAULT_CAPACITY));

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void startingOnPort0ShowsThePortItGotAndStoppingTurnsTheLightOff() {
        ListenersViewModel.Listener udp = model.udp();
        udp.portTextProperty().set("0");
        assertEquals("UDP :0", udp.labelProperty().get());
        udp.setOn(true);
        assertTrue(udp.isRunning());
        int port = Integer.parseInt(udp.portTextProperty().get());
        assertTrue(port > 0, "the field shows the port the system picked");
        assertEquals("UDP :" + port + "  listening", udp.labelProperty().get());
        assertEquals(ListenersViewModel.Light.ON, udp.lightProperty().get());
        assertTrue(model.anyRunningProperty().get(), "the bind address is locked while listening");
        assertEquals("UDP listening on 127.0.0.1:" + port + ".", model.status().text());
        assertTrue(model.status().isOk());
        assertEquals(Map.of("UDP listener", "on, port " + port, "TCP listener", "off"), model.parameters());

        udp.setOn(false);
        assertFalse(udp.isRunning());
        assertFalse(model.anyRunningProperty().get());
        assertEquals(ListenersViewModel.Light.OFF, udp.lightProperty().get());
        assertEquals("UDP :" + port, udp.labelProperty().get());
        assertEquals("UDP listener stopped.", model.status().text());
    }

    @Test
    void aPortInUseTurnsTheLightToErrorAndLeavesTheListenerOff() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ListenersViewModel.Listener udp = model.udp();
            udp.portTextProperty().set(String.valueOf(taken.getLocalPort()));
            udp.setOn(true);
            assertFalse(udp.isRunning());
            assertEquals(ListenersViewModel.Light.ERROR, udp.lightProperty().get());
            assertEquals("UDP :" + taken.getLocalPort() + "  error", udp.labelProperty().get());
            assertFalse(model.status().isOk());
            assertTrue(model.status().text().contains("is already in use"), model.status().text());
        }
    }

    @Test
    void aPortThatIsNotANumberSaysSo() {
        model.tcp().portTextProperty().set("ninety");
        model.tcp().setOn(true);
        assertFalse(model.tcp().isRunning());
        assertEquals("The TCP listener port 'ninety' is not a number. Type a port from 1024 to 65535, such as 9999.",
                model.status().text());
        model.tcp().portTextProperty().set("70000");
        model.tcp().setOn(true);
        assertEquals("Port 70000 is out of range. Use a port from 1024 to 65535, such as 9999.",
                model.status().text());
        assertEquals(ListenersViewModel.Light.ERROR, model.tcp().lightProperty().get());
        assertEquals("TCP :70000  error", model.tcp().labelProperty().get());
    }

    @Test
    void allInterfacesListensEverywhereWithAWarning() {
        model.allInterfacesProperty().set(true);
        model.udp().portTextProperty().set("0");
        model.udp().setOn(true);
        assertTrue(model.udp().isRunning());
        assertTrue(model.status().text().startsWith("UDP listening on 0.0.0.0:"));
        assertTrue(model.status().text().contains("Warning: listening on all network interfaces"));
        assertFalse(model.status().isOk(), "the warning is shown in the error colour");
    }

    @Test
    void tcpConnectionsAreListedWithTheirMessages() throws Exception {
        model.tcp().portTextProperty().set("0");
        model.tcp().setOn(true);
        int port = Integer.parseInt(model.tcp().portTextProperty().get());
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = client.getOutputStream();
            out.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> model.received() == 2);
            model.refreshConnections();
            assertEquals(1, model.connections().size());
            String line = model.connections().get(0);
            assertTrue(line.startsWith("#1 127.0.0.1:" + client.getLocalPort() + "  open  2 msgs, 6 B"), line);
        }
        model.tcp().setOn(false);
        model.refreshConnections();
        assertTrue(model.connections().isEmpty());
    }
}
