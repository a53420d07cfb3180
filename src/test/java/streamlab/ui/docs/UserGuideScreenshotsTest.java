package streamlab.ui.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.MenuBar;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.contention.Resource;
import streamlab.net.Direction;
import streamlab.net.Protocol;
import streamlab.net.TrafficEntry;
import streamlab.stream.SinkStats;
import streamlab.ui.contention.ContentionView;
import streamlab.ui.contention.HistoryRow;
import streamlab.ui.FxTestSupport;

/**
 * Drives the real window through the course tasks and saves the user guide's pictures.
 */
class UserGuideScreenshotsTest extends GuideScreenshotsBase {

    @Start
    void start(Stage stage) {
        openGuideWindow(stage);
    }

    @Test
    void contentionRunWithTheLockOff(FxRobot robot) throws Exception {
        Node tab = tab(0);
        ToggleButton lock = robot.from(tab).lookup("#lockToggle").queryAs(ToggleButton.class);
        Slider hold = robot.from(tab).lookup("#hold").queryAs(Slider.class);
        robot.interact(() -> {
            lock.setSelected(false);
            // About a quarter of the way: a hold near 100 ms, long enough for the lanes to overlap.
            hold.setValue(hold.getMin() + 0.25 * (hold.getMax() - hold.getMin()));
        });
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        TableView<?> history = robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> history.getItems().size() == 1);
        FxTestSupport.awaitFrames(3); // the timeline draws its final frame
        assertImage(save(robot, "main-window.png"));
    }

    @Test
    void task1CourseRunsTheQuickRunAndItsOrderView(FxRobot robot) throws Exception {
        Node tab = tab(0);
        TableView<HistoryRow> history = history(robot, tab);
        // The course's two runs as the button does them, with the course's 3 s hold: about 7 s.
        robot.clickOn(robot.from(tab).lookup("#courseButton").queryAs(Node.class));
        WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> history.getItems().size() == 2
                && !contention().model().courseRunningProperty().get());
        // The newest run is listed first.
        HistoryRow slow = history.getItems().get(0);
        HistoryRow quick = history.getItems().get(1);
        assertEquals("course: quick tasks", quick.label());
        assertEquals("course: long tasks", slow.label());
        assertEquals(0, quick.lost(), "the lock-on run loses nothing");
        assertTrue(slow.orderText().matches("\\d-\\d-\\d → \\d-\\d-\\d"), slow.orderText());
        assertTrue(slow.lost() > 0, "the long run without a lock loses updates: " + slow.resultText());

        // The quick run back on the timeline, as a click on its row does.
        robot.interact(() -> history.getSelectionModel().select(quick));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> contention().model().shownRowProperty().get() == quick);
        fitTimeline(robot);
        assertEquals("0", contention().model().lostProperty().get());
        BufferedImage runs = save(robot, "task1-quick-runs.png");
        assertImage(runs);

        robot.clickOn(robot.from(tab).lookup("#orderToggle").queryAs(Node.class));
        assertTrue(contention().timeline().orderViewProperty().get(), "the order view is on");
        fitTimeline(robot);
        BufferedImage order = save(robot, "task1-order-view.png");
        assertImage(order);
        assertTrue(differentPixels(runs, order) > 10_000, "the order view draws something else than the time view");
    }

    @Test
    void task2LostUpdatesWithTheLockOff(FxRobot robot) throws Exception {
        Node tab = tab(0);
        withoutTheLock(robot, tab, 3, 3);
        robot.interact(() -> assertTrue(contention().model().setHoldText("80ms")));
        HistoryRow run = startOneRun(robot, tab, 20);
        assertEquals(9, run.expected());
        assertTrue(run.lost() > 0, "updates are lost without the lock: " + run.resultText());
        assertEquals(String.valueOf(run.lost()), contention().model().lostProperty().get());
        assertTrue(contention().timeline().placedLabels().stream().anyMatch(l -> l.text().startsWith("wrote ")),
                "the lost-update links are labelled");
        assertImage(save(robot, "task2-lost-updates.png"));
    }

    @Test
    void task2DatabaseIsLockedWithoutTheLock(FxRobot robot) throws Exception {
        Node tab = tab(0);
        withoutTheLock(robot, tab, 3, 2);
        robot.interact(() -> {
            contention().model().resourceProperty().set(Resource.SQLITE);
            spin(robot, tab, "#busyTimeout", 100);
            assertTrue(contention().model().setHoldText("1s"));
        });
        HistoryRow run = startOneRun(robot, tab, 30);
        assertTrue(run.errors() > 0, "'database is locked' without the lock: " + run.resultText());
        assertEquals(String.valueOf(run.errors()), contention().model().errorsProperty().get());
        assertTrue(contention().model().logLines().stream().anyMatch(l -> l.contains("database is locked")),
                "the run log names the error");
        assertImage(save(robot, "task2-database-locked.png"));
    }

    @Test
    void task3StreamOfTheCourseFileToOut9AndUdp(FxRobot robot) throws Exception {
        Node tab = show(robot, 1);
        robot.interact(() -> {
            robot.from(tab).lookup("#filePath").queryAs(TextField.class).setText("data/batchfile_0_farenheit.csv");
            robot.from(tab).lookup("#intervalField").queryAs(TextField.class).setText("1s-3s");
            robot.from(tab).lookup("#reverseBox").queryAs(CheckBox.class).setSelected(true);
            robot.from(tab).lookup("#fileSinkBox").queryAs(CheckBox.class).setSelected(true);
            robot.from(tab).lookup("#udpSinkBox").queryAs(CheckBox.class).setSelected(true);
            robot.from(tab).lookup("#udpField").queryAs(TextField.class).setText("localhost:9999");
            robot.from(tab).lookup("#tcpSinkBox").queryAs(CheckBox.class).setSelected(false);
        });
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        @SuppressWarnings("unchecked")
        TableView<SinkStats> outputs = robot.from(tab).lookup("#sinkTable").queryAs(TableView.class);
        // A few records at the course's pace, one every 1 to 3 seconds: about 18 s, until the temperature moves.
        // The table's list changes on the FX thread: it is read there.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> FxTestSupport.onFx(() -> outputs.getItems().size() == 2
                && outputs.getItems().stream().allMatch(s -> s.sent() >= 9)));
        java.util.List<SinkStats> sinks = FxTestSupport.onFx(() -> java.util.List.copyOf(outputs.getItems()));
        assertTrue(sinks.stream().anyMatch(s -> s.name().contains("out9.txt")), String.valueOf(sinks));
        assertTrue(sinks.stream().anyMatch(s -> s.name().contains("9999")), String.valueOf(sinks));
        assertTrue(Files.readAllLines(outDir.resolve("out9.txt")).size() >= 5, "out9.txt has the records");
        assertImage(save(robot, "task3-stream.png"));
        robot.clickOn(robot.from(tab).lookup("#stopButton").queryAs(Node.class));
    }

    @Test
    void task4UdpAndTcpSendReceiveAndTheExperiment(FxRobot robot) throws Exception {
        Node tab = show(robot, 2);
        int udp = listen(robot, tab, "udp");
        int tcp = listen(robot, tab, "tcp");
        send(robot, tab, Protocol.UDP, udp, "hello over UDP");
        send(robot, tab, Protocol.TCP, tcp, "hello over TCP");
        @SuppressWarnings("unchecked")
        TableView<TrafficEntry> traffic = robot.from(tab).lookup("#traffic").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> received(traffic, Protocol.UDP, "hello over UDP")
                && received(traffic, Protocol.TCP, "hello over TCP"));
        robot.interact(() -> {
            robot.from(tab).lookup("#expCount").queryAs(TextField.class).setText("2000");
            robot.from(tab).lookup("#expDrop").queryAs(TextField.class).setText("5");
            robot.from(tab).lookup("#expReorder").queryAs(TextField.class).setText("5");
        });
        robot.clickOn(robot.from(tab).lookup("#experimentButton").queryAs(Node.class));
        TableView<?> results = robot.from(tab).lookup("#results").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !results.getItems().isEmpty());
        Thread.sleep(500); // the bar chart animates in
        assertImage(save(robot, "task4-sockets.png"));
    }

    @Test
    void task5ExportRunSaysWhereTheReportWent(FxRobot robot) throws Exception {
        Node tab = tab(0);
        robot.interact(() -> {
            contention().model().lockOnProperty().set(false);
            assertTrue(contention().model().setHoldText("80ms"));
        });
        startOneRun(robot, tab, 20);
        Path folder = exportRun(robot);
        assertTrue(Files.readString(folder.resolve("report.md")).contains("![")
                && Files.size(folder.resolve("screenshot.png")) > 10_000, "report.md embeds its screenshot");
        String status = main.statusText();
        assertEquals("Run exported: " + folder, status);
        // The run wrote to a temporary folder; the picture shows the path as it reads under out/.
        String shown = status.replace(outDir.toString(), "out");
        // The File menu beside it: Screenshot, Export run and Open output folder are where a report starts.
        MenuBar bar = (MenuBar) stage.getScene().lookup(".menu-bar");
        robot.interact(() -> bar.getMenus().get(0).show());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> openMenu() != null);
        assertTrue(openMenu().getItems().stream().anyMatch(i -> "Export run".equals(i.getText().replace("_", ""))));
        BufferedImage plain = snapshot(robot);
        BufferedImage img = save(robot, "task5-export.png", shown);
        robot.interact(() -> bar.getMenus().get(0).hide());
        assertImage(img);
        assertTrue(differentPixels(plain, img) > 2_000, "the open File menu is in the picture");
    }

    @Test
    void udpFloodInTheLiveView(FxRobot robot) throws Exception {
        Node tab = show(robot, 2);
        TextField port = robot.from(tab).lookup("#udpPort").queryAs(TextField.class);
        robot.interact(() -> port.setText("0"));
        robot.clickOn(robot.from(tab).lookup("#udpToggle").queryAs(Node.class));
        int target = Integer.parseInt(port.getText());
        java.util.concurrent.atomic.AtomicBoolean flooding = new java.util.concurrent.atomic.AtomicBoolean(true);
        // The course's records, sent as fast as the loopback takes them, as "streamlab send --count" would.
        Thread sender = new Thread(() -> {
            try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
                java.net.InetSocketAddress to = new java.net.InetSocketAddress("127.0.0.1", target);
                for (long n = 0; flooding.get(); n++) {
                    String record = String.format(java.util.Locale.ROOT, "2023,1,%d,%02d:%02d,%d",
                            1 + n % 28, n / 60 % 24, n % 60, 20 + n % 9);
                    ch.send(java.nio.ByteBuffer.wrap(record.getBytes(java.nio.charset.StandardCharsets.UTF_8)), to);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "guide-flood");
        sender.setDaemon(true);
        sender.start();
        try {
            Node live = robot.from(tab).lookup(".traffic-tail").query();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, live::isVisible);
            Thread.sleep(1500); // the strip's rate is measured over a second
            assertImage(save(robot, "sockets-flood.png"));
        } finally {
            flooding.set(false);
            sender.join(5_000);
        }
    }

    private ContentionView contention() {
        return (ContentionView) main.labTabs().get("contention").view();
    }

    @SuppressWarnings("unchecked")
    private static TableView<HistoryRow> history(FxRobot robot, Node tab) {
        return robot.from(tab).lookup("#historyTable").queryAs(TableView.class);
    }

    /** Starts a run as the Start button does, waits for its history row and shows the whole run. */
    private HistoryRow startOneRun(FxRobot robot, Node tab, int seconds) throws Exception {
        robot.clickOn(robot.from(tab).lookup("#startButton").queryAs(Node.class));
        TableView<HistoryRow> history = history(robot, tab);
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> history.getItems().size() == 1);
        fitTimeline(robot);
        return history.getItems().get(0);
    }

    /** Shows the whole run, as the Fit button (or F) does, and lets the timeline draw that frame. */
    private void fitTimeline(FxRobot robot) throws Exception {
        robot.interact(() -> contention().timeline().fit());
        FxTestSupport.awaitFrames(3); // the timeline draws once per frame
    }

    /** Switches a listener on at 9999 as the guide says, or at a free port when 9999 is taken on this machine. */
    private static int listen(FxRobot robot, Node tab, String proto) throws Exception {
        TextField port = robot.from(tab).lookup("#" + proto + "Port").queryAs(TextField.class);
        ToggleButton toggle = robot.from(tab).lookup("#" + proto + "Toggle").queryAs(ToggleButton.class);
        robot.interact(() -> port.setText("9999"));
        robot.clickOn(toggle);
        if (!toggle.isSelected()) {
            robot.interact(() -> port.setText("0"));
            robot.clickOn(toggle);
        }
        assertTrue(toggle.isSelected(), proto + " listener on");
        return Integer.parseInt(port.getText());
    }

    @SuppressWarnings("unchecked")
    private static void send(FxRobot robot, Node tab, Protocol proto, int port, String message) {
        robot.interact(() -> {
            robot.from(tab).lookup("#sendProtocol").queryAs(javafx.scene.control.ComboBox.class).setValue(proto);
            robot.from(tab).lookup("#sendPort").queryAs(TextField.class).setText(String.valueOf(port));
            robot.from(tab).lookup("#sendMessage").queryAs(TextField.class).setText(message);
        });
        robot.clickOn(robot.from(tab).lookup("#sendButton").queryAs(Node.class));
    }

    private static boolean received(TableView<TrafficEntry> traffic, Protocol proto, String text) throws Exception {
        // The table's list changes on the FX thread: it is read there.
        return FxTestSupport.onFx(() -> traffic.getItems().stream().anyMatch(e -> e.direction() == Direction.RECEIVED
                && e.protocol() == proto && e.text().equals(text)));
    }

    /** How many pixels differ between two pictures of the same size. */
    private static int differentPixels(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Sets the workers and their tasks and turns the lock off, as task 2 of the guide does. */
    private void withoutTheLock(FxRobot robot, Node tab, int threads, int tasks) {
        robot.interact(() -> {
            spin(robot, tab, "#threads", threads);
            spin(robot, tab, "#tasks", tasks);
            contention().model().lockOnProperty().set(false);
        });
    }

    private static void spin(FxRobot robot, Node tab, String id, int value) {
        robot.from(tab).lookup(id).queryAs(Spinner.class).getValueFactory().setValue(value);
    }

    /** Selects the tab, as a click on it would, and returns its content. */
    private Node show(FxRobot robot, int index) {
        robot.interact(() -> main.tabs().getSelectionModel().select(index));
        return tab(index);
    }
}
