package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import streamlab.kafka.KafkaAdmin;
import streamlab.testing.CliRun;
import streamlab.testing.KafkaMessages;
import streamlab.testing.TestBroker;

/** {@code streamlab kafka topics|consume|groups} against a real built-in broker, run in this JVM. */
class KafkaCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static CliRun run(int expectedCode, String... args) {
        CliRun r = new CliRun();
        List<String> all = new java.util.ArrayList<>(List.of("kafka"));
        all.addAll(List.of(args));
        all.add("--bootstrap");
        all.add(broker.bootstrap());
        int code = r.exec(all.toArray(String[]::new));
        assertEquals(expectedCode, code, "exit code of " + all + "\nout: " + r.out + "\nerr: " + r.err);
        return r;
    }

    /** Produces {@code n} messages keyed by region, to partition {@code p} of {@code topic}, and waits for each. */
    private static void produce(String topic, int partition, int n) throws Exception {
        KafkaMessages.keyedSales(broker.bootstrap(), topic, partition, n);
    }

    private static String row(String topic, int partitions, long messages, String ends) {
        return String.format("%-" + Math.max(5, topic.length()) + "s  %10s  %8s  %s", topic, partitions, messages,
                ends);
    }

    @Test
    void topicsCreateListRecreateAndDeleteShowTheTopicsAsTheyAreAfterwards() throws Exception {
        CliRun created = run(0, "topics", "--create", "t-crud", "--partitions", "3");
        assertEquals("Created topic 't-crud' with 3 partitions.\n", created.err.toString());
        assertTrue(created.outLines().contains(row("t-crud", 3, 0, "p0=0 p1=0 p2=0")), created.out.toString());
        assertEquals(String.format("%-6s  %10s  %8s  %s", "TOPIC", "PARTITIONS", "MESSAGES", "END OFFSETS"),
                created.outLines().get(0).substring(0, 6) + created.outLines().get(0).substring(
                        created.outLines().get(0).indexOf("  PARTITIONS")));

        produce("t-crud", 1, 4);
        produce("t-crud", 2, 2);
        JsonNode listed = JSON.readTree(run(0, "topics", "--json").out.toString());
        assertEquals(broker.bootstrap(), listed.get("bootstrap").asText());
        JsonNode t = topic(listed, "t-crud");
        assertEquals("{\"name\":\"t-crud\",\"partitions\":3,\"endOffsets\":{\"0\":0,\"1\":4,\"2\":2},\"messages\":6}",
                t.toString());

        CliRun again = run(2, "topics", "--create", "t-crud", "--partitions", "3");
        assertEquals("streamlab kafka topics: topic 't-crud' already exists; delete it first, or choose another "
                + "name.\n", again.err.toString());
        assertEquals("", again.out.toString());

        CliRun recreated = run(0, "topics", "--recreate", "t-crud", "--partitions", "2", "--json");
        assertEquals("Recreated topic 't-crud', empty, with 2 partitions.\n", recreated.err.toString());
        assertEquals("{\"name\":\"t-crud\",\"partitions\":2,\"endOffsets\":{\"0\":0,\"1\":0},\"messages\":0}",
                topic(JSON.readTree(recreated.out.toString()), "t-crud").toString());

        CliRun deleted = run(0, "topics", "--delete", "t-crud");
        assertEquals("Deleted topic 't-crud'.\n", deleted.err.toString());
        assertTrue(deleted.outLines().stream().noneMatch(l -> l.startsWith("t-crud ")), deleted.out.toString());

        CliRun unknown = run(2, "topics", "--delete", "t-crud");
        assertEquals("streamlab kafka topics: topic 't-crud' does not exist; list topics with streamlab kafka topics, "
                + "or create it with --create t-crud.\n", unknown.err.toString());
    }

    private static JsonNode topic(JsonNode listing, String name) {
        for (JsonNode t : listing.get("topics")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError(name + " is not listed: " + listing);
    }

    @Test
    void twoActionsAtOnceOrPartitionsAloneAreOneLineWithExitTwo() {
        CliRun both = run(2, "topics", "--create", "a", "--delete", "b");
        assertEquals("streamlab kafka topics: give one of --create, --delete and --recreate at a time. "
                + "See 'streamlab kafka topics --help'.\n", both.err.toString());
        CliRun alone = run(2, "topics", "--partitions", "3");
        assertEquals("streamlab kafka topics: --partitions goes with --create or --recreate. "
                + "See 'streamlab kafka topics --help'.\n", alone.err.toString());
    }

    @Test
    void consumeStopsAtCountPrintsEachMessageAndCommitsWhatItPrinted() throws Exception {
        run(0, "topics", "--create", "t-count", "--partitions", "2");
        produce("t-count", 0, 3);
        produce("t-count", 1, 2);
        CliRun c = run(0, "consume", "--topic", "t-count", "--group", "g-count", "--from-beginning", "--count", "5",
                "--timeout", "60s");
        List<String> lines = c.outLines().stream().sorted().toList();
        assertEquals(List.of("p0 @0 key=north value=sale-0", "p0 @1 key=north value=sale-1",
                "p0 @2 key=north value=sale-2", "p1 @0 key=north value=sale-0", "p1 @1 key=north value=sale-1"),
                lines);
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            assertEquals(Map.of(new TopicPartition("t-count", 0), 3L, new TopicPartition("t-count", 1), 2L),
                    admin.committed("g-count"));
        }
        // The group continues after what it committed: two new messages, and only those.
        produce("t-count", 1, 2);
        CliRun more = run(0, "consume", "--topic", "t-count", "--group", "g-count", "--count", "2", "--timeout",
                "60s", "--json");
        assertEquals("{\"consumed\":2,\"partitions\":{\"0\":0,\"1\":2},\"committed\":{\"0\":3,\"1\":4}}",
                more.out.toString().strip());
    }

    @Test
    void consumeTimesOutWithExitOneAndSaysHowManyArrived() throws Exception {
        run(0, "topics", "--create", "t-timeout", "--partitions", "1");
        produce("t-timeout", 0, 2);
        long t0 = System.nanoTime();
        CliRun c = run(1, "consume", "--topic", "t-timeout", "--group", "g-timeout", "--from-beginning", "--count",
                "5", "--timeout", "8s", "--json");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("{\"consumed\":2,\"partitions\":{\"0\":2},\"committed\":{\"0\":2}}", c.out.toString().strip());
        assertEquals("streamlab kafka consume: timed out after 8000 ms: 2 of 5 messages arrived.\n",
                c.err.toString());
        assertTrue(ms >= 8000 && ms < 20_000, ms + " ms");
    }

    @Test
    void consumeOfAnUnknownTopicIsOneLineWithExitTwoAndCreatesNothing() throws Exception {
        CliRun c = run(2, "consume", "--topic", "t-missing", "--group", "g-missing", "--timeout", "5s");
        assertEquals("streamlab kafka consume: topic 't-missing' does not exist; list topics with streamlab kafka "
                + "topics, or create it with --create t-missing.\n", c.err.toString());
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            assertTrue(!admin.topics(false).contains("t-missing"), "not created by the attempt");
        }
    }

    @Test
    void groupsShowCommittedEndAndLagAfterTenProducedAndFourConsumed() throws Exception {
        run(0, "topics", "--create", "t-lag", "--partitions", "1");
        produce("t-lag", 0, 10);
        run(0, "consume", "--topic", "t-lag", "--group", "g-lag", "--from-beginning", "--count", "4", "--timeout",
                "60s");
        CliRun plain = run(0, "groups");
        List<String> mine = plain.outLines().stream().filter(l -> l.startsWith("g-lag ")).toList();
        assertEquals(1, mine.size(), plain.out.toString());
        assertTrue(mine.get(0).matches("g-lag +t-lag +0 +4 +10 +6"), mine.get(0));
        assertTrue(plain.outLines().get(0).matches("GROUP +TOPIC +PARTITION +COMMITTED +END +LAG"),
                plain.outLines().get(0));
        JsonNode json = JSON.readTree(run(0, "groups", "--json").out.toString());
        JsonNode g = null;
        for (JsonNode n : json.get("groups")) {
            if (n.get("group").asText().equals("g-lag")) {
                g = n;
            }
        }
        assertEquals("{\"group\":\"g-lag\",\"partitions\":[{\"topic\":\"t-lag\",\"partition\":0,\"committed\":4,"
                + "\"end\":10,\"lag\":6}],\"lag\":6}", String.valueOf(g));
    }

    @Test
    void anUnreachableBootstrapIsOneLineWithinFiveSecondsAndExitTwo() {
        int port = TestBroker.freePort();
        for (String command : List.of("topics", "groups", "consume")) {
            CliRun r = new CliRun();
            long t0 = System.nanoTime();
            int code = command.equals("consume")
                    ? r.exec("kafka", "consume", "--topic", "t", "--group", "g", "--bootstrap", "localhost:" + port)
                    : r.exec("kafka", command, "--bootstrap", "localhost:" + port);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(2, code, r.err.toString());
            assertEquals("streamlab kafka " + command + ": cannot reach Kafka at localhost:" + port + " within 5 s; "
                    + "start the built-in broker (streamlab kafka broker, or Start in the Kafka tab) or give the "
                    + "right --bootstrap HOST:PORT.\n", r.err.toString());
            assertTrue(ms < 7000, command + " took " + ms + " ms");
            System.out.println("unreachable " + command + ": " + ms + " ms");
        }
    }

    @Test
    void aBootstrapThatIsNotHostAndPortIsAnOptionError() {
        CliRun r = new CliRun();
        assertEquals(2, r.exec("kafka", "topics", "--bootstrap", "localhost"));
        assertEquals("streamlab kafka topics: --bootstrap: 'localhost' is not HOST:PORT; give the bootstrap servers "
                + "such as localhost:9092. See 'streamlab kafka topics --help'.\n", r.err.toString());
    }

    @Test
    void kafkaWithoutACommandOrWithAMistypedOneListsItsCommands() {
        CliRun none = new CliRun();
        assertEquals(2, none.exec("kafka"));
        assertEquals("streamlab kafka: name a kafka command: broker, topics, consume or groups. "
                + "See 'streamlab kafka --help'.\n", none.err.toString());
        CliRun typo = new CliRun();
        assertEquals(2, typo.exec("kafka", "topcs"));
        assertTrue(typo.err.toString().startsWith("streamlab kafka: 'topcs' is not a command (did you mean topics"),
                typo.err.toString());
    }

    @Test
    void resetRefusesTheFolderOfARunningBrokerAndLeavesItsDataAlone() throws Exception {
        run(0, "topics", "--create", "t-kept", "--partitions", "1");
        CliRun r = new CliRun();
        assertEquals(2, r.exec("kafka", "broker", "--reset", "--yes", "--dir", broker.dir().toString()));
        assertEquals("streamlab kafka broker: cannot reset: a broker is running on " + broker.dir() + "; stop it "
                + "first (Ctrl-C, or Stop in the Kafka tab), then reset.\n", r.err.toString());
        assertTrue(java.nio.file.Files.isDirectory(broker.dir().resolve("data/t-kept-0")));
        assertTrue(run(0, "topics").outLines().stream().anyMatch(l -> l.startsWith("t-kept ")));
    }

    @Test
    void sigtermStopsAConsumerThatCommittedWhatItPrinted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        run(0, "topics", "--create", "t-sigterm", "--partitions", "1");
        produce("t-sigterm", 0, 3);
        java.nio.file.Path errFile = dir.resolve("consume.err");
        List<String> out = new java.util.concurrent.CopyOnWriteArrayList<>();
        Process p = streamlab.testing.ChildJvm.streamlab(List.of("-Dstreamlab.out=" + dir), "kafka", "consume",
                        "--topic", "t-sigterm", "--group", "g-sigterm", "--from-beginning", "--bootstrap",
                        broker.bootstrap())
                .redirectError(errFile.toFile()).start();
        try {
            streamlab.testing.ChildJvm.pumpLines(p.getInputStream(), out, "consume-out");
            org.awaitility.Awaitility.await("three lines").atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> out.size() >= 3);
            p.destroy();
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(143, p.exitValue());
        assertEquals(List.of("p0 @0 key=north value=sale-0", "p0 @1 key=north value=sale-1",
                "p0 @2 key=north value=sale-2"), out);
        List<String> err = java.nio.file.Files.readAllLines(errFile);
        assertEquals(1, err.size(), String.join("\n", err));
        assertTrue(err.get(0).matches("Stopped by a signal after \\d+\\.\\d s: 3 messages; group g-sigterm "
                + "committed \\{0=3\\}\\."), err.get(0));
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            assertEquals(Map.of(new TopicPartition("t-sigterm", 0), 3L), admin.committed("g-sigterm"));
        }
    }
}
