package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamCommandTest extends StreamCliTestBase {

    private int run(String... args) {
        return stream(args);
    }

    private void assertUsageError(String expected, String... args) {
        cli.clear();
        assertEquals(2, run(args), err.toString());
        assertTrue(err.toString().contains(expected), "stderr names the problem:\n" + err);
        assertFalse(err.toString().contains("\tat "), "no stack trace:\n" + err);
    }

    @Test
    void printsOneSentLinePerRecordAndExitsZeroAtTheLimit() throws Exception {
        Path file = dir.resolve("out9.txt");
        assertEquals(0, run(COURSE, "--interval", "0", "--limit", "3", "--reverse", "--out", file.toString()),
                err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("Sent: [2023, 1, 1, 0:15, 27] to " + file, lines.get(0));
        assertEquals("Sent: [2023, 1, 1, 0:55, 27] to " + file, lines.get(2));
        assertTrue(lines.get(3).startsWith("Done: 3 records"), lines.get(3));
        assertEquals(List.of("[2023, 1, 1, 0:15, 27]", "[2023, 1, 1, 0:35, 27]", "[2023, 1, 1, 0:55, 27]"),
                Files.readAllLines(file));
    }

    @Test
    void streamsToUdpWithATemplateAndNoFile() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5000);
            String target = "127.0.0.1:" + receiver.getLocalPort();
            assertEquals(0, run(COURSE, "--interval", "0", "--limit", "2", "--no-file", "--udp", target,
                    "--format", "{Time} {TempF}F"), err.toString());
            assertTrue(out.toString().startsWith("Sent: 7:55 12F to udp " + target), out.toString());
            byte[] buf = new byte[512];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            receiver.receive(p);
            assertEquals("7:55 12F", new String(buf, 0, p.getLength(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void badRowsGoToStderrWithTheirLineNumbers() throws Exception {
        Path file = dir.resolve("o.txt");
        assertEquals(0, run("data/messy-sample.csv", "--interval", "0", "--format", "csv", "--out", file.toString()));
        assertTrue(err.toString().contains("bad row at line 6: 4 fields, expected 5 (skipped)"), err.toString());
        // Six records; the one whose value holds a line break ("Snow\r\novernight") keeps it inside quotes.
        assertEquals(7, Files.readAllLines(file).size());
        assertTrue(out.toString().contains("1 bad rows skipped"), out.toString());
    }

    @Test
    void badFilesAndOptionsExitTwoWithAMessageNamingTheProblem() throws Exception {
        String o = dir.resolve("x.txt").toString();
        assertUsageError("File not found: " + dir.resolve("missing.csv"), dir.resolve("missing.csv").toString());
        assertUsageError("is a folder", dir.toString(), "--out", o);
        Path empty = Files.createFile(dir.resolve("empty.csv"));
        assertUsageError("is empty", empty.toString(), "--out", o);
        assertUsageError("Cannot read the interval 'soon'", COURSE, "--interval", "soon", "--out", o);
        assertUsageError("is not one character", COURSE, "--delimiter", ";;", "--out", o);
        assertUsageError("--bad-rows: 'maybe' is not one of skip or send", COURSE, "--bad-rows", "maybe", "--out", o);
        assertUsageError("--udp 'localhost:x' is not HOST:PORT", COURSE, "--udp", "localhost:x", "--out", o);
        assertUsageError("--no-file leaves no output", COURSE, "--no-file");
        assertUsageError("{Temp}", COURSE, "--format", "{Temp}", "--out", o);
        assertUsageError("--charset: 'klingon' is not a known text encoding", COURSE, "--charset", "klingon", "--out", o);
        assertUsageError("--limit: 'lots' is not a whole number", COURSE, "--limit", "lots");
        assertFalse(Files.exists(Path.of(o)), "no output for a refused run");
    }
}
