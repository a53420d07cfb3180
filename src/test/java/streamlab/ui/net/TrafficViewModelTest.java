package streamlab.ui.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.net.Direction;
import streamlab.net.Protocol;
import streamlab.net.TrafficEntry;
import streamlab.net.TrafficLog;

/** The traffic rows without a window: drain, filters, the flood switch, recording and saving. */
class TrafficViewModelTest {

    @TempDir
    Path outDir;

    private final TrafficLog log = new TrafficLog(TrafficLog.DEFAULT_CAPACITY);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StatusLine status = new StatusLine();

    private TrafficViewModel model() {
        return new TrafficViewModel(log, outDir, Runnable::run, Runnable::run, status, nanos::get);
    }

    private void arrive(int n, Protocol proto, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            log.message(Direction.RECEIVED, proto, "127.0.0.1:1", "127.0.0.1:2", b, 0, b.length, "");
        }
    }

    @Test
    void quietTrafficGoesStraightToTheTableAndScrollsToIt() {
        TrafficViewModel m = model();
        arrive(3, Protocol.UDP, "hello");
        TrafficViewModel.Frame f = m.frame();
        assertFalse(m.isLive());
        assertEquals(3, m.tableRows().size());
        assertTrue(f.scrollToEnd());
        assertEquals("3 rows shown of 3 in the table \u00b7 3 entries in all \u00b7 0 counted but not kept",
                m.countTextProperty().get());
        m.pauseScrollProperty().set(true);
        arrive(1, Protocol.UDP, "more");
        assertFalse(m.frame().scrollToEnd(), "paused: the table stays where the reader is");
        assertEquals(4, m.tableRows().size());
    }

    /** A ViewModel after one frame that drained {@code n} UDP messages with this text. */
    private TrafficViewModel shown(int n, String text) {
        TrafficViewModel m = model();
        arrive(n, Protocol.UDP, text);
        m.frame();
        return m;
    }

    @Test
    void aFloodFreezesTheTableForTheLiveViewAndHalfASecondOfCalmGivesItBackWithEveryRow() {
        TrafficViewModel m = shown(2, "before");
        List<TrafficEntry> before = List.copyOf(m.tableRows());

        arrive(FloodDetector.LIVE_ROWS, Protocol.UDP, "flood");
        m.frame();
        assertTrue(m.isLive());
        assertEquals(before, m.tableRows(), "the table rests during the flood");
        assertEquals(2 + FloodDetector.LIVE_ROWS, m.filtered().size(), "the live view draws the new rows");
        assertTrue(m.bannerProperty().get().startsWith("Live: the newest rows of a flood."));

        int pictures = 0;
        for (int i = 0; i < 60; i++) {
            arrive(500, Protocol.UDP, "flood");
            nanos.addAndGet(16_666_667L);
            pictures += m.frame().drawLive() ? 1 : 0;
            assertTrue(m.isLive());
        }
        assertEquals(30, pictures, "the live view is drawn every second frame");
        assertTrue(m.bannerProperty().get().matches("Live: the newest rows of a flood \\([\\d,]+ entries/s\\).*"),
                m.bannerProperty().get());
        for (int i = 1; i < FloodDetector.CALM_FRAMES; i++) {
            m.frame();
            assertTrue(m.isLive(), "calm frame " + i);
        }
        m.frame();
        assertFalse(m.isLive());
        assertEquals(m.filtered(), m.tableRows(), "the table is back with every row that arrived meanwhile");
        assertTrue(m.rows().size() <= TrafficViewModel.TABLE_MAX);
        assertEquals(m.totalProperty().get(), m.rows().size() + m.notShownProperty().get());
    }

    @Test
    void pausingScrollEndsTheLiveViewAndAPausedTableNeverGoesLive() {
        TrafficViewModel m = shown(100, "flood");
        assertTrue(m.isLive());
        m.pauseScrollProperty().set(true);
        arrive(100, Protocol.UDP, "flood");
        m.frame();
        assertFalse(m.isLive());
        assertEquals(m.filtered(), m.tableRows());
        arrive(1_000, Protocol.UDP, "flood");
        m.frame();
        assertFalse(m.isLive());
    }

    @Test
    void filtersChooseProtocolDirectionAndText() {
        TrafficViewModel m = model();
        arrive(2, Protocol.UDP, "udp row");
        arrive(3, Protocol.TCP, "tcp row");
        log.event(Protocol.TCP, "127.0.0.1:1", "127.0.0.1:2", "accepted connection #1");
        m.frame();
        assertEquals(6, m.tableRows().size());
        m.protocolFilterProperty().set("UDP");
        assertEquals(2, m.tableRows().size());
        m.protocolFilterProperty().set(TrafficViewModel.ALL_PROTOCOLS);
        m.directionFilterProperty().set("event");
        assertEquals(1, m.tableRows().size());
        m.directionFilterProperty().set(TrafficViewModel.ALL_DIRECTIONS);
        m.textFilterProperty().set("  TCP ROW ");
        assertEquals(3, m.tableRows().size());
    }

    @Test
    void clearEmptiesTheTableAndItsCounts() {
        TrafficViewModel m = shown(5, "x");
        m.clear();
        assertTrue(m.rows().isEmpty());
        assertEquals(0, m.notShownProperty().get());
        assertEquals(0, m.pending());
    }

    @Test
    void recordingWritesEveryNewEntryAndSaysHowMany() throws Exception {
        TrafficViewModel m = model();
        m.setRecording(true);
        assertTrue(m.recordingProperty().get());
        assertTrue(status.isOk() && status.text().startsWith("Recording every entry to " + outDir.resolve("sockets")),
                status.text());
        arrive(2, Protocol.UDP, "kept");
        m.setRecording(false);
        assertFalse(m.recordingProperty().get());
        assertEquals("Recording stopped: 2 entries written.", status.text());
    }

    @Test
    void aRecordingThatCannotStartStaysOffAndSaysWhy() throws Exception {
        Files.writeString(outDir.resolve("sockets"), "a file where the folder should be");
        TrafficViewModel m = model();
        m.setRecording(true);
        assertFalse(m.recordingProperty().get());
        assertFalse(status.isOk());
        assertTrue(status.text().startsWith("Could not record to ") && status.text().endsWith(
                ". Check that the folder is writable."), status.text());
    }

    @Test
    void saveWritesTheKeptLogAndSaysWhere() throws Exception {
        TrafficViewModel m = model();
        arrive(3, Protocol.UDP, "saved");
        assertEquals(3, m.save().get());
        assertTrue(status.isOk() && status.text().startsWith("Saved 3 log entries to "), status.text());
        Path file = Path.of(status.text().substring("Saved 3 log entries to ".length()));
        assertTrue(Files.readString(file).contains("\tsaved\t"));
    }
}
