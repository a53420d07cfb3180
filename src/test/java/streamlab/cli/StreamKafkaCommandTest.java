package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.testing.TestBroker;

/** {@code streamlab stream --kafka} against a real built-in broker, one per class. */
class StreamKafkaCommandTest extends StreamCliTestBase {

    private static TestBroker broker;
    private static KafkaAdmin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start();
        admin = KafkaAdmin.connect(broker.bootstrap());
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private int run(String... args) {
        cli.clear();
        return stream(args);
    }

    /** Every record of the topic, read from the start of each partition until all {@code expected} are there. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) throws Exception {
        List<TopicPartition> parts = admin.partitions(topic);
        long end = admin.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(expected, end, "records in topic " + topic);
        Map<String, Object> c = KafkaClients.common(broker.bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void keyedRecordsArriveOnceEachWithTheirKeyAlwaysInOnePartitionAndTheFileOutputsValues() throws Exception {
        Path o = dir.resolve("o.txt");
        long t0 = System.nanoTime();
        assertEquals(0, run(COURSE, "--interval", "0", "--quiet", "--out", o.toString(), "--kafka="
                + broker.bootstrap(), "--topic", "course-keyed", "--key", "Time", "--partitions", "3"),
                err.toString());
        assertEquals(Map.of("course-keyed", 3), admin.partitionCounts(List.of("course-keyed")),
                "the missing topic was created with --partitions");
        List<String> lines = Files.readAllLines(o);
        assertEquals(168, lines.size());
        List<ConsumerRecord<byte[], byte[]>> records = readAll("course-keyed", 168);
        assertEquals(168, records.size());
        // Values are the same template-formatted lines as the file output's, each exactly once.
        assertEquals(lines.stream().sorted().toList(), records.stream().map(r -> text(r.value())).sorted().toList());
        Map<String, Set<Integer>> partitionsOfKey = new HashMap<>();
        List<String> csv = Files.readAllLines(Path.of(COURSE));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            partitionsOfKey.computeIfAbsent(text(r.key()), k -> new HashSet<>()).add(r.partition());
            // The key is the row's Time column: the value of that row holds it.
            assertTrue(text(r.value()).contains(text(r.key())), text(r.value()) + " keyed " + text(r.key()));
        }
        Set<String> times = csv.stream().skip(1).map(l -> l.split(",")[3]).collect(Collectors.toSet());
        assertEquals(times, partitionsOfKey.keySet());
        partitionsOfKey.forEach((k, p) -> assertEquals(1, p.size(), "key " + k + " went to " + p));
        assertTrue(partitionsOfKey.values().stream().flatMap(Set::stream).distinct().count() > 1,
                "distinct keys spread over the partitions");
        assertTrue(out.toString().contains("  kafka " + broker.bootstrap() + " course-keyed: 168 sent, 0 failed"),
                out.toString());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void withoutAKeyTheRecordsGoToThePartitionsInTurn() throws Exception {
        assertEquals(0, run(COURSE, "--interval", "0", "--quiet", "--no-file", "--kafka=" + broker.bootstrap(),
                "--topic", "course-turns", "--partitions", "3"), err.toString());
        List<ConsumerRecord<byte[], byte[]>> records = readAll("course-turns", 168);
        Map<Integer, Long> perPartition = new TreeMap<>(records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition, Collectors.counting())));
        assertEquals(Map.of(0, 56L, 1, 56L, 2, 56L), perPartition);
        records.forEach(r -> assertNull(r.key()));
    }

    @Test
    void anExistingTopicKeepsItsPartitions() throws Exception {
        admin.createTopic("course-existing", 2);
        assertEquals(0, run(COURSE, "--interval", "0", "--quiet", "--no-file", "--limit", "10", "--kafka="
                + broker.bootstrap(), "--topic", "course-existing", "--partitions", "5"), err.toString());
        assertEquals(Map.of("course-existing", 2), admin.partitionCounts(List.of("course-existing")));
        assertEquals(10, readAll("course-existing", 10).size());
    }

    @Test
    void anUnknownKeyColumnExitsTwoNamingTheColumns() throws Exception {
        assertEquals(2, run(COURSE, "--interval", "0", "--no-file", "--kafka=" + broker.bootstrap(), "--topic",
                "course-nokey", "--key", "Station"), err.toString());
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).contains("The Kafka key column 'Station' is not in the file. Columns are: Year,"
                + " Month, Day, Time, TempF."), lines.get(0));
        assertFalse(admin.topics(false).contains("course-nokey"), "nothing created for a refused run");
    }

    @Test
    void anUnreachableBootstrapIsOneLineWithinSevenSeconds() throws Exception {
        int port = TestBroker.freePort();
        Path o = dir.resolve("o.txt");
        long t0 = System.nanoTime();
        assertEquals(2, run(COURSE, "--interval", "0", "--out", o.toString(), "--kafka=localhost:" + port,
                "--topic", "nowhere"), err.toString());
        long took = System.nanoTime() - t0;
        assertTrue(took < TimeUnit.SECONDS.toNanos(7), "took " + took / 1_000_000 + " ms");
        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("streamlab stream: cannot reach Kafka at localhost:" + port + " within 5 s"),
                lines.get(0));
        assertTrue(lines.get(0).contains("--kafka=HOST:PORT"), lines.get(0));
        assertFalse(Files.exists(o), "no output file for a refused run");
    }

    @Test
    void aRecordLargerThanTheTopicAcceptsIsNamedAndFailsTheRunWhileTheOthersArrive() throws Exception {
        admin.client().createTopics(List.of(new NewTopic("small-messages", 1, (short) 1)
                .configs(Map.of("max.message.bytes", "1000")))).all().get(10, TimeUnit.SECONDS);
        Path csv = Files.writeString(dir.resolve("wide.csv"), "n,text\n1,a\n2,b\n3," + "x".repeat(3000)
                + "\n4,d\n5,e\n");
        assertEquals(1, run(csv.toString(), "--interval", "0", "--quiet", "--no-file", "--format", "csv",
                "--kafka=" + broker.bootstrap(), "--topic", "small-messages"), err.toString());
        assertTrue(out.toString().contains("small-messages: 4 sent, 1 failed: record 3 (line 4) not delivered:"
                + " message of 3002 bytes is larger than the topic small-messages accepts (max.message.bytes 1000"),
                out.toString());
        assertTrue(err.toString().contains("failed for record 3: record 3 (line 4) not delivered"), err.toString());
        assertTrue(err.toString().contains("the run failed: kafka " + broker.bootstrap() + " small-messages (1"
                + " records:"), err.toString());
        List<String> values = readAll("small-messages", 4).stream().map(r -> text(r.value())).toList();
        assertEquals(List.of("1,a", "2,b", "4,d", "5,e"), values);
    }

    @Test
    void kafkaWithoutATopicAndATopicWithoutKafkaExitTwo() {
        assertEquals(2, run(COURSE, "--kafka"), err.toString());
        assertEquals(List.of("streamlab stream: --kafka needs --topic NAME: the topic to write to, such as --topic"
                + " readings."), err.toString().lines().toList());
        assertEquals(2, run(COURSE, "--topic", "readings"), err.toString());
        assertEquals(List.of("streamlab stream: --topic is for the Kafka output: add --kafka (localhost:9092) or"
                + " --kafka=HOST:PORT."), err.toString().lines().toList());
        assertEquals(2, run(COURSE, "--kafka=nonsense", "--topic", "readings"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("'nonsense' is not HOST:PORT"), err.toString());
        assertEquals(2, run(COURSE, "--kafka", "--topic", "readings", "--partitions", "0"), err.toString());
        assertEquals(List.of("streamlab stream: --partitions must be 1 to 256, not 0."),
                err.toString().lines().toList());
        assertEquals(2, run(COURSE, "--kafka", "--topic", "readings", "--partitions", "100000"), err.toString());
        assertEquals(List.of("streamlab stream: --partitions must be 1 to 256, not 100000."),
                err.toString().lines().toList());
        assertEquals(2, run(COURSE, "--kafka", "--topic", "bad topic"), err.toString());
        assertTrue(err.toString().contains("The topic name 'bad topic' is not valid"), err.toString());
    }
}
