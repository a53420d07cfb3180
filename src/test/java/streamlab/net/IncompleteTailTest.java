package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import streamlab.testing.ChildJvm;

/** Bytes after the last newline of a closed TCP connection may be a torn record: never passed off as a message. */
class IncompleteTailTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LISTENING = Pattern.compile("Listening on tcp 127\\.0\\.0\\.1:(\\d+).*");

    /** What the server logs and hands to its sink; fresh for each test. */
    private final TrafficLog log = new TrafficLog(100);
    private final List<Message> got = new CopyOnWriteArrayList<>();

    private static void sendAndClose(int port, String text) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Test
    void theTailOfAConnectionThatClosesWithoutANewlineIsLoggedAsIncomplete() throws Exception {
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, got::add)) {
            sendAndClose(server.port(), "2017,1,1,00:00,44.6\n2017,1,1,01:");
            await().atMost(WAIT).until(() -> server.openConnections() == 0 && server.connections().size() == 1);
            List<TrafficEntry> in = log.snapshot().stream().filter(e -> e.direction() == Direction.RECEIVED).toList();
            assertEquals(2, in.size(), in.toString());
            assertEquals("", in.get(0).note());
            assertEquals("incomplete: no newline before the connection closed", in.get(1).note());
            assertTrue(in.get(1).text().startsWith("2017,1,1,01:  [incomplete"), in.get(1).text());
            assertEquals(1, server.connections().get(0).messages(), "only the whole line counts as a message");
        }
    }

    @Test
    void theSinkGetsTheTailMarkedIncompleteAndWholeLinesUnmarked() throws Exception {
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, 1024, log, got::add)) {
            sendAndClose(server.port(), "whole\npart");
            await().atMost(WAIT).until(() -> got.size() == 2);
            assertEquals("whole", got.get(0).text());
            assertFalse(got.get(0).incomplete());
            assertEquals("part", got.get(1).text());
            assertTrue(got.get(1).incomplete());
            assertEquals(1, server.incomplete());
            await().atMost(WAIT).until(() -> server.openConnections() == 0);
            assertTrue(server.connections().get(0).closeNote().contains("4 bytes after the last newline"),
                    server.connections().get(0).closeNote());
        }
    }

    @Test
    void listenPrintsAnIncompleteTailOnStandardErrorNotAsAMessage() throws Exception {
        Process child = ChildJvm.streamlab(List.of(), "listen", "tcp", "0", "--count", "1", "--timeout", "30s")
                .start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        ChildJvm.pumpLines(child.getInputStream(), out, "test-child-stdout");
        ChildJvm.pumpLines(child.getErrorStream(), err, "test-child-stderr");
        try {
            await("the child listens").atMost(WAIT)
                    .until(() -> err.stream().anyMatch(l -> LISTENING.matcher(l).matches()));
            Matcher m = err.stream().map(LISTENING::matcher).filter(Matcher::matches).findFirst().orElseThrow();
            int port = Integer.parseInt(m.group(1));
            sendAndClose(port, "torn\u001b");
            await("the incomplete tail is named on standard error").atMost(WAIT)
                    .until(() -> err.stream().anyMatch(l -> l.startsWith("incomplete message from 127.0.0.1:")));
            sendAndClose(port, "whole\n");
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue(), "--count 1 is met by the whole message only: " + err);
            await().atMost(WAIT).until(() -> out.size() == 1);
            assertTrue(out.get(0).endsWith(" whole"), out.toString());
            String line = err.stream().filter(l -> l.startsWith("incomplete message")).findFirst().orElseThrow();
            assertTrue(line.endsWith("(no newline before the connection closed; not counted): torn\\e"), line);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }
}
