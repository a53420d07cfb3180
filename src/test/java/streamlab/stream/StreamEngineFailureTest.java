package streamlab.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import streamlab.testing.TcpLines;

/** The engine's own failures end the run as FAILED; TCP does not lose its first record; every wait is bounded. */
// A run that waits for ever fails the test instead of hanging the build.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamEngineFailureTest extends StreamEngineFixture {

    private static StreamConfig config(Path csv, Pacing pacing, SinkSpec... sinks) {
        return new StreamConfig(CsvOptions.of(csv), false, false, 0, pacing, RecordFormat.DEFAULT,
                StreamConfig.BadRows.SKIP, List.of(sinks));
    }

    @Test
    void anErrorOnTheEngineThreadFailsTheRunWithItsReason() throws Exception {
        engine.setListener(e -> {
            if (e instanceof StreamEvent.Sent s && s.seq() == 6) {
                throw new OutOfMemoryError("Java heap space (injected)");
            }
        });
        engine.start(config(COURSE, Pacing.asFastAsPossible(), new SinkSpec.File(dir.resolve("o.txt"), false)));
        assertTrue(engine.awaitEnd(10, TimeUnit.SECONDS));
        StreamSnapshot s = engine.snapshot();
        assertEquals(StreamState.FAILED, s.state());
        assertTrue(s.error().contains("OutOfMemoryError: Java heap space (injected)"), s.error());
        assertEquals(6, Files.readAllLines(dir.resolve("o.txt")).size(), "what was sent is in the file, whole");
    }

    @Test
    void theFirstRecordWaitsForTheTcpConnectionInsteadOfBeingDropped() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int run = 0; run < 20; run++) {
                engine.start(config(COURSE, Pacing.asFastAsPossible(),
                        new SinkSpec.Tcp("127.0.0.1", server.getLocalPort())));
                server.setSoTimeout(10_000);
                List<String> got = TcpLines.acceptAndReadAll(server);
                assertTrue(engine.awaitEnd(10, TimeUnit.SECONDS));
                assertEquals(168, got.size(), "run " + run);
                assertEquals("[2023, 1, 3, 7:55, 12]", got.get(0), "run " + run);
            }
        }
    }

    @Test
    void theWindowStillStartsWhenNobodyListensAndShowsReconnecting() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        engine.start(config(COURSE, Pacing.fixed(Duration.ofMillis(20)), new SinkSpec.Tcp("127.0.0.1", closedPort)));
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.snapshot().sinks().get(0).dropped() >= 2);
        assertTrue(engine.snapshot().sinks().get(0).state().startsWith("reconnecting"),
                engine.snapshot().sinks().get(0).state());
        assertEquals(StreamState.RUNNING, engine.snapshot().state());
    }

    @Test
    void aStrictTcpOutputRefusesToStartWhenNobodyListens() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Path out = dir.resolve("never.txt");
        StreamInputException e = assertThrows(StreamInputException.class, () -> engine.start(config(COURSE,
                Pacing.asFastAsPossible(), new SinkSpec.File(out, false),
                new SinkSpec.Tcp("127.0.0.1", closedPort, true))));
        assertTrue(e.getMessage().startsWith("Nobody is listening at tcp 127.0.0.1:" + closedPort), e.getMessage());
        assertTrue(e.getMessage().contains("streamlab listen tcp " + closedPort), e.getMessage());
        assertTrue(Files.notExists(out), "a refused start writes no file");
    }

    @Test
    void aTenYearTimestampGapWaitsAnHourAtMostAndSaysSo() throws Exception {
        Path csv = Files.writeString(dir.resolve("gap.csv"), "t,v\n2010-01-01T00:00:00,1\n2020-01-01T00:00:00,2\n");
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        engine.setListener(events::add);
        engine.start(config(csv, Pacing.timestamps("t").withSpeed(1e-300), new SinkSpec.Log()));
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.snapshot().nextInNanos() > 0);
        long next = engine.snapshot().nextInNanos();
        assertTrue(next > 0 && next <= Pacing.MAX_WAIT.toNanos(), "waits at most an hour: " + next);
        StreamEvent.WaitCapped capped = events.stream().filter(StreamEvent.WaitCapped.class::isInstance)
                .map(StreamEvent.WaitCapped.class::cast).findFirst().orElseThrow();
        assertEquals(2, capped.seq());
        assertEquals(3600, capped.waitedSeconds());
        assertTrue(capped.gapSeconds() > 315_000_000L, "the gap is ten years or more: " + capped);
    }

    @Test
    void intervalsAndSpeedsThatWaitLongerThanAnHourAreRefused() {
        for (String interval : List.of("999999999999999s", "2h", "1s-61m", "99999999999999999999h")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pacing.parse(interval));
            assertTrue(e.getMessage().contains("the longest is 1h"), interval + ": " + e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pacing.parse("1s-3s").withSpeed(1e-300));
        assertTrue(e.getMessage().contains("the longest is 1h"), e.getMessage());
        assertEquals(Duration.ofHours(1), Pacing.parse("1h").max());
        assertEquals(0, Pacing.parse("0").withSpeed(1e-300).delayNanos(null, null, null));
    }
}
