package streamlab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficLogTest {

    @TempDir
    Path dir;

    private static void add(TrafficLog log, String text) {
        byte[] b = text.getBytes();
        log.message(Direction.RECEIVED, Protocol.UDP, "127.0.0.1:1", "127.0.0.1:2", b, 0, b.length, "");
    }

    @Test
    void ringKeepsTheLastEntriesAndCountsTheRest() {
        TrafficLog log = new TrafficLog(3);
        for (int i = 1; i <= 10; i++) {
            add(log, "m" + i);
        }
        assertEquals(10, log.total());
        assertEquals(7, log.overwritten());
        assertEquals(List.of("m8", "m9", "m10"), log.snapshot().stream().map(TrafficEntry::text).toList());
    }

    @Test
    void drainingReturnsOnlyNewEntriesAndSaysHowManyWereMissed() {
        TrafficLog log = new TrafficLog(4);
        add(log, "a");
        add(log, "b");
        TrafficLog.Batch first = log.since(0);
        assertEquals(2, first.entries().size());
        assertEquals(0, first.missed());
        for (int i = 0; i < 6; i++) {
            add(log, "x" + i);
        }
        TrafficLog.Batch second = log.since(first.lastSeq());
        assertEquals(List.of("x2", "x3", "x4", "x5"), second.entries().stream().map(TrafficEntry::text).toList());
        assertEquals(2, second.missed(), "x0 and x1 were overwritten before this drain");
        assertEquals(0, log.since(second.lastSeq()).entries().size());
    }

    @Test
    void clearForgetsKeptEntriesButKeepsCounting() {
        TrafficLog log = new TrafficLog(4);
        add(log, "a");
        add(log, "b");
        log.clear();
        assertEquals(0, log.snapshot().size());
        assertEquals(0, log.since(0).missed());
        add(log, "c");
        assertEquals(List.of("c"), log.snapshot().stream().map(TrafficEntry::text).toList());
        assertEquals(3, log.total());
    }

    @Test
    void writeToProducesAHeaderAndOneTabSeparatedLinePerEntry() throws Exception {
        TrafficLog log = new TrafficLog(2);
        add(log, "old");
        add(log, "hi\tthere");
        log.event(Protocol.TCP, "127.0.0.1:5", "127.0.0.1:6", "accepted connection #1");
        Path file = dir.resolve("sub/traffic.tsv");
        assertEquals(2, log.writeTo(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertEquals("# StreamLab traffic log: 2 entries kept of 3 (1 older entries were counted but not kept)",
                lines.get(0));
        assertEquals("time\tdir\tproto\tfrom\tto\tsize\ttext\thex", lines.get(1));
        String[] row = lines.get(2).split("\t");
        assertEquals(8, row.length);
        assertEquals("in", row[1]);
        assertEquals("UDP", row[2]);
        assertEquals("127.0.0.1:2", row[3]);
        assertEquals("127.0.0.1:1", row[4]);
        assertEquals("8", row[5]);
        assertEquals("hi\u21e5there", row[6]);
        assertEquals("68 69 09 74 68 65 72 65", row[7]);
        assertTrue(lines.get(3).contains("\tevent\tTCP\t"));
        assertTrue(Files.list(file.getParent()).noneMatch(p -> p.toString().endsWith(".part")));
    }

    @Test
    void entriesKeepAPreviewSoMemoryIsBoundedEvenForBigMessages() {
        TrafficLog log = new TrafficLog(100);
        byte[] big = new byte[60_000];
        for (int i = 0; i < 1000; i++) {
            log.message(Direction.RECEIVED, Protocol.UDP, "a", "b", big, 0, big.length, "");
        }
        long kept = log.snapshot().stream().mapToLong(e -> e.preview().length).sum();
        assertEquals(100L * TrafficEntry.PREVIEW_BYTES, kept);
        assertTrue(log.snapshot().get(0).hex().endsWith("\u2026"));
        assertEquals(60_000, log.snapshot().get(0).size());
    }

    @Test
    void recordingWritesEveryEntryEvenThoseTheRingNoLongerKeeps() throws Exception {
        TrafficLog log = new TrafficLog(10);
        add(log, "before");
        Path file = dir.resolve("full/all.tsv");
        log.startRecording(file);
        assertEquals(file, log.recordingFile());
        for (int i = 0; i < 5000; i++) {
            add(log, "m" + i);
        }
        log.messages(Direction.SENT, Protocol.TCP, "l", "r", List.of("a\n".getBytes(), "bc\n".getBytes()), 1);
        assertEquals(5002, log.stopRecording());
        add(log, "after");
        assertEquals(null, log.recordingFile());
        List<String> lines = Files.readAllLines(file);
        assertEquals(5003, lines.size(), "header and every entry, none of the ring's limit");
        assertTrue(lines.get(1).contains("\tm0\t"));
        assertTrue(lines.get(5000).contains("\tm4999\t"));
        assertTrue(lines.get(5002).contains("\tout\tTCP\tl\tr\t2\tbc\t62 63"), lines.get(5002));
        assertEquals(10, log.snapshot().size());
    }
}
