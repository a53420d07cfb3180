package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.shape.Circle;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.net.Direction;
import streamlab.net.LossyLink;
import streamlab.net.Protocol;
import streamlab.net.TrafficEntry;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Screenshots;

@ExtendWith(ApplicationExtension.class)
class SocketsViewTest {

    @TempDir
    static Path outDir;

    private AppContext context;
    private SocketsView view;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        context = FxTestSupport.context(outDir);
        view = FxTestSupport.show(stage, context, "/streamlab/ui/net/SocketsView.fxml").getController();
    }

    @AfterEach
    void closeContext() {
        context.close();
    }

    private static <T extends javafx.scene.Node> T node(FxRobot robot, String id, Class<T> type) {
        return robot.lookup(id).queryAs(type);
    }

    private int startListener(FxRobot robot, String proto) {
        String p = proto.toLowerCase();
        TextField port = node(robot, "#" + p + "Port", TextField.class);
        robot.interact(() -> port.setText("0"));
        robot.clickOn("#" + p + "Toggle");
        assertTrue(node(robot, "#" + p + "Toggle", ToggleButton.class).isSelected());
        int actual = Integer.parseInt(port.getText());
        assertNotEquals(0, actual, "the field shows the port the system picked");
        assertTrue(node(robot, "#" + p + "Light", Circle.class).getStyleClass().contains("light-on"));
        return actual;
    }

    @SuppressWarnings("unchecked")
    private void sendFromTheBox(FxRobot robot, Protocol proto, int port, String message) {
        robot.interact(() -> {
            ((ComboBox<Protocol>) node(robot, "#sendProtocol", ComboBox.class)).setValue(proto);
            node(robot, "#sendPort", TextField.class).setText(String.valueOf(port));
            node(robot, "#sendMessage", TextField.class).setText(message);
        });
        robot.clickOn("#sendButton");
    }

    private TrafficEntry waitForRow(Protocol proto, String text) throws Exception {
        TableView<TrafficEntry> table = view.trafficTable();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(
                e -> e.direction() == Direction.RECEIVED && e.protocol() == proto && e.text().equals(text)));
        return table.getItems().stream().filter(e -> e.direction() == Direction.RECEIVED && e.text().equals(text))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static String cell(TableView<TrafficEntry> table, String header, TrafficEntry e) {
        TableColumn<TrafficEntry, ?> col = table.getColumns().stream().filter(c -> c.getText().equals(header))
                .findFirst().orElseThrow();
        return String.valueOf(col.getCellData(e));
    }

    @Test
    void udpMessageFromTheSendBoxAppearsAsAReceivedRow(FxRobot robot) throws Exception {
        int port = startListener(robot, "UDP");
        sendFromTheBox(robot, Protocol.UDP, port, "hello sockets");
        TrafficEntry row = waitForRow(Protocol.UDP, "hello sockets");
        TableView<TrafficEntry> table = view.trafficTable();
        assertEquals("in", cell(table, "Dir", row));
        assertEquals("UDP", cell(table, "Proto", row));
        assertEquals("13", cell(table, "Size", row));
        assertEquals("127.0.0.1:" + port, cell(table, "To", row));
        assertEquals("68 65 6C 6C 6F 20 73 6F 63 6B 65 74 73", cell(table, "Hex", row));
        assertTrue(table.getItems().stream().anyMatch(e -> e.direction() == Direction.SENT
                && e.text().equals("hello sockets")), "the sent datagram is listed too");

        @SuppressWarnings("unchecked")
        ComboBox<String> dir = node(robot, "#dirFilter", ComboBox.class);
        robot.interact(() -> dir.setValue("out"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(table.getItems().stream().allMatch(e -> e.direction() == Direction.SENT));
        assertFalse(table.getItems().isEmpty());
    }

    @Test
    void tcpMessageShowsHandshakeRowAndConnection(FxRobot robot) throws Exception {
        int port = startListener(robot, "TCP");
        sendFromTheBox(robot, Protocol.TCP, port, "over tcp");
        TrafficEntry row = waitForRow(Protocol.TCP, "over tcp");
        assertEquals(8, row.size());
        assertTrue(view.trafficTable().getItems().stream().anyMatch(e -> e.direction() == Direction.EVENT
                && e.text().startsWith("accepted connection #1")));
        @SuppressWarnings("unchecked")
        ListView<String> conns = node(robot, "#connectionList", ListView.class);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> conns.getItems().size() == 1
                && conns.getItems().get(0).contains("1 msgs"));
        assertTrue(conns.getItems().get(0).startsWith("#1 127.0.0.1:"), conns.getItems().get(0));
        assertTrue(conns.getItems().get(0).contains("open"));
    }

    @Test
    void portInUseTurnsTheLightToErrorWithAMessage(FxRobot robot) throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            TextField port = node(robot, "#udpPort", TextField.class);
            robot.interact(() -> port.setText(String.valueOf(taken.getLocalPort())));
            robot.clickOn("#udpToggle");
            assertFalse(node(robot, "#udpToggle", ToggleButton.class).isSelected());
            assertTrue(node(robot, "#udpLight", Circle.class).getStyleClass().contains("light-error"));
            String status = node(robot, "#listenerStatus", Label.class).getText();
            assertTrue(status.contains("is already in use"), status);
            assertFalse(view.model().udpRunning());
        }
        // Consistent afterwards: a free port works.
        startListener(robot, "UDP");
    }

    @Test
    void experimentFillsTheResultsAndTheChartAndSaysSimulated(FxRobot robot) throws Exception {
        robot.interact(() -> {
            node(robot, "#expCount", TextField.class).setText("500");
            node(robot, "#expRate", TextField.class).setText("20000");
            node(robot, "#expDrop", TextField.class).setText("10");
            node(robot, "#expReorder", TextField.class).setText("4");
            node(robot, "#expSeed", TextField.class).setText("42");
        });
        robot.clickOn("#experimentButton");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.resultsTable().getItems().size() == 7);
        WaitForAsyncUtils.waitForFxEvents();
        LossyLink plan = LossyLink.plan(500, 10, 4, 42);
        String[] lost = view.resultsTable().getItems().get(2);
        assertEquals("lost", lost[0]);
        assertEquals(String.valueOf(plan.dropped()), lost[1]);
        assertEquals("0", lost[2]);
        List<XYChart.Series<String, Number>> series = view.charts().get(0).getData();
        assertEquals(List.of("UDP (simulated lossy link)", "TCP"), series.stream().map(XYChart.Series::getName)
                .toList());
        assertEquals(500 - plan.dropped(), series.get(0).getData().get(0).getYValue().intValue());
        assertEquals(500, series.get(1).getData().get(0).getYValue().intValue());
        assertTrue(node(robot, "#experimentStatus", Label.class).getText().contains("SIMULATED"));

        // A picture of the tab with traffic and results, for the docs and a look.
        int port = startListener(robot, "UDP");
        sendFromTheBox(robot, Protocol.UDP, port, "temperature,72.5");
        waitForRow(Protocol.UDP, "temperature,72.5");
        startListener(robot, "TCP");
        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> img[0] = SwingFXUtils.fromFXImage(Screenshots.snapshot(stage.getScene()), null));
        Path png = Path.of("target", "sockets-tab.png");
        Files.createDirectories(png.getParent());
        javax.imageio.ImageIO.write(img[0], "png", png.toFile());
        assertTrue(FxTestSupport.distinctColours(img[0]) > 50);
        assertTrue(FxTestSupport.dominantShare(img[0]) < 0.9);
    }

    @Test
    void saveLogWritesTheKeptEntries(FxRobot robot) throws Exception {
        int port = startListener(robot, "UDP");
        robot.clickOn("#recordButton");
        assertTrue(node(robot, "#sendStatus", Label.class).getText().startsWith("Recording every entry to "));
        sendFromTheBox(robot, Protocol.UDP, port, "to file");
        waitForRow(Protocol.UDP, "to file");
        robot.clickOn("#saveButton");
        Path folder = outDir.resolve("sockets");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.isDirectory(folder)
                && node(robot, "#sendStatus", Label.class).getText().startsWith("Saved"));
        Path file;
        try (Stream<Path> files = Files.list(folder)) {
            file = files.filter(p -> p.getFileName().toString().matches("traffic-\\d{8}-\\d{6}\\.tsv")).findFirst()
                    .orElseThrow();
        }
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.stream().anyMatch(l -> l.contains("\tin\tUDP\t") && l.contains("\tto file\t")),
                String.join("\n", lines));

        robot.clickOn("#recordButton");
        assertEquals("Recording stopped: 2 entries written.", node(robot, "#sendStatus", Label.class).getText());
        Path full;
        try (Stream<Path> files = Files.list(folder)) {
            full = files.filter(p -> p.getFileName().toString().startsWith("traffic-full-")).findFirst().orElseThrow();
        }
        List<String> recorded = Files.readAllLines(full);
        assertEquals(3, recorded.size(), String.join("\n", recorded));
        assertTrue(recorded.get(1).contains("\tout\tUDP\t") && recorded.get(2).contains("\tin\tUDP\t"));
    }

    @Test
    void sendErrorsAreShownUnderTheSendBox(FxRobot robot) throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Label status = node(robot, "#sendStatus", Label.class);
        sendFromTheBox(robot, Protocol.TCP, closed, "anyone?");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status.getText().startsWith("Connection refused"));
        assertTrue(status.getStyleClass().contains("error"));
        assertEquals("Connection refused by 127.0.0.1:" + closed + ": nothing is listening on that port. Start a TCP "
                + "listener there first, or check the port.", status.getText());

        robot.interact(() -> node(robot, "#sendPort", TextField.class).setText("port"));
        robot.clickOn("#sendButton");
        assertTrue(status.getText().startsWith("The port 'port' is not a number."), status.getText());
    }
}
