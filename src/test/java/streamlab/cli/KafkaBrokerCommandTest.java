package streamlab.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.testing.ChildJvm;
import streamlab.testing.CliRun;
import streamlab.testing.KafkaMessages;
import streamlab.testing.TestBroker;

/** {@code streamlab kafka broker} as a user runs it: a child JVM, stopped by Ctrl-C or killed, and its faults. */
class KafkaBrokerCommandTest {

    /**
     * A cold start takes up to 8 s here, a restart after SIGKILL about 8 s (the old registration must time out
     * first); on a busy machine, more.
     */
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    /** A {@code streamlab kafka broker} child with its output lines collected as they come. */
    private static final class BrokerChild implements AutoCloseable {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        /** Standard error goes to a file: {@link Process#destroy()} closes the parent's end of the pipes. */
        final Path errFile;

        BrokerChild(Path outDir, String... args) throws Exception {
            List<String> all = new ArrayList<>(List.of("kafka", "broker"));
            all.addAll(List.of(args));
            errFile = Files.createTempFile(outDir, "broker", ".err");
            process = ChildJvm.streamlab(List.of("-Dstreamlab.out=" + outDir), all.toArray(String[]::new))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(errFile.toFile()).start();
            ChildJvm.pumpLines(process.getInputStream(), out, "broker-out");
        }

