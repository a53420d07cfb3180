package streamlab.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamEngineTest extends StreamEngineFixture {

    private static final Path MESSY = Path.of("data/messy-sample.csv");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Short: some waits are for one record of a paused run, and the tests step through many. */
    private static final Duration POLL = Duration.ofMillis(5);

    private Path out() {
        return dir.resolve("out9.txt");
    }

    private StreamConfig config(Path csv, RecordFormat format, boolean reverse, SinkSpec... sinks) {
        return new StreamConfig(CsvOptions.of(csv), reverse, false, 0, Pacing.asFastAsPossible(), format,
                StreamConfig.BadRows.SKIP, List.of(sinks));
    }

    private StreamSnapshot runToEnd(StreamConfig config) throws Exception {
        return runToEnd(config, 20);
    }

    /** Listens to the engine and keeps the events of one kind, in order; the list is safe to read while it runs. */
    private <E extends StreamEvent> List<E> events(Class<E> kind) {
        List<E> seen = Collections.synchronizedList(new ArrayList<>());
        engine.setListener(e -> {
            if (kind.isInstance(e)) {
                seen.add(kind.cast(e));
            }
        });
        return seen;
    }

    /** The data lines of a file as bytes: no BOM, no header, CRLF as LF. */
    private static byte[] dataLines(Path csv) throws IOException {
        String text = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8).replace("\uFEFF", "");
        text = text.replace("\r\n", "\n");
        String body = text.substring(text.indexOf('\n') + 1);
        return (body.endsWith("\n") ? body : body + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void courseFileGoesThroughByteForByteAsRawCsvLines() throws Exception {
        StreamSnapshot s = runToEnd(config(COURSE, RecordFormat.CSV, false, new SinkSpec.File(out(), false)));
        assertEquals(StreamState.FINISHED, s.state());
        assertEquals(168, s.sent());
        assertArrayEquals(dataLines(COURSE), Files.readAllBytes(out()));
    }

    @Test
    void quotedCommasQuotesAndNonAsciiTextGoThroughByteForByte() throws Exception {
        Path csv = Files.writeString(dir.resolve("bom.csv"), "\uFEFFCity,Note\r\n\"Z\u00fcrich\",\"a, \"\"b\"\"\"\r\n"
                + "S\u00e3o Paulo,\u6771\u4eac | caf\u00e9\r\n", StandardCharsets.UTF_8);
        runToEnd(config(csv, RecordFormat.CSV, false, new SinkSpec.File(out(), false)));
        assertArrayEquals(("\"Z\u00fcrich\",\"a, \"\"b\"\"\"\nS\u00e3o Paulo,\u6771\u4eac | caf\u00e9\n")
                .getBytes(StandardCharsets.UTF_8), Files.readAllBytes(out()));
    }

    @Test
    void defaultTemplateBracketsAllColumnsLikeTheCourseScript() throws Exception {
        runToEnd(config(COURSE, RecordFormat.DEFAULT, false, new SinkSpec.File(out(), false)));
        List<String> lines = Files.readAllLines(out());
        assertEquals("[2023, 1, 3, 7:55, 12]", lines.get(0));
        assertEquals("[2023, 1, 1, 0:15, 27]", lines.get(167));
    }

    @Test
    void templateAndJsonUseTheHeaderNamesAndKeepEachRecordOnOneLine() throws Exception {
        runToEnd(config(MESSY, RecordFormat.template("{City} ({Country}): {TempC} C, {Note}"), false,
                new SinkSpec.File(out(), false)));
        List<String> lines = Files.readAllLines(out());
        assertEquals("Z\u00fcrich (Switzerland): -1.5 C, Cold, clear \"bise\" wind", lines.get(0));
        assertEquals("Krak\u00f3w (Poland): -4.0 C, Snow\\novernight", lines.get(2));
        assertEquals(6, lines.size());

        runToEnd(config(MESSY, RecordFormat.JSON, false, new SinkSpec.File(out(), false)));
        lines = Files.readAllLines(out());
        assertEquals("{\"City\":\"S\u00e3o Paulo\",\"Country\":\"Brazil\",\"Date\":\"2024-01-05\",\"TempC\":\"29.0\","
                + "\"Note\":\"Humid\"}", lines.get(1));
        assertEquals(6, lines.size());
    }

    @Test
    void templateNamingAnUnknownColumnIsRefusedBeforeTheStart() {
        StreamInputException e = org.junit.jupiter.api.Assertions.assertThrows(StreamInputException.class,
                () -> engine.start(config(COURSE, RecordFormat.template("{Year} {Temp}"), false,
                        new SinkSpec.File(out(), false))));
        assertTrue(e.getMessage().contains("{Temp}") && e.getMessage().contains("TempF"), e.getMessage());
        assertFalse(Files.exists(out()), "nothing was written");
    }

    @Test
    void reversePlaysANewestFirstFileOldestFirst() throws Exception {
        runToEnd(config(COURSE, RecordFormat.CSV, true, new SinkSpec.File(out(), false)));
        List<String> reference = new ArrayList<>(List.of(new String(dataLines(COURSE), StandardCharsets.UTF_8)
                .split("\n")));
        Collections.reverse(reference);
        assertEquals(reference, Files.readAllLines(out()));
        assertEquals("2023,1,1,0:15,27", Files.readAllLines(out()).get(0));
    }

    @Test
    void raggedRowIsReportedWithItsLineNumberThenSkippedOrSent() throws Exception {
        List<StreamEvent.BadRow> bad = events(StreamEvent.BadRow.class);
        StreamSnapshot s = runToEnd(config(MESSY, RecordFormat.CSV, false, new SinkSpec.File(out(), false)));
        assertEquals(List.of(new StreamEvent.BadRow(6, 4, 5, false)), bad);
        assertEquals(6, s.sent());
        assertEquals(1, s.skipped());
        assertFalse(Files.readString(out()).contains("Reykjav"));

        bad.clear();
        StreamConfig send = new StreamConfig(CsvOptions.of(MESSY), false, false, 0, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SEND, List.of(new SinkSpec.File(out(), false)));
        s = runToEnd(send);
        assertEquals(List.of(new StreamEvent.BadRow(6, 4, 5, true)), bad);
        assertEquals(7, s.sent());
        assertTrue(Files.readAllLines(out()).contains("[Reykjav\u00edk, Iceland, 2024-01-06, 0.5, ]"));
    }

    @Test
    void appendModeKeepsWhatTheFileHad() throws Exception {
        Files.writeString(out(), "earlier\n");
        StreamConfig c = new StreamConfig(CsvOptions.of(COURSE), false, false, 2, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(new SinkSpec.File(out(), true)));
        runToEnd(c);
        assertEquals(List.of("earlier", "[2023, 1, 3, 7:55, 12]", "[2023, 1, 3, 7:35, 12]"),
                Files.readAllLines(out()));
    }

    @Test
    void loopRepeatsTheFileAndCountsCyclesUntilTheLimit() throws Exception {
        List<StreamEvent.CycleDone> cycles = events(StreamEvent.CycleDone.class);
        StreamConfig c = new StreamConfig(CsvOptions.of(COURSE), false, true, 168 * 2 + 10, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(new SinkSpec.File(out(), false)));
        StreamSnapshot s = runToEnd(c);
        assertEquals(StreamState.FINISHED, s.state());
        assertEquals(346, s.sent());
        assertEquals(3, s.cycle());
        assertEquals(List.of(new StreamEvent.CycleDone(1, 168), new StreamEvent.CycleDone(2, 168)), cycles);
        List<String> lines = Files.readAllLines(out());
        assertEquals(346, lines.size());
        assertEquals(lines.get(0), lines.get(168));
    }

    @Test
    void pausedStreamSendsOneRecordPerStepAndStopsWithinASecond() throws Exception {
        StreamConfig c = new StreamConfig(CsvOptions.of(COURSE), false, false, 0, Pacing.fixed(Duration.ofHours(1)),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(new SinkSpec.File(out(), false)));
        engine.start(c, true);
        for (int i = 1; i <= 3; i++) {
            engine.step();
            long want = i;
            await().atMost(WAIT).pollInterval(POLL).until(() -> engine.snapshot().sent() == want);
        }
        assertEquals(StreamState.PAUSED, engine.snapshot().state());
        engine.resume();
        // Running now, waiting an hour for record 4: stop must cut the wait short.
        await().atMost(WAIT).pollInterval(POLL).until(() -> engine.snapshot().nextInNanos() > 0);
        long t0 = System.nanoTime();
        engine.stop();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(took < 1000, "stop took " + took + " ms");
        assertEquals(StreamState.STOPPED, engine.snapshot().state());
        assertEquals(3, Files.readAllLines(out()).size());
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("stream-engine") && t.isAlive()), "engine thread ended");
    }

    @Test
    void restartBeginsAgainFromTheFirstRecord() throws Exception {
        StreamConfig c = new StreamConfig(CsvOptions.of(COURSE), false, false, 5, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(new SinkSpec.File(out(), false)));
        runToEnd(c);
        engine.restart();
        assertTrue(engine.awaitEnd(10, TimeUnit.SECONDS));
        assertEquals(5, engine.snapshot().sent());
        assertEquals(5, Files.readAllLines(out()).size());
    }

    @Test
    void udpSinkSendsOneDatagramPerRecordToARealSocket() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5000);
            receiver.setReceiveBufferSize(1 << 20);
            StreamConfig c = new StreamConfig(CsvOptions.of(COURSE), false, false, 20, Pacing.asFastAsPossible(),
                    RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP,
                    List.of(new SinkSpec.Udp("127.0.0.1", receiver.getLocalPort())));
            StreamSnapshot s = runToEnd(c);
            assertEquals(20, s.sinks().get(0).sent());
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            receiver.receive(p);
            assertEquals("[2023, 1, 3, 7:55, 12]", new String(buf, 0, p.getLength(), StandardCharsets.UTF_8));
            receiver.receive(p);
            assertEquals("[2023, 1, 3, 7:35, 12]", new String(buf, 0, p.getLength(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void tcpSinkSendsNewlineFramedRecordsToARealSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            StreamConfig c = new StreamConfig(CsvOptions.of(MESSY), false, false, 0, Pacing.fixed(Duration.ofMillis(5)),
                    RecordFormat.JSON, StreamConfig.BadRows.SKIP,
                    List.of(new SinkSpec.Tcp("127.0.0.1", server.getLocalPort())));
            engine.start(c, true);
            try (Socket s = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                         StandardCharsets.UTF_8))) {
                await().atMost(WAIT).pollInterval(POLL)
                        .until(() -> "connected".equals(engine.snapshot().sinks().get(0).state()));
                engine.resume();
                assertTrue(engine.awaitEnd(10, TimeUnit.SECONDS));
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    got.add(in.readLine());
                }
                assertTrue(got.get(0).startsWith("{\"City\":\"Z\u00fcrich\""), got.get(0));
                assertTrue(got.get(5).contains("F\u00f6hn; warm"), got.get(5));
                assertEquals(6, engine.snapshot().sinks().get(0).sent());
            }
        }
    }

    @Test
    void tcpSinkDropsRecordsWhileDisconnectedThenReconnects() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        StreamConfig c = new StreamConfig(CsvOptions.of(COURSE), false, true, 0, Pacing.fixed(Duration.ofMillis(20)),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(new SinkSpec.Tcp("127.0.0.1", port),
                        new SinkSpec.File(out(), false)));
        engine.start(c);
        await().atMost(WAIT).pollInterval(POLL).until(() -> engine.snapshot().sinks().get(0).dropped() >= 3);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server.setSoTimeout(10_000);
            try (Socket s = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                         StandardCharsets.UTF_8))) {
                String line = in.readLine();
                assertTrue(line.startsWith("[2023, 1, "), line);
            }
        }
        engine.stop();
        SinkStats tcp = engine.snapshot().sinks().get(0);
        SinkStats file = engine.snapshot().sinks().get(1);
        assertTrue(tcp.sent() >= 1 && tcp.dropped() >= 3, tcp.toString());
        assertEquals(engine.snapshot().sent(), tcp.sent() + tcp.failed(), "every record is sent or counted failed");
        assertEquals(engine.snapshot().sent(), file.sent());
        assertEquals(file.sent(), Files.readAllLines(out()).size());
    }

    @Test
    void failingSinksDoNotStopTheFileSink() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        // One record too large for a datagram: UDP fails for it alone.
        String big = "x".repeat(70_000);
        Path csv = Files.writeString(dir.resolve("big.csv"), "n,text\n1,a\n2," + big + "\n3,c\n");
        List<StreamEvent.SinkFailed> failures = events(StreamEvent.SinkFailed.class);
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            StreamSnapshot s = runToEnd(new StreamConfig(CsvOptions.of(csv), false, false, 0,
                    Pacing.asFastAsPossible(), RecordFormat.CSV, StreamConfig.BadRows.SKIP, List.of(
                            new SinkSpec.Tcp("127.0.0.1", closedPort),
                            new SinkSpec.Udp("127.0.0.1", receiver.getLocalPort()),
                            new SinkSpec.File(out(), false))));
            assertEquals(StreamState.FINISHED, s.state());
            assertEquals(new SinkStats("tcp 127.0.0.1:" + closedPort, 0, 3, 3, s.sinks().get(0).state(),
                    s.sinks().get(0).lastError()), s.sinks().get(0));
            assertEquals(2, s.sinks().get(1).sent());
            assertEquals(1, s.sinks().get(1).failed());
            String udpError = s.sinks().get(1).lastError();
            assertTrue(udpError.contains("larger than a UDP datagram"), udpError);
            assertEquals(3, s.sinks().get(2).sent());
            assertEquals(List.of("1,a", "2," + big, "3,c"), Files.readAllLines(out()));
            assertEquals(4, failures.size());
        }
    }

    @Test
    void eventBufferStaysBoundedWhenNobodyDrainsIt() throws Exception {
        StreamConfig c = new StreamConfig(CsvOptions.of(COURSE), false, true, 20_000, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP, List.of(new SinkSpec.File(out(), false, 1000)));
        StreamSnapshot s = runToEnd(c);
        assertEquals(20_000, s.sent());
        List<StreamEvent> drained = new ArrayList<>();
        int n = engine.drainEvents(drained::add, Integer.MAX_VALUE);
        assertEquals(StreamEngine.EVENT_CAPACITY, n);
        assertTrue(engine.droppedEvents() > 10_000);
        assertTrue(drained.get(drained.size() - 1) instanceof StreamEvent.Finished);
        assertEquals(20_000, Files.readAllLines(out()).size(), "batched flushing loses no record");
    }

    @Test
    void timestampPacingUsesTheGapsOfAColumn() {
        Pacing p = Pacing.timestamps("Time").withSpeed(60);
        assertEquals(TimeUnit.SECONDS.toNanos(20), p.delayNanos("7:55", "7:35", null));
        assertEquals(TimeUnit.SECONDS.toNanos(1), p.delayNanos("2024-01-05T10:00:00", "2024-01-05T10:01:00", null));
        assertEquals(0, p.delayNanos("?", "7:35", null));
    }

    @Test
    void slowSinkIsReportedAsBehindSchedule() throws Exception {
        // A TCP peer that reads slowly: once the socket buffers fill, each write waits, and the pace slips.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String big = "y".repeat(60_000);
            Path csv = Files.writeString(dir.resolve("wide.csv"), "n,text\n1," + big + "\n");
            StreamConfig c = new StreamConfig(CsvOptions.of(csv), false, true, 0, Pacing.fixed(Duration.ofMillis(2)),
                    RecordFormat.CSV, StreamConfig.BadRows.SKIP, List.of(
                            new SinkSpec.Tcp("127.0.0.1", server.getLocalPort())));
            engine.start(c, true);
            try (Socket peer = server.accept()) {
                Thread reader = new Thread(() -> {
                    byte[] buf = new byte[4096];
                    try {
                        while (peer.getInputStream().read(buf) >= 0) {
                            Thread.sleep(5);
                        }
                    } catch (IOException | InterruptedException e) {
                        // the test closed the socket
                    }
                }, "slow-reader");
                reader.setDaemon(true);
                reader.start();
                await().atMost(WAIT).pollInterval(POLL)
                        .until(() -> "connected".equals(engine.snapshot().sinks().get(0).state()));
                List<StreamEvent.Behind> behind = events(StreamEvent.Behind.class);
                engine.resume();
                await().atMost(WAIT).pollInterval(POLL).until(() -> engine.snapshot().behindCount() > 0);
                engine.stop();
                assertFalse(behind.isEmpty());
                assertTrue(behind.get(0).lagMillis() >= 50, behind.get(0).toString());
            }
        }
    }
}
