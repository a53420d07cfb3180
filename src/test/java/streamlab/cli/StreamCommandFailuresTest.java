package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import streamlab.testing.TcpLines;

/** A failed output fails the run (exit 1), a refused start says how to fix it (exit 2), and console text is safe. */
// A run that waits for ever fails the test instead of hanging the build.
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamCommandFailuresTest extends StreamCliTestBase {

    /** Each run starts with empty output, so an assertion sees that run's text only. */
    private int run(String... args) {
        cli.clear();
        return stream(args);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void anOutputThatIsTheInputExitsTwoAndLeavesTheInputAlone() throws Exception {
        Path input = Files.copy(Path.of(COURSE), dir.resolve("in.csv"));
        byte[] before = Files.readAllBytes(input);
        Path link = Files.createSymbolicLink(dir.resolve("out9.txt"), input);
        for (List<String> extra : List.<List<String>>of(List.of(), List.of("--append"))) {
            for (Path target : List.of(input, link)) {
                List<String> args = new ArrayList<>(List.of(input.toString(), "--interval", "0", "--out",
                        target.toString()));
                args.addAll(extra);
                assertEquals(2, run(args.toArray(String[]::new)), err.toString());
                assertTrue(err.toString().contains("is the input file"), err.toString());
                assertFalse(err.toString().contains("\tat "), err.toString());
                assertArrayEquals(before, Files.readAllBytes(input));
            }
        }
    }

    @Test
    void aFullDeviceFailsTheRunAndTheSummarySaysWhichOutputAndWhy() throws Exception {
        Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "this system has a writable /dev/full");
        assertEquals(1, run(COURSE, "--interval", "0", "--limit", "12", "--out", "/dev/full"), err.toString());
        assertTrue(out.toString().contains("  file /dev/full: 0 sent, 12 failed: No space left on device"),
                out.toString());
        assertTrue(err.toString().contains("the run failed: file /dev/full (12 records: No space left on device)"),
                err.toString());
    }

    @Test
    void aRecordThatAnOutputCouldNotSendFailsTheRun() throws Exception {
        Path csv = Files.writeString(dir.resolve("wide.csv"), "n,text\n1,a\n2," + "x".repeat(70_000) + "\n");
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertEquals(1, run(csv.toString(), "--interval", "0", "--format", "csv", "--no-file", "--udp",
                    "127.0.0.1:" + receiver.getLocalPort()), err.toString());
            assertTrue(out.toString().contains("1 sent, 1 failed: record of"), out.toString());
        }
    }

    @Test
    void tcpToAPortWhereNobodyListensExitsTwoNamingTheListenerToStart() throws Exception {
        int port = closedPort();
        Path o = dir.resolve("o.txt");
        assertEquals(2, run(COURSE, "--interval", "0", "--tcp", "127.0.0.1:" + port, "--out", o.toString()),
                err.toString());
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("streamlab stream: Nobody is listening at tcp 127.0.0.1:" + port),
                lines.get(0));
        assertTrue(lines.get(0).contains("'streamlab listen tcp " + port + "'"), lines.get(0));
        assertFalse(Files.exists(o), "no output for a refused run");
    }

    @Test
    void everyRecordOfTheCourseFileArrivesOverTcpFiftyTimesOutOfFifty() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            for (int run = 0; run < 50; run++) {
                CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
                    try {
                        return TcpLines.acceptAndReadAll(server);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertEquals(0, run(COURSE, "--interval", "0", "--quiet", "--no-file", "--tcp",
                        "127.0.0.1:" + server.getLocalPort()), "run " + run + ": " + err);
                List<String> lines = received.get(20, TimeUnit.SECONDS);
                assertEquals(168, lines.size(), "run " + run + ": 168 of 168 lines arrive");
                assertEquals("[2023, 1, 3, 7:55, 12]", lines.get(0), "run " + run);
            }
        }
    }

    @Test
    void controlCharactersFromTheFileAreEscapedOnTheConsoleButNotInTheFile() throws Exception {
        String evil = "a\u001b[2Jb\u0007c";
        Path csv = Files.writeString(dir.resolve("evil.csv"), "n,text\n1," + evil + "\n2,ok,extra\u001b]0;x\u0007\n");
        Path o = dir.resolve("o.txt");
        assertEquals(0, run(csv.toString(), "--interval", "0", "--format", "csv", "--out", o.toString()),
                err.toString());
        String console = out.toString() + err.toString();
        assertFalse(console.contains("\u001b"), console);
        assertFalse(console.contains("\u0007"), console);
        assertTrue(out.toString().contains("Sent: 1,a\\e[2Jb\\x07c to " + o), out.toString());
        assertTrue(err.toString().contains("bad row at line 3"), err.toString());
        assertArrayEquals(("1," + evil + "\n").getBytes(StandardCharsets.UTF_8), Files.readAllBytes(o),
                "the file output stays byte-exact");
    }

    @Test
    void waitsLongerThanAnHourAreRefusedWithOneLine() {
        String o = dir.resolve("o.txt").toString();
        for (String[] args : List.of(new String[] {"--interval", "999999999999999s"},
                new String[] {"--speed", "1e-300"}, new String[] {"--interval", "2h"})) {
            List<String> all = new ArrayList<>(List.of(COURSE, "--out", o));
            all.addAll(List.of(args));
            assertEquals(2, run(all.toArray(String[]::new)), String.join(" ", args) + ": " + err);
            List<String> lines = err.toString().lines().toList();
            assertEquals(1, lines.size(), err.toString());
            assertTrue(lines.get(0).contains("the longest is 1h"), lines.get(0));
        }
        assertFalse(Files.exists(Path.of(o)));
    }
}
