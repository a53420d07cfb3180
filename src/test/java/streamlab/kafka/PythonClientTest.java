package streamlab.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.TestBroker;

/**
 * The course's Python client (confluent_kafka, Debian's python3-confluent-kafka) against the built-in broker: a
 * producer keyed by region, read by StreamLab; and a Python consumer group whose commits StreamLab sees.
 */
class PythonClientTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    static TestBroker broker;
    static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        python = pythonWithConfluentKafka().orElse(null);
        Assumptions.assumeTrue(python != null,
                "python3-confluent-kafka is not installed (apt-get install python3-confluent-kafka)");
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The first python3 that can import confluent_kafka: pyenv's python3 on PATH may lack Debian's package. */
    static Optional<String> pythonWithConfluentKafka() throws Exception {
        for (String candidate : List.of("python3", "/usr/bin/python3", "/usr/local/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import confluent_kafka").redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (java.io.IOException e) {
                // Not there: try the next one.
            }
        }
        return Optional.empty();
    }

    private List<String> runPython(String script, String... args) throws Exception {
        Path file = dir.resolve("client.py");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of(python, file.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("python.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "python ends: " + Files.readString(out));
        assertEquals(0, p.exitValue(), Files.readString(out));
        return Files.readAllLines(out).stream().filter(l -> !l.startsWith("%")).toList();
    }

    private static final String PRODUCER = """
            import csv, sys
            from confluent_kafka import Producer

            bootstrap, topic, path = sys.argv[1], sys.argv[2], sys.argv[3]
            producer = Producer({'bootstrap.servers': bootstrap})

            def delivered(err, msg):
                if err is not None:
                    print('FAILED', err)
                    sys.exit(1)
                print(msg.key().decode(), msg.partition(), msg.offset())

            with open(path, newline='') as f:
                for row in csv.DictReader(f):
                    producer.produce(topic, key=row['region'], value=','.join(row.values()), callback=delivered)
                    producer.poll(0)
            left = producer.flush(30)
            sys.exit(1 if left else 0)
            """;

    @Test
    void aPythonProducerKeyedByRegionIsSeenByStreamLabWithEachRegionInOnePartition() throws Exception {
        String topic = "sales-from-python";
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            admin.createTopic(topic, 3);
        }
        StringBuilder csv = new StringBuilder("date,region,amount\n");
        String[] regions = {"north", "south", "east", "west"};
        for (int i = 0; i < 12; i++) {
            csv.append("2024-01-").append(10 + i).append(',').append(regions[i % 4]).append(',').append(100 + i)
                    .append('\n');
        }
        Path sales = Files.writeString(dir.resolve("sales.csv"), csv);
        List<String> delivered = runPython(PRODUCER, broker.bootstrap(), topic, sales.toString());
        assertEquals(12, delivered.size(), String.join("\n", delivered));
        Map<String, Integer> pythonPartition = new HashMap<>();
        for (String line : delivered) {
            String[] f = line.split(" ");
            Integer before = pythonPartition.put(f[0], Integer.parseInt(f[1]));
            assertTrue(before == null || before == Integer.parseInt(f[1]), "one partition per region: " + delivered);
        }

        List<ConsumerRecord<String, String>> seen = readAll(topic, 12);
        assertEquals(12, seen.size());
        for (ConsumerRecord<String, String> r : seen) {
            assertEquals(pythonPartition.get(r.key()), r.partition(), "region " + r.key());
            assertTrue(r.value().contains("," + r.key() + ","), r.value());
        }
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            assertTrue(admin.topics(false).contains(topic));
            long total = admin.endOffsets(admin.partitions(topic)).values().stream().mapToLong(Long::longValue).sum();
            assertEquals(12, total);
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int n) {
        Map<String, Object> c = KafkaClients.common(broker.bootstrap());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "streamlab-reads-python");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            org.awaitility.Awaitility.await("all messages").atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return seen.size() >= n;
            });
        }
        return seen;
    }

    private static final String CONSUMER = """
            import sys, time
            from confluent_kafka import Consumer

            bootstrap, topic, group, want = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
            consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': group,
                                 'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
            consumer.subscribe([topic])
            got = 0
            deadline = time.time() + 50
            while got < want and time.time() < deadline:
                msg = consumer.poll(1.0)
                if msg is None:
                    continue
                if msg.error():
                    print('ERROR', msg.error())
                    continue
                got += 1
                print(msg.partition(), msg.offset(), msg.key().decode(), msg.value().decode())
                consumer.commit(message=msg, asynchronous=False)
            consumer.close()
            sys.exit(0 if got == want else 1)
            """;

    @Test
    void aPythonConsumerGroupReadsWhatStreamLabWroteAndItsCommitsAreVisible() throws Exception {
        String topic = "sales-for-python";
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            admin.createTopic(topic, 2);
        }
        try (var p = new KafkaProducer<>(KafkaClients.common(broker.bootstrap()), new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 6; i++) {
                p.send(new ProducerRecord<>(topic, i < 4 ? 0 : 1, i < 4 ? "north" : "south", "sale-" + i)).get();
            }
        }
        List<String> lines = runPython(CONSUMER, broker.bootstrap(), topic, "python-group", "6");
        assertEquals(List.of("0 0 north sale-0", "0 1 north sale-1", "0 2 north sale-2", "0 3 north sale-3",
                "1 0 south sale-4", "1 1 south sale-5"), lines.stream().sorted().toList());
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            assertEquals(new TreeMap<>(Map.of(0, 4L, 1, 2L)), partitionsOf(admin.committed("python-group")));
            assertTrue(admin.groups().contains("python-group"));
        }
    }

    private static Map<Integer, Long> partitionsOf(Map<TopicPartition, Long> committed) {
        Map<Integer, Long> out = new TreeMap<>();
        committed.forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }
}
