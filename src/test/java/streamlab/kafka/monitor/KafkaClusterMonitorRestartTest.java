package streamlab.kafka.monitor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.testing.TestBroker;

/** The broker stops during a run and comes back on the same folder and port. */
class KafkaClusterMonitorRestartTest {

    static TestBroker broker;
    static Path dir;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("streamlab-kafka-restart").resolve("kafka");
        port = TestBroker.freePort();
        broker = TestBroker.start(dir, port);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    static void send(String bootstrap, String topic, String value) throws Exception {
        Map<String, Object> c = KafkaClients.common(bootstrap);
        try (var p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, null, value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    static boolean has(ClusterMonitor m, String value) {
        return m.messagesSince(0, Integer.MAX_VALUE).messages().stream().anyMatch(k -> k.value().equals(value));
    }

    @Test
    void aBrokerThatStopsIsUnreachableWithinFiveSecondsAndUpAgainWhenItReturns() throws Exception {
        String bootstrap = broker.bootstrap();
        try (KafkaAdmin a = KafkaAdmin.connect(bootstrap)) {
            a.createTopic("restart-t", 1);
        }
        send(bootstrap, "restart-t", "before");
        try (KafkaClusterMonitor m = KafkaClusterMonitor.start(
                new MonitorSettings(bootstrap, Duration.ofMillis(300), 1000, 1000, false))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> has(m, "before")
                    && m.snapshot().status() == ClusterSnapshot.Status.UP);

            broker.close();
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(
                    () -> m.snapshot().status() == ClusterSnapshot.Status.UNREACHABLE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms <= 6000, "unreachable noticed after " + ms + " ms");
            assertEquals(KafkaClients.unreachable(bootstrap, null).getMessage(), m.snapshot().error());
            // What was known stays visible while the cluster is away.
            assertTrue(m.snapshot().topic("restart-t").isPresent());

            broker = TestBroker.start(dir, port);
            await().atMost(Duration.ofSeconds(60)).until(() -> m.snapshot().status() == ClusterSnapshot.Status.UP);
            send(bootstrap, "restart-t", "after");
            await().atMost(Duration.ofSeconds(20)).until(() -> has(m, "after")
                    && m.snapshot().topic("restart-t").orElseThrow().endOffsetSum() == 2);
            assertEquals(1, m.messagesSince(0, Integer.MAX_VALUE).messages().stream()
                    .filter(k -> k.value().equals("before")).count(), "the old message is not read twice");
        }
    }
}