        List<String> err() {
            try {
                return Files.readAllLines(errFile, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void awaitReady() {
            await("the ready line").atMost(START).until(() -> !out.isEmpty() || !process.isAlive());
            assertTrue(process.isAlive(), "the broker is running: " + err());
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the broker stops: " + err());
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap, String topic, int n) throws Exception {
        KafkaMessages.keyedSales(bootstrap, topic, 0, n);
    }

    /** Reads {@code n} messages as group {@code group} and commits them. */
    private static void consumeAndCommit(String bootstrap, String topic, String group, int n) {
        Map<String, Object> c = KafkaClients.common(bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, n);
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<Long> offsets = new ArrayList<>();
            await("consumed " + n).atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> offsets.add(r.offset()));
                return offsets.size() >= n;
            });
            assertEquals(n, offsets.size());
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(n)));
        }
    }

    @Test
    void theBrokerPrintsOneReadyLineSurvivesSigkillAndStopsOnSigtermWithExitZero() throws Exception {
        int port = TestBroker.freePort();
        Path dir = tmp.resolve("kafka-data");
        String bootstrap = "localhost:" + port;
        try (BrokerChild first = new BrokerChild(tmp, "--port", "" + port, "--dir", dir.toString())) {
            first.awaitReady();
            assertEquals(List.of("Kafka broker ready on " + bootstrap + " (data in " + dir + "); Ctrl-C stops it"),
                    first.out);
            try (KafkaAdmin admin = KafkaAdmin.connect(bootstrap)) {
                admin.createTopic("sales", 1);
            }
            produce(bootstrap, "sales", 5);
            consumeAndCommit(bootstrap, "sales", "g-survive", 3);
            first.process.destroyForcibly();
            assertEquals(137, first.awaitExit());
        }
        try (BrokerChild second = new BrokerChild(tmp, "--port", "" + port, "--dir", dir.toString())) {
            long t0 = System.nanoTime();
            second.awaitReady();
            System.out.println("restart after SIGKILL ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            TopicPartition p0 = new TopicPartition("sales", 0);
            try (KafkaAdmin admin = KafkaAdmin.connect(bootstrap)) {
                assertEquals(Map.of(p0, 5L), admin.endOffsets(List.of(p0)));
                assertEquals(Map.of(p0, 3L), admin.committed("g-survive"));
            }
            List<ProcessHandle> children = second.process.descendants().toList();
            second.process.destroy();
            assertEquals(0, second.awaitExit(), String.join("\n", second.err()));
            assertEquals(1, second.out.size(), "one line on stdout: " + second.out);
            await().atMost(Duration.ofSeconds(10)).until(() -> second.err().stream().anyMatch(l -> l.startsWith(
                    "Kafka broker stopped")));
            assertEquals(List.of("Starting the broker on " + bootstrap,
                    "Kafka broker stopped; topics and offsets are kept in " + dir), second.err());
            assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "no process left behind");
            assertTrue(ProcessHandle.of(second.process.pid()).isEmpty()
                    || !ProcessHandle.of(second.process.pid()).get().isAlive());
        }
    }

    @Test
    void aBusyPortIsOneLineNamingAFreePortWithExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CliRun r = new CliRun();
            assertEquals(2, r.exec("kafka", "broker", "--port", "" + port, "--dir", tmp.resolve("k").toString()));
            Matcher m = Pattern.compile("streamlab kafka broker: port " + port + " is in use \\(another Kafka broker, "
                    + "or another program\\); use port (\\d+) instead \\(--port (\\d+)\\), or stop what is listening "
                    + "on " + port + "\\.\n").matcher(r.err.toString());
            assertTrue(m.matches(), r.err.toString());
            assertEquals(m.group(1), m.group(2));
            int alt = Integer.parseInt(m.group(1));
            assertTrue(alt > port);
            try (ServerSocket free = new ServerSocket(alt, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(alt, free.getLocalPort(), "the port it names is free");
            }
            assertEquals("", r.out.toString());
        }
    }

    @Test
    void aCorruptDataFolderIsOneLineOfferingResetWithExitOne() throws Exception {
        Path dir = tmp.resolve("kafka-corrupt");
        int port = TestBroker.freePort();
        // A formatted folder first, then its identity file overwritten with garbage.
        try (BrokerChild b = new BrokerChild(tmp, "--port", "" + port, "--dir", dir.toString())) {
            b.awaitReady();
            b.process.destroy();
            assertEquals(0, b.awaitExit());
        }
        Files.writeString(dir.resolve("data/meta.properties"), "\u0000\u0001garbage=\\u12\n", StandardCharsets.UTF_8);
        try (BrokerChild b = new BrokerChild(tmp, "--port", "" + port, "--dir", dir.toString())) {
            assertEquals(1, b.awaitExit());
            await().atMost(Duration.ofSeconds(5)).until(() -> b.err().stream().anyMatch(l -> l.contains("--reset")));
            String last = b.err().get(b.err().size() - 1);
            assertTrue(last.startsWith("streamlab kafka broker: the data folder " + dir + " cannot be read as Kafka "
                    + "data ("), last);
            assertTrue(last.endsWith("Reset wipes it: streamlab kafka broker --reset, or Reset in the Kafka tab."),
                    last);
            assertEquals(List.of("Starting the broker on localhost:" + port, last), b.err(), "nothing else on stderr");
            assertEquals(List.of(), b.out);
        }
        CliRun reset = new CliRun();
        assertEquals(0, reset.exec("kafka", "broker", "--reset", "--yes", "--dir", dir.toString()),
                reset.err.toString());
        assertFalse(Files.exists(dir));
    }

    @Test
    void resetNeedsYesWithoutATerminalWipesWithItAndRefusesAFolderWithForeignFiles() throws Exception {
        Path dir = tmp.resolve("kafka-reset");
        Files.createDirectories(dir.resolve("data/sales-0"));
        Files.writeString(dir.resolve("data/sales-0/00000000000000000000.log"), "x");
        Files.writeString(dir.resolve("server.properties"), "node.id=1\n");

        CliRun noYes = new CliRun();
        assertEquals(2, noYes.exec("kafka", "broker", "--reset", "--dir", dir.toString()));
        assertEquals("streamlab kafka broker: --reset wipes all topics and offsets in " + dir + "; add --yes to "
                + "confirm, since there is no terminal to ask on. See 'streamlab kafka broker --help'.\n",
                noYes.err.toString());
        assertTrue(Files.exists(dir.resolve("data/sales-0/00000000000000000000.log")), "nothing wiped");

        Path foreign = tmp.resolve("homework");
        Files.createDirectories(foreign.resolve("data"));
        Files.writeString(foreign.resolve("essay.txt"), "mine");
        CliRun refused = new CliRun();
        assertEquals(2, refused.exec("kafka", "broker", "--reset", "--yes", "--dir", foreign.toString()));
        assertEquals("streamlab kafka broker: cannot reset: " + foreign + " holds files that are not a StreamLab "
                + "broker's data; choose the broker's own folder (out/kafka by default).\n", refused.err.toString());
        assertEquals("mine", Files.readString(foreign.resolve("essay.txt")));

        CliRun wiped = new CliRun();
        assertEquals(0, wiped.exec("kafka", "broker", "--reset", "--yes", "--dir", dir.toString()));
        assertEquals("Wiped " + dir + ": no topics, no offsets. Start a fresh broker with streamlab kafka broker "
                + "--dir " + dir + ".\n", wiped.err.toString());
        assertFalse(Files.exists(dir));
        assertEquals("", wiped.out.toString());
    }

    @Test
    void anUnreachableBootstrapInAChildJvmIsExactlyOneStderrLineWithinFiveSeconds() throws Exception {
        int port = TestBroker.freePort();
        Path err = tmp.resolve("unreachable.err");
        Path out = tmp.resolve("unreachable.out");
        Process p = ChildJvm.streamlab(List.of("-Dstreamlab.out=" + tmp), "kafka", "groups", "--bootstrap",
                        "localhost:" + port)
                .redirectError(err.toFile()).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        List<String> lines = Files.readAllLines(err);
        assertEquals(List.of("streamlab kafka groups: cannot reach Kafka at localhost:" + port + " within 5 s; start "
                + "the built-in broker (streamlab kafka broker, or Start in the Kafka tab) or give the right "
                + "--bootstrap HOST:PORT."), lines, "no Kafka client warnings, no retries");
        assertEquals("", Files.readString(out));
        Path logFile = tmp.resolve("logs/streamlab.log");
        String log = Files.exists(logFile) ? Files.readString(logFile) : "";
        assertFalse(log.contains("NetworkClient"), "no line per reconnect attempt in the log either: " + log);
    }

    @Test
    void aDataFolderThatFillsUpStopsTheBrokerWithOneLineSayingItIsFull() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = m.waitFor(10, TimeUnit.SECONDS) && m.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "a 64 KiB tmpfs can be mounted here (needs root and mount rights): "
                + new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        try {
            Path dir = mount.resolve("kafka");
            int port = TestBroker.freePort();
            String bootstrap = "localhost:" + port;
            try (BrokerChild b = new BrokerChild(tmp, "--port", "" + port, "--dir", dir.toString())) {
                b.awaitReady();
                Map<String, Object> c = KafkaClients.common(bootstrap);
                c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
                c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
                c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
                try (var p = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < 200 && b.process.isAlive(); i++) {
                        p.send(new ProducerRecord<>("fill", "north", "x".repeat(1000)));
                    }
                    p.flush();
                }
                assertEquals(1, b.awaitExit(), String.join("\n", b.err()));
                assertEquals("streamlab kafka broker: the data folder " + dir + " is full, so the broker stopped; "
                        + "free some space or choose another folder with --dir.", b.err().get(b.err().size() - 1),
                        String.join("\n", b.err()));
                assertEquals(List.of("Formatting storage in " + dir, "Starting the broker on " + bootstrap),
                        b.err().subList(0, 2));
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void resetOnATerminalAsksFirstAndWipesOnlyAfterYes() throws Exception {
        Path script = Path.of("/usr/bin/script");
        Assumptions.assumeTrue(Files.isExecutable(script), "util-linux script is here to give the child a terminal");
        Path dir = tmp.resolve("kafka-asked");
        for (String answer : List.of("n", "y")) {
            Files.createDirectories(dir.resolve("data/sales-0"));
            Files.writeString(dir.resolve("server.properties"), "node.id=1\n");
            List<String> cmd = ChildJvm.command(List.of("-Dstreamlab.out=" + tmp), ChildJvm.MAIN,
                    List.of("kafka", "broker", "--reset", "--dir", dir.toString()));
            String line = cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'")
                    .reduce((a, b) -> a + " " + b).orElseThrow();
            Path tty = tmp.resolve("tty-" + answer + ".txt");
            Process p = new ProcessBuilder(script.toString(), "-qfec", line, "/dev/null")
                    .redirectOutput(tty.toFile()).redirectErrorStream(true).start();
            await("the question").atMost(Duration.ofSeconds(30)).until(() -> Files.readString(tty)
                    .contains("Wipe all topics and offsets in " + dir + "? [y/N]"));
            p.getOutputStream().write((answer + "\n").getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().flush();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), Files.readString(tty));
            String shown = Files.readString(tty);
            if (answer.equals("n")) {
                assertEquals(1, p.exitValue(), shown);
                assertTrue(shown.contains("Nothing wiped: " + dir + " is as it was."), shown);
                assertTrue(Files.isDirectory(dir.resolve("data/sales-0")));
            } else {
                assertEquals(0, p.exitValue(), shown);
                assertTrue(shown.contains("Wiped " + dir + ": no topics, no offsets."), shown);
                assertFalse(Files.exists(dir));
            }
        }
    }
}
