package streamlab.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the engine while a sink is blocked, and stopping a run that is still starting. */
class StreamEngineStopTest {

    @TempDir
    Path dir;

    @Test
    void stopReturnsWithinASecondWhenATcpPeerStoppedReading() throws Exception {
        String wide = "x".repeat(200_000);
        StringBuilder csv = new StringBuilder("n,text\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(wide).append('\n');
        }
        Path in = Files.writeString(dir.resolve("wide.csv"), csv);
        Path out = dir.resolve("out9.txt");
        AtomicReference<Socket> accepted = new AtomicReference<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    // Accepts and never reads: the engine's writes fill the buffers and then block.
                    accepted.set(server.accept());
                } catch (java.io.IOException e) {
                    // the server closed
                }
            }, "test-silent-peer");
            acceptor.setDaemon(true);
            acceptor.start();
            StreamEngine engine = new StreamEngine();
            engine.start(config(in, true, new SinkSpec.Tcp("localhost", server.getLocalPort()),
                    new SinkSpec.File(out, false)));
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long sent = engine.snapshot().sent();
                boolean stalled = sent > 0 && sent == last[0];
                last[0] = sent;
                return stalled;
            });
            stopWithinASecond(engine, "with a TCP peer that stopped reading");
            assertTrue(engine.awaitEnd(1, TimeUnit.MILLISECONDS), "the engine thread has ended");
            StreamSnapshot s = engine.snapshot();
            assertEquals(StreamState.STOPPED, s.state());
            // The file comes after the blocked TCP sink: the record in flight must still reach it, whole.
            SinkStats file = s.sinks().get(1);
            assertEquals(0, file.failed(), "the file sink lost nothing: " + file);
            List<String> lines = Files.readAllLines(out);
            assertEquals(file.sent(), lines.size());
            assertTrue(Files.readString(out).endsWith("\n"));
            for (int i = 0; i < lines.size(); i++) {
                assertEquals((i % 20) + "," + wide, lines.get(i), "line " + (i + 1) + " is whole");
            }
        } finally {
            Socket peer = accepted.get();
            if (peer != null) {
                peer.close();
            }
        }
    }

    @Test
    void aStopFromAnotherThreadWhileTheSinksOpenEndsThatRunBeforeItsFirstRecord() throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), "n\n1\n2\n");
        Path out = dir.resolve("out9.txt");
        try (Backlog server = Backlog.full()) {
            StreamEngine engine = new StreamEngine();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread starter = new Thread(() -> {
                try {
                    engine.start(config(in, true, new SinkSpec.Tcp("localhost", server.port(), true),
                            new SinkSpec.File(out, false)));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "test-starter");
            starter.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.snapshot().state() != StreamState.IDLE
                    || !starter.isAlive());
            stopWithinASecond(engine, "from another thread while the sinks open");
            starter.join(5000);
            assertEquals(StreamState.STOPPED, engine.snapshot().state(), "failure: " + failure.get());
            assertTrue(Files.notExists(out), "a run stopped before it streamed leaves no output");
        }
    }

    @Test
    void stopReturnsWithinASecondWhileTheFirstTcpConnectionIsStillOpening() throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), "n\n1\n2\n");
        Path out = dir.resolve("out9.txt");
        try (Backlog server = Backlog.full()) {
            StreamEngine engine = new StreamEngine();
            // As the window starts it: the engine thread waits for the first attempt before the first record.
            engine.start(config(in, false, new SinkSpec.Tcp("localhost", server.port()),
                    new SinkSpec.File(out, false)));
            stopWithinASecond(engine, "while the first TCP connection opens");
            assertTrue(engine.awaitEnd(1, TimeUnit.MILLISECONDS), "the engine thread has ended");
            assertEquals(StreamState.STOPPED, engine.snapshot().state());
            assertEquals("", Files.readString(out), "no record after the stop");
        }
    }

    @Test
    void aRefusedStartLeavesNoRunBehind() throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), "n\n1\n");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        StreamEngine engine = new StreamEngine();
        StreamConfig config = config(in, false, new SinkSpec.Tcp("localhost", closedPort, true));
        StreamInputException e = org.junit.jupiter.api.Assertions.assertThrows(StreamInputException.class,
                () -> engine.start(config));
        assertTrue(e.getMessage().startsWith("Nobody is listening"), e.getMessage());
        assertEquals(StreamState.IDLE, engine.snapshot().state());
        assertTrue(engine.awaitEnd(1, TimeUnit.MILLISECONDS));
    }

    /** Every record of {@code in} as CSV, as fast as possible, to the given sinks; {@code loop} to never end. */
    private static StreamConfig config(Path in, boolean loop, SinkSpec... sinks) {
        return new StreamConfig(CsvOptions.of(in), false, loop, 0, Pacing.asFastAsPossible(), RecordFormat.CSV,
                StreamConfig.BadRows.SKIP, List.of(sinks));
    }

    /** Stops the engine and fails, naming the measured time, unless stop() returned within a second. */
    private static void stopWithinASecond(StreamEngine engine, String when) {
        long t0 = System.nanoTime();
        engine.stop();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("stop " + when + " took " + stopMillis + " ms");
        assertTrue(stopMillis < 1000, "stop " + when + " took " + stopMillis + " ms; the limit is 1000 ms");
    }

    /**
     * A listening socket whose accept queue is full of connections, so that the next connect hangs until its timeout
     * (3 s); closed by the test.
     */
    private record Backlog(ServerSocket server, List<Socket> sockets) implements AutoCloseable {

        static Backlog full() throws IOException {
            ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            }
            return new Backlog(server, sockets);
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : sockets) {
                s.close();
            }
            server.close();
        }
    }
}
