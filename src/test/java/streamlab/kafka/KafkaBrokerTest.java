package streamlab.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import streamlab.testing.TestBroker;

class KafkaBrokerTest {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        broker = TestBroker.start();
        System.out.println("broker ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stop() {
        long t0 = System.nanoTime();
        broker.close();
        System.out.println("broker stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void onEveryInterfaceTheBrokerAdvertisesTheHostNameAndLocalClientsStillReachIt() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("streamlab-any").resolve("kafka");
        BrokerSettings open = new BrokerSettings(TestBroker.freePort(), dir, true);
        Properties props = KafkaBroker.serverProperties(open, dir.resolve("data"), 1);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        assertEquals("PLAINTEXT://" + host + ":" + open.port(), props.getProperty("advertised.listeners"));
        assertTrue(props.getProperty("listeners").startsWith("PLAINTEXT://0.0.0.0:" + open.port()));
        assertEquals("PLAINTEXT://localhost:" + broker.broker().settings().port(), KafkaBroker.serverProperties(
                broker.broker().settings(), dir, 1).getProperty("advertised.listeners"));

        broker.close();
        try (KafkaBroker b = KafkaBroker.start(open, s -> { })) {
            Properties pp = new Properties();
            pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.bootstrap());
            try (var producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
                assertEquals(0, producer.send(new ProducerRecord<>("open", "k", "v")).get().offset());
            }
        } finally {
            broker = TestBroker.start(broker.dir());
        }
    }

    @Test
    void aKeyedMessageRoundTripsThroughTheBuiltInBroker() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic("sales", 3, (short) 1))).all().get();
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        try (var producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("sales", "north", "v" + i)).get();
            }
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "g1");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int got = 0;
        try (var consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("sales"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (got < 10 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> rs = consumer.poll(Duration.ofMillis(200));
                got += rs.count();
            }
            consumer.commitSync();
        }
        assertEquals(10, got);
        assertTrue(broker.broker().running());
    }
}
