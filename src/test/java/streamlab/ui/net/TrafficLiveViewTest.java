package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import streamlab.net.TrafficEntry;
import streamlab.ui.AppContext;
import streamlab.ui.FxTestSupport;
import streamlab.ui.Theme;

/** The traffic table's live view: a real UDP flood on loopback into the real tab. */
@ExtendWith(ApplicationExtension.class)
class TrafficLiveViewTest {

    @TempDir
    static Path outDir;

    private AppContext context;
    private SocketsView view;
    private final AtomicBoolean flooding = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private Thread sender;

    @Start
    void start(Stage stage) {
        context = FxTestSupport.context(outDir);
        Theme.LIGHT.apply();
        view = FxTestSupport.show(stage, context, "/streamlab/ui/net/SocketsView.fxml").getController();
        stage.setWidth(1280);
        stage.setHeight(760);
    }

    @AfterEach
    void stop() throws InterruptedException {
        flooding.set(false);
        if (sender != null) {
            sender.join(5_000);
        }
        context.close();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private int startUdp(FxRobot robot) {
        TextField port = robot.lookup("#udpPort").queryAs(TextField.class);
        robot.interact(() -> port.setText("0"));
        robot.clickOn("#udpToggle");
        return Integer.parseInt(port.getText());
    }

    /** Sends numbered datagrams as fast as the loopback takes them until told to stop. */
    private void flood(int port) {
        flooding.set(true);
        sender = new Thread(() -> {
            try (DatagramChannel ch = DatagramChannel.open()) {
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", port);
                while (flooding.get()) {
                    long n = sent.incrementAndGet();
                    ch.send(ByteBuffer.wrap(("flood " + n).getBytes(StandardCharsets.UTF_8)), to);
                    if (n % 64 == 0) {
                        Thread.onSpinWait();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-flood");
        sender.setDaemon(true);
        sender.start();
    }

    @Test
    void longValuesAreShortenedLikeTheTableShortensThem() {
        assertEquals("127.0.0.1:40918", TrafficTail.shorten("127.0.0.1:40918", 15, true));
        assertEquals("127.0\u2026:40918", TrafficTail.shorten("127.0.0.1:40918", 12, true), "the port stays whole");
        assertEquals("1\u2026:40918", TrafficTail.shorten("127.0.0.1:40918", 8, true));
        assertEquals("127\u2026918", TrafficTail.shorten("127.0.0.1:40918", 7, true), "no room for the whole port");
        assertEquals("2017,1,1\u2026", TrafficTail.shorten("2017,1,1,00:00,44.6", 9, false));
        assertEquals("", TrafficTail.shorten("anything", 1, false));
    }

    @Test
    void aFloodIsDrawnLiveAndTheTableTakesOverWithAllItsRowsAfterwards(FxRobot robot) throws Exception {
        int port = startUdp(robot);
        flood(port);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> fx(view::isLive));

        TrafficTail tail = view.trafficTail();
        TableView<TrafficEntry> table = view.trafficTable();
        // As many rows as fit in the table's body, once that many have arrived.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> tail.shown().size()
                == Math.ceil(tail.canvas().getHeight() / table.getFixedCellSize())));
        // The table rests: its rows stay as they were while newer ones reach its list and the live view.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> {
            List<TrafficEntry> items = table.getItems();
            List<TrafficEntry> rows = view.trafficRows();
            return view.isLive() && rows.size() > items.size() + 10
                    && (items.isEmpty() || items.get(items.size() - 1) != rows.get(rows.size() - 1));
        }));
        fx(() -> {
            assertTrue(tail.isVisible());
            List<TrafficEntry> rows = view.trafficRows();
            List<TrafficEntry> shown = tail.shown();
            // The live view shows the table's newest rows, in order, as many as fit in its body. It draws every
            // second frame, so it may be one frame's rows behind the list.
            int start = rows.indexOf(shown.get(0));
            assertTrue(start >= 0, "the first row drawn is in the table's list");
            assertEquals(rows.subList(start, start + shown.size()), shown);
            int behind = rows.size() - (start + shown.size());
            assertTrue(behind <= SocketsViewModel.ROWS_PER_FRAME, "rows not drawn yet: " + behind);
            double rowsThatFit = tail.canvas().getHeight() / table.getFixedCellSize();
            assertEquals(Math.ceil(rowsThatFit), shown.size(), 0.0, "rows that fit: " + rowsThatFit);
            assertTrue(tail.banner().startsWith("Live: the newest rows of a flood"), tail.banner());
            // The column headers stay visible above the drawn rows.
            Region header = (Region) table.lookup(".column-header-background");
            Bounds h = header.localToScene(header.getLayoutBounds());
            Bounds c = tail.canvas().localToScene(tail.canvas().getLayoutBounds());
            assertEquals(h.getMaxY(), c.getMinY(), 1.0, "the canvas starts where the headers end");
            return null;
        });

        // Pixels: the newest row, at the bottom, has dark text, and its Dir cell ("in") is drawn in the accent blue.
        BufferedImage img = fx(() -> {
            tail.draw(view.trafficRows());
            return SwingFXUtils.fromFXImage(tail.canvas().snapshot(null, null), null);
        });
        int rowH = (int) table.getFixedCellSize();
        int bottom = img.getHeight();
        int dark = 0;
        int blue = 0;
        for (int y = bottom - rowH + 2; y < bottom - 2; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r + g + b < 300) {
                    dark++;
                }
                if (b > r + 60 && b > g + 20) {
                    blue++;
                }
            }
        }
        assertTrue(dark > 150, "text pixels in the newest row: " + dark);
        assertTrue(blue > 15, "accent-blue pixels of the Dir cell: " + blue);

        flooding.set(false);
        sender.join(5_000);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> !view.isLive()));
        fx(() -> {
            assertFalse(tail.isVisible());
            List<TrafficEntry> rows = view.trafficRows();
            assertEquals(rows, table.getItems(), "the table is back, with every row that arrived meanwhile");
            assertTrue(rows.size() > tail.shown().size());
            return null;
        });
    }

    @Test
    void clickingTheLiveViewPausesScrollingAndHandsBackTheTable(FxRobot robot) throws Exception {
        int port = startUdp(robot);
        flood(port);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> fx(view::isLive));
        robot.clickOn(view.trafficTail().canvas());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fx(() -> !view.isLive()));
        assertTrue(robot.lookup("#pauseScroll").queryAs(ToggleButton.class).isSelected());
        fx(() -> {
            assertFalse(view.trafficTail().isVisible());
            assertFalse(view.trafficTable().getItems().isEmpty(), "the table shows its rows while the flood goes on");
            return null;
        });
        assertTrue(flooding.get(), "still flooding when the table came back");
    }
}
