package streamlab.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.CliRun;

class ListenCommandTest {

    private static final Pattern LISTENING = CliRun.LISTENING;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;


    private static int childPort(NetChildJvm child) {
        await().atMost(WAIT).until(() -> LISTENING.matcher(child.errText()).find());
        Matcher m = LISTENING.matcher(child.errText());
        assertTrue(m.find());
        return Integer.parseInt(m.group(2));
    }

    private static void udp(int port, String text) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void controlCharactersFromTheNetworkArePrintedAsEscapesOnTheConsoleAndInTheFile() throws Exception {
        CliRun listen = new CliRun();
        Path file = dir.resolve("got.txt");
        CliRun.Listening listening = listen.listen("udp", "--count", "1", "--timeout", "20s", "--out", file.toString());
        udp(listening.port(), "a\u001b[31mred\u0007\u202eb\u009b");
        assertEquals(0, listening.exitCode());
        String out = listen.out.toString().strip();
        assertTrue(out.endsWith(" a\\e[31mred\\x07\\u{202E}b\\x9B"), out);
        assertEquals(List.of(out), Files.readAllLines(file));
        assertFalse(out.chars().anyMatch(c -> c < 0x20 || c == 0x202e || c >= 0x7f && c <= 0x9f), out);
    }

    @Test
    void aTcpMessageOverTheFrameLimitIsNamedOnTheConsoleAndEarlierMessagesArePrinted() throws Exception {
        CliRun listen = new CliRun();
        CliRun.Listening listening = listen.listen("tcp", "--count", "2", "--timeout", "20s");
        int port = listening.port();
        String peer;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            peer = "127.0.0.1:" + s.getLocalPort();
            OutputStream out = s.getOutputStream();
            out.write("before\n".getBytes(StandardCharsets.US_ASCII));
            byte[] big = new byte[200_000];
            Arrays.fill(big, (byte) 'x');
            try {
                out.write(big);
            } catch (java.net.SocketException e) {
                // The listener closes the connection part way through: that is the behaviour under test.
            }
            await().atMost(WAIT).until(() -> listen.err.toString().contains("closed connection #1"));
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("after\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, listening.exitCode());
        }
        assertTrue(listen.err.toString().contains("closed connection #1 from " + peer + ": a message exceeded the "
                + "64 KiB frame limit without a newline; the 1 message before it was delivered"),
                listen.err.toString());
        List<String> texts = listen.out.toString().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertEquals(List.of("before", "after"), texts);
    }

    @Test
    void connectionsPastMaxConnectionsAreRefusedWithALine() throws Exception {
        CliRun listen = new CliRun();
        CliRun.Listening listening = listen.listen("tcp", "--max-connections", "2", "--timeout", "3s");
        int port = listening.port();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            await().atMost(WAIT).until(() -> listen.err.toString().lines()
                    .filter(l -> l.matches("refused connection from 127\\.0\\.0\\.1:\\d+: limit of 2 connections "
                            + "reached")).count() == 3);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertEquals(1, listening.exitCode());
    }

    @Test
    void sigtermPrintsTheWholeSummaryOnceAfterEveryMessage() throws Exception {
        Path errFile = dir.resolve("listen.err");
        try (NetChildJvm child = NetChildJvm.start(List.of(), true, errFile, "listen", "tcp", "0")) {
            int port = childPort(child);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write("one\ntwo\nthree\n".getBytes(StandardCharsets.US_ASCII));
                await().atMost(WAIT).until(() -> child.out.size() == 3);
                child.process.destroy();
                await().atMost(WAIT).until(() -> !child.process.isAlive());
            }
            List<String> summaries = child.errLines().stream().filter(l -> l.startsWith("Stopped by a signal"))
                    .toList();
            assertEquals(1, summaries.size(), child.errText());
            assertTrue(summaries.get(0).matches("Stopped by a signal after \\d+\\.\\d s: 3 messages \\(11 bytes\\) "
                    + "arrived\\."), summaries.get(0));
            assertEquals(List.of("Stopped by a signal"), child.errLines().subList(child.errLines().size() - 1,
                    child.errLines().size()).stream().map(l -> l.substring(0, 19)).toList(), child.errText());
        }
    }

    @Test
    void aClosedOutputPipeStopsTheListenerWithExitOne() throws Exception {
        try (NetChildJvm child = NetChildJvm.start(List.of(), false, "listen", "udp", "0")) {
            int port = childPort(child);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.process.getInputStream(),
                    StandardCharsets.UTF_8));
            udp(port, "first");
            assertTrue(out.readLine().endsWith(" first"));
            // What `| head -1` does: the reader goes away.
            out.close();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
                udp(port, "more");
                return !child.process.isAlive();
            });
            assertEquals(1, child.process.exitValue(), child.errText());
            await().atMost(Duration.ofSeconds(5)).until(() -> child.errText().contains("standard output was closed"));
        }
    }

    @Test
    void helpSaysListenersStayOnThisComputerUnlessTold() {
        StringWriter out = new StringWriter();
        StreamLabCommand.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true))
                .execute("listen", "--help");
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("Listens on 127.0.0.1 (this computer only) unless --bind says otherwise."), help);
    }
}
