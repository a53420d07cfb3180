package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording file: every entry, in sequence order, written off the threads that carry the traffic. */
class TrafficRecordingTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern GAP = Pattern.compile("# (\\d+) entr(?:y was|ies were) not recorded here.*");
    private static final Pattern TRAILER = Pattern.compile("# (\\d+) entries were not recorded: .*");

    @TempDir
    Path dir;

    /** The recording file's line for an entry: its documented column format. */
    private static String line(TrafficEntry e) {
        return Instant.ofEpochMilli(e.timeMs()) + "\t" + e.direction().label() + "\t" + e.protocol() + "\t"
                + e.from() + "\t" + e.to() + "\t" + e.size() + "\t" + e.text().replace('\t', ' ') + "\t" + e.hex();
    }

    private static long aliveThreads(String prefix) {
        return Await.aliveThreads(prefix);
    }

    @Test
    void recordingHoldsEveryEntryInSequenceOrderWhileManyThreadsAddThem() throws Exception {
        TrafficLog log = new TrafficLog(1_000_000);
        Path file = dir.resolve("rec/all.tsv");
        log.startRecording(file);
        int udpCount = 20_000;
        int clients = 4;
        int perClient = 5_000;
        try (UdpListener udp = UdpListener.open(null, 0, log, null);
                TcpServer tcp = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, null);
                UdpSender sender = new UdpSender(log)) {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            work.add(CompletableFuture.runAsync(() -> {
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", udp.port());
                for (int i = 0; i < udpCount; i++) {
                    sender.send(to, ("u" + i).getBytes(StandardCharsets.US_ASCII));
                }
            }, r -> new Thread(r, "test-udp-sender").start()));
            for (int c = 0; c < clients; c++) {
                int id = c;
                work.add(CompletableFuture.runAsync(() -> {
                    try (TcpClient client = TcpClient.connect("127.0.0.1", tcp.port(), Framing.NEWLINE, 1024, log,
                            WAIT)) {
                        for (int i = 0; i < perClient; i++) {
                            assertTrue(client.offer(("t" + id + "-" + i).getBytes(StandardCharsets.US_ASCII),
                                    WAIT));
                        }
                        assertTrue(client.drain(WAIT));
                    }
                }, r -> new Thread(r, "test-tcp-sender-" + id).start()));
            }
            CompletableFuture.allOf(work.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> tcp.received() == (long) clients * perClient
                    && tcp.openConnections() == 0);
            // UDP may lose datagrams even on loopback; the test is about what the log got, not what the socket did.
            long[] last = {-1};
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
                long now = udp.received();
                boolean settled = now == last[0];
                last[0] = now;
                return now == udpCount || settled;
            });
        }
        // Closing connections adds its events from other threads; compare once the log has gone quiet.
        long[] total = {-1};
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            long now = log.total();
            boolean quiet = now == total[0];
            total[0] = now;
            return quiet;
        });
        long written = log.stopRecording();
        List<String> expected = log.snapshot().stream().map(TrafficRecordingTest::line).toList();
        assertEquals(log.total(), expected.size(), "the ring is big enough to keep every entry for comparison");

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("time\tdir\tproto\tfrom\tto\tsize\ttext\thex", lines.get(0));
        int next = 0;
        long gaps = 0;
        long trailer = 0;
        long data = 0;
        for (String l : lines.subList(1, lines.size())) {
            Matcher gap = GAP.matcher(l);
            Matcher end = TRAILER.matcher(l);
            if (gap.matches()) {
                gaps += Long.parseLong(gap.group(1));
                next += Integer.parseInt(gap.group(1));
                continue;
            }
            if (end.matches()) {
                trailer = Long.parseLong(end.group(1));
                continue;
            }
            assertTrue(next < expected.size(), "more lines recorded than entries: " + l);
            assertEquals(expected.get(next), l, "line " + (data + 1) + " of the recording is out of sequence order");
            next++;
            data++;
        }
        assertEquals(expected.size(), next, "every entry is recorded or counted as left out");
        assertEquals(gaps, trailer, "the trailer counts every gap");
        assertEquals(written, data, "stopRecording says how many entries the file holds");
    }

    @Test
    void theUdpReceiveThreadKeepsReceivingWhileTheRecordingFileTakesNoBytes() throws Exception {
        Path fifo = dir.resolve("blocked.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "needs mkfifo");
        CountDownLatch startReading = new CountDownLatch(1);
        // Opening a FIFO for writing waits for a reader; this one opens at once but reads only when told to.
        CompletableFuture<byte[]> content = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                if (!startReading.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never told to read");
                }
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                return all.toByteArray();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> new Thread(r, "test-fifo-reader").start());
        TrafficLog log = new TrafficLog(100);
        int total = 20_000;
        long written;
        try {
            log.startRecording(fifo);
            try (UdpListener udp = UdpListener.open(null, 0, log, null);
                    UdpSender sender = new UdpSender(new TrafficLog(16))) {
                InetSocketAddress to = new InetSocketAddress("127.0.0.1", udp.port());
                String padding = "x".repeat(80);
                for (int sent = 0; sent < total; ) {
                    for (int i = 0; i < 500; i++, sent++) {
                        sender.send(to, String.format("d%05d %s", sent, padding).getBytes(StandardCharsets.US_ASCII));
                    }
                    int expect = sent;
                    // Far more than the pipe's 64 KiB: the receive thread would be stuck in a write long before.
                    await("datagram " + expect + " received while nobody reads the recording")
                            .atMost(Duration.ofSeconds(10)).until(() -> udp.received() >= expect);
                }
                assertEquals(total, udp.received());
                assertEquals(1, aliveThreads("traffic-recorder-"), "the file has a writer thread of its own");
            }
        } finally {
            startReading.countDown();
        }
        written = log.stopRecording();
        assertEquals(0, aliveThreads("traffic-recorder-"), "the writer thread ends when recording stops");
        String text = new String(content.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        int previous = -1;
        long data = 0;
        long gaps = 0;
        long trailer = 0;
        for (String l : List.of(lines).subList(1, lines.length)) {
            Matcher gap = GAP.matcher(l);
            Matcher end = TRAILER.matcher(l);
            if (gap.matches()) {
                gaps += Long.parseLong(gap.group(1));
                continue;
            }
            if (end.matches()) {
                trailer = Long.parseLong(end.group(1));
                continue;
            }
            int n = Integer.parseInt(l.split("\t")[6].substring(1, 6));
            assertTrue(n > previous, "recorded out of order: d" + n + " after d" + previous);
            previous = n;
            data++;
        }
        assertEquals(written, data);
        assertTrue(trailer > 0, "a file that fell behind says so");
        assertEquals(total, data + trailer, "every entry is in the file or counted as left out");
        assertEquals(trailer, gaps, "each gap is named where it happened");
    }
}
