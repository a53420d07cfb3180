package streamlab.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.net.Framing;
import streamlab.net.Message;
import streamlab.net.TcpServer;
import streamlab.net.TrafficLog;
import streamlab.net.UdpListener;
import streamlab.testing.CliRun;

class SendCommandTest {

    @TempDir
    Path dir;

    @Test
    void tcpToAPeerThatNeverReadsSaysExactlyHowManyWereWrittenAndExitsOne() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun send = new CliRun();
            // The default --timeout (5 s) is what a user gets, so that is what is tested.
            int code = send.exec("send", "tcp", "127.0.0.1:" + server.getLocalPort(), "x".repeat(60_000),
                    "--count", "2000");
            String err = send.err.toString();
            assertEquals(1, code, "out: " + send.out + " err: " + err);
            assertEquals("", send.out.toString());
            Matcher m = Pattern.compile("Sent (\\d+) of 2000 messages \\((\\d+) bytes\\) over TCP to "
                    + "127\\.0\\.0\\.1:\\d+ "
                    + "before the receiver stopped reading for 5 s").matcher(err);
            assertTrue(m.find(), err);
            long reported = Long.parseLong(m.group(1));
            assertEquals(reported * 60_000, Long.parseLong(m.group(2)), err);
            assertTrue(reported > 0 && reported < 2000, err);
            // What the peer can still read is exactly what was reported as sent: every reported message whole.
            try (Socket peer = server.accept()) {
                long newlines = 0;
                InputStream in = peer.getInputStream();
                byte[] buf = new byte[1 << 16];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        newlines += buf[i] == '\n' ? 1 : 0;
                    }
                }
                assertEquals(reported, newlines, err);
            }
        }
    }

    @Test
    void aFileOfManyMegabytesStreamsThroughASmallHeap() throws Exception {
        Path big = dir.resolve("big.txt");
        int lines = 200_000;
        try (var w = Files.newBufferedWriter(big)) {
            String pad = "y".repeat(100);
            for (int i = 0; i < lines; i++) {
                w.write(i + "," + pad);
                w.write('\n');
            }
        }
        assertTrue(Files.size(big) > 20_000_000);
        AtomicLong got = new AtomicLong();
        try (TcpServer server = TcpServer.open(null, 0, Framing.NEWLINE, TcpServer.DEFAULT_MAX_MESSAGE,
                new TrafficLog(16), m -> got.incrementAndGet());
                NetChildJvm child = NetChildJvm.start(List.of("-Xmx32m"), true, "send", "tcp",
                        "127.0.0.1:" + server.port(), "--file", big.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !child.process.isAlive());
            assertEquals(0, child.process.exitValue(), child.errText());
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.out.isEmpty());
            assertTrue(child.out.get(0).startsWith("Sent " + lines + " messages"), child.out.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> got.get() == lines);
        }
    }

    @Test
    void aFileWithoutNewlinesIsRefusedWithALineNumberInsteadOfRunningOutOfMemory() throws Exception {
        try (NetChildJvm child = NetChildJvm.start(List.of("-Xmx64m"), true, "send", "udp", "127.0.0.1:9",
                "--file", "/dev/zero")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !child.process.isAlive());
            await().atMost(Duration.ofSeconds(5)).until(() -> !child.err.isEmpty());
            assertEquals(2, child.process.exitValue(), child.errText());
            assertEquals(1, child.err.size(), child.errText());
            assertTrue(child.err.get(0).startsWith("streamlab send: Line 1 of /dev/zero is longer than 65,507 bytes"),
                    child.errText());
        }
    }

    /** Sends the file to the listener, expects a refusal (exit 2) in one line on stderr, and returns that line. */
    private static String refusedFileSend(UdpListener l, Path f) {
        CliRun send = new CliRun();
        assertEquals(2, send.exec("send", "udp", "127.0.0.1:" + l.port(), "--file", f.toString()));
        String err = send.err.toString();
        assertEquals(1, err.lines().count(), err);
        return err;
    }

    @Test
    void aLineOverTheLimitIsRefusedWithItsNumberBeforeItIsSent() throws Exception {
        Path f = dir.resolve("long.txt");
        Files.writeString(f, "short\n" + "z".repeat(70_000) + "\nafter\n");
        List<Message> got = new CopyOnWriteArrayList<>();
        try (UdpListener l = UdpListener.open(null, 0, new TrafficLog(16), got::add)) {
            String err = refusedFileSend(l, f);
            assertTrue(err.contains("Line 2 of " + f + " is longer than 65,507 bytes"), err);
            assertTrue(err.contains("Sent 1 message (5 bytes) before it."), err);
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);
        }
    }

    @Test
    void aBinaryFileIsNamedAsNotUtf8WithItsLineAndSendsRawWithBinary() throws Exception {
        Path f = dir.resolve("data.bin");
        byte[] second = {'a', (byte) 0xff, (byte) 0xfe, 0, 1};
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write("text\n".getBytes(StandardCharsets.US_ASCII));
            o.write(second);
            o.write('\n');
        }
        List<Message> got = new CopyOnWriteArrayList<>();
        try (UdpListener l = UdpListener.open(null, 0, new TrafficLog(16), got::add)) {
            String err = refusedFileSend(l, f);
            assertTrue(err.contains(f + " is not UTF-8 text (first bad byte at line 2, byte 2); use --binary"), err);
            assertFalse(err.contains("Input length"), err);

            CliRun raw = new CliRun();
            assertEquals(0, raw.exec("send", "udp", "127.0.0.1:" + l.port(), "--file", f.toString(), "--binary"),
                    raw.err.toString());
            await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
            assertArrayEquals(second, got.get(2).data());
        }
    }

    @Test
    void whatTheUserTypedIsEscapedInErrorLinesToo() {
        CliRun send = new CliRun();
        assertEquals(2, send.exec("send", "udp", "bad\u001b[2Jhost\u0007:9", "x"));
        String err = send.err.toString();
        assertTrue(err.contains("Unknown host 'bad\\e[2Jhost\\x07'"), err);
        assertFalse(err.chars().anyMatch(c -> c == 0x1b || c == 0x07), err);
    }
}
