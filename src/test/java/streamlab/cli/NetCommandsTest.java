package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import streamlab.net.LossyLink;
import streamlab.testing.CliRun;

class NetCommandsTest {

    private static final String LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z 127\\.0\\.0\\.1:\\d+ ";

    @TempDir
    Path dir;


    @Test
    void listenUdpPrintsOneLinePerDatagramAndExitsZeroAfterCount() throws Exception {
        CliRun listen = new CliRun();
        Path file = dir.resolve("got/udp.txt");
        CliRun.Listening listening = listen.listen("udp", "--count", "2", "--timeout", "20s", "--out", file.toString());
        int port = listening.port();
        CliRun send = new CliRun();
        assertEquals(0, send.exec("send", "udp", "127.0.0.1:" + port, "hello", "two words"));
        assertEquals("Sent 2 messages (14 bytes) over UDP to 127.0.0.1:" + port + ".", send.out.toString().strip());
        assertEquals(0, listening.exitCode());
        List<String> lines = listen.outLines();
        assertEquals(2, lines.size(), listen.out.toString());
        assertTrue(lines.get(0).matches(LINE + "hello"), lines.get(0));
        assertTrue(lines.get(1).matches(LINE + "two words"), lines.get(1));
        assertEquals(lines, Files.readAllLines(file));
    }

    @Test
    void listenTcpReceivesEachLineOfASentFileRepeated() throws Exception {
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "alpha\nbeta\n");
        CliRun listen = new CliRun();
        CliRun.Listening listening = listen.listen("tcp", "--count", "4", "--timeout", "20s");
        int port = listening.port();
        CliRun send = new CliRun();
        assertEquals(0, send.exec("send", "tcp", "localhost:" + port, "--file", input.toString(), "--count", "2",
                "--interval", "1ms"), send.err.toString());
        assertEquals(0, listening.exitCode());
        List<String> texts = listen.outLines().stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertEquals(List.of("alpha", "beta", "alpha", "beta"), texts);
    }

    @Test
    void listenTimesOutWithExitOneAndSaysHowManyArrived() {
        CliRun listen = new CliRun();
        assertEquals(1, listen.exec("listen", "udp", "0", "--count", "5", "--timeout", "300ms"));
        String err = listen.err.toString();
        assertTrue(err.contains("Timed out after 300 ms: 0 messages arrived."), err);
        assertEquals("", listen.out.toString());
    }

    @Test
    void listenOnAPortInUseIsAOneLineUsageError() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliRun listen = new CliRun();
            assertEquals(2, listen.exec("listen", "udp", String.valueOf(taken.getLocalPort()), "--timeout", "1s"));
            String err = listen.err.toString();
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.startsWith("streamlab listen: UDP port " + taken.getLocalPort() + " is already in use"),
                    err);
        }
    }

    @Test
    void sendErrorsAreOneLineWithExitTwo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertUsageError("Connection refused by 127.0.0.1:" + closedPort, "send", "tcp", "127.0.0.1:" + closedPort,
                "x");
        assertUsageError("Unknown host 'nosuch.invalid'", "send", "udp", "nosuch.invalid:9999", "x");
        assertUsageError("Message too large: 70,000 bytes", "send", "udp", "127.0.0.1:9", "x".repeat(70_000));
        assertUsageError("Nothing to send", "send", "udp", "127.0.0.1:9");
        assertUsageError("File not found", "send", "udp", "127.0.0.1:9", "--file", dir.resolve("nope").toString());
        assertUsageError("'sctp' is not a protocol", "send", "sctp", "127.0.0.1:9", "x");
        assertUsageError("'localhost' is not HOST:PORT", "send", "udp", "localhost", "x");
        assertUsageError("Port 70000 is out of range", "listen", "udp", "70000");
    }

    @Test
    void badDurationIsAUsageErrorNamingTheForms() {
        CliRun r = new CliRun();
        assertEquals(2, r.exec("listen", "udp", "0", "--timeout", "soon"));
        assertTrue(r.err.toString().contains("'soon' is not a duration: write a number with a unit: 500ms, 2s"),
                r.err.toString());
    }

    /** The expected values are ISO-8601, which is also accepted as input (PT3S). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms, PT0.5S", "2s, PT2S", "1.5s, PT1.5S", "1m, PT1M", "2h, PT2H", "PT3S, PT3S", "0, PT0S",
        "0.5ms, PT0.0005S"})
    void durationsReadLikePeopleWriteThem(String text, Duration expected) {
        assertEquals(expected, DurationConverter.parse(text));
    }

    @Test
    void compareJsonHasBothProtocolsAndMatchesTheSimulatedLink() throws Exception {
        CliRun r = new CliRun();
        assertEquals(0, r.exec("compare", "--count", "1000", "--drop", "10", "--reorder", "5", "--rate", "20000",
                "--seed", "3", "--json"), r.err.toString());
        JsonNode root = new ObjectMapper().readTree(r.out.toString());
        LossyLink plan = LossyLink.plan(1000, 10, 5, 3);
        JsonNode udp = root.get("udp");
        assertEquals(List.of("sent", "delivered", "lost", "duplicated", "outOfOrder", "ms"), names(udp));
        assertEquals(1000, udp.get("sent").asInt());
        assertEquals(plan.dropped(), udp.get("lost").asInt());
        assertEquals(1000 - plan.dropped(), udp.get("delivered").asInt());
        assertEquals(plan.reordered(), udp.get("outOfOrder").asInt());
        JsonNode tcp = root.get("tcp");
        assertEquals(1000, tcp.get("delivered").asInt());
        assertEquals(0, tcp.get("lost").asInt());
        assertEquals(0, tcp.get("outOfOrder").asInt());
        assertTrue(root.get("udpLink").get("simulated").asBoolean());
    }

    @Test
    void compareTableSaysSimulated() {
        CliRun r = new CliRun();
        assertEquals(0, r.exec("compare", "--count", "200", "--drop", "50", "--rate", "20000"));
        String out = r.out.toString();
        assertTrue(out.lines().findFirst().orElseThrow().matches("\\s+UDP\\s+TCP"), out);
        assertTrue(out.contains("SIMULATED lossy link: drop 50%"), out);
        assertFalse(out.contains("n/a"), out);
    }

    private static List<String> names(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertUsageError(String start, String... args) {
        CliRun r = new CliRun();
        assertEquals(2, r.exec(args), r.err.toString());
        String err = r.err.toString();
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.lines().findFirst().orElseThrow().contains(start), err);
    }
}
