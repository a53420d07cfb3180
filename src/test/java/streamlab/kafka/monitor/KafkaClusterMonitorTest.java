package streamlab.kafka.monitor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.testing.TestBroker;

class KafkaClusterMonitorTest {

    static TestBroker broker;
    static KafkaAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start();
        admin = KafkaAdmin.connect(broker.bootstrap());
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> c = KafkaClients.common(broker.bootstrap());
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<MessageMark> marksOf(ClusterMonitor m, String topic) {
        return m.messagesSince(0, Integer.MAX_VALUE).messages().stream().filter(k -> k.topic().equals(topic))
                .toList();
    }

    @Test
    void topicsOffsetsGroupsAndMessagesAppear() throws Exception {
        admin.createTopic("mon-sales", 3);
        try (KafkaClusterMonitor m = KafkaClusterMonitor.start(
                new MonitorSettings(broker.bootstrap(), Duration.ofMillis(300), 1000, 1000, false))) {
            assertTrue(m.snapshot().status() != ClusterSnapshot.Status.UNREACHABLE);
            try (var p = producer()) {
                for (int i = 0; i < 30; i++) {
                    p.send(new ProducerRecord<>("mon-sales", i % 3, utf8("k" + i), utf8("v" + i)));
                }
                p.send(new ProducerRecord<>("mon-sales", 0, null, utf8("é".repeat(600))));
                p.send(new ProducerRecord<>("mon-sales", 1, utf8("bad"), new byte[] {(byte) 0xff, 'o', 'k'}));
                p.flush();
            }
            // A group that reads 10 messages and commits.
            Map<String, Object> cc = KafkaClients.common(broker.bootstrap());
            cc.put(ConsumerConfig.GROUP_ID_CONFIG, "mon-readers");
            cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (var c = new KafkaConsumer<>(cc, new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of("mon-sales"));
                int got = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (got < 10 && System.nanoTime() < deadline) {
                    got += c.poll(Duration.ofMillis(200)).count();
                }
                c.commitSync();
                assertEquals(10, got);
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> m.snapshot().group("mon-readers")
                    .map(g -> g.partitions().stream().filter(pl -> pl.committed() >= 0).count() > 0).orElse(false)
                    && marksOf(m, "mon-sales").size() == 32);
            ClusterSnapshot s = m.snapshot();
            assertEquals(ClusterSnapshot.Status.UP, s.status());
            assertNull(s.error());
            TopicState t = s.topic("mon-sales").orElseThrow();
            assertFalse(t.internal());
            assertEquals(3, t.partitions().size());
            assertEquals(32, t.endOffsetSum());
            assertEquals(List.of(0, 1, 2), t.partitions().stream().map(PartitionState::partition).toList());
            assertTrue(s.topic("__consumer_offsets").orElseThrow().internal());
            GroupState g = s.group("mon-readers").orElseThrow();
            assertEquals("Empty", g.state());
            assertEquals("classic", g.protocol());
            assertTrue(g.members().isEmpty());
            assertEquals(22, g.totalLag());
            assertTrue(s.messagesSeen() >= 32);

            List<MessageMark> marks = marksOf(m, "mon-sales");
            Set<String> values = marks.stream().map(MessageMark::value).collect(Collectors.toSet());
            for (int i = 0; i < 30; i++) {
                assertTrue(values.contains("v" + i), "v" + i);
            }
            MessageMark longOne = marks.stream().filter(k -> k.key() == null).findFirst().orElseThrow();
            assertEquals(MessageMark.MAX_VALUE_CHARS, longOne.value().length());
            assertEquals(1200, longOne.valueBytes());
            MessageMark bad = marks.stream().filter(k -> "bad".equals(k.key())).findFirst().orElseThrow();
            assertEquals("\uFFFDok", bad.value());
            // Numbered from 1, in reading order.
            List<MessageMark> all = m.messagesSince(0, Integer.MAX_VALUE).messages();
            for (int i = 1; i < all.size(); i++) {
                assertEquals(all.get(i - 1).seq() + 1, all.get(i).seq());
            }
            // The lag history holds this group's partitions.
            assertTrue(m.lagSince(0).stream().anyMatch(lp -> lp.groupId().equals("mon-readers")
                    && lp.topic().equals("mon-sales")));
        }
    }

    @Test
    void aFloodKeepsTheRingAndHistoryBoundedAndCountsWhatItMissed() throws Exception {
        admin.createTopic("mon-flood", 1);
        int capacity = 1000;
        try (KafkaClusterMonitor m = KafkaClusterMonitor.start(
                new MonitorSettings(broker.bootstrap(), Duration.ofMillis(100), capacity, 50, false))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> m.snapshot().topic("mon-flood").isPresent());
            int n = 100_000;
            long t0 = System.nanoTime();
            try (var p = producer()) {
                for (int i = 0; i < n; i++) {
                    p.send(new ProducerRecord<>("mon-flood", null, utf8("m" + i)));
                }
                p.flush();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<MessageMark> ms = marksOf(m, "mon-flood");
                return !ms.isEmpty() && ms.get(ms.size() - 1).offset() == n - 1;
            });
            long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            System.out.println("flood: " + n + " messages produced and read in " + ms + " ms, "
                    + (n * 1000L / ms) + " messages/s");
            MessageBatch b = m.messagesSince(0, Integer.MAX_VALUE);
            long seen = m.snapshot().messagesSeen();
            assertEquals(capacity, b.messages().size());
            assertEquals(capacity, m.messagesHeld());
            assertEquals(seen, b.messages().size() + b.missed(), "seen = held + missed");
            assertTrue(seen >= n, "read every flood message once: " + seen);
            assertEquals("m" + (n - 1), b.messages().get(capacity - 1).value());
            assertEquals(b.messages().get(capacity - 1).seq(), b.lastSeq());
            // A reader that asks for 10 after the oldest kept one is told how many it missed.
            long from = b.messages().get(0).seq();
            MessageBatch tail = m.messagesSince(from, 10);
            assertEquals(10, tail.messages().size());
            assertEquals(seen - from - 10, tail.missed());
            assertTrue(m.lagPointsHeld() <= 50);
        }
    }

    @Test
    void aTopicDeletedAndCreatedAgainDropsTheOldMessages() throws Exception {
        admin.createTopic("mon-again", 1);
        try (KafkaClusterMonitor m = KafkaClusterMonitor.start(
                new MonitorSettings(broker.bootstrap(), Duration.ofMillis(200), 1000, 1000, false))) {
            try (var p = producer()) {
                for (int i = 0; i < 5; i++) {
                    p.send(new ProducerRecord<>("mon-again", null, utf8("old" + i)));
                }
                p.flush();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> marksOf(m, "mon-again").size() == 5);
            admin.recreateTopic("mon-again", 1);
            try (var p = producer()) {
                p.send(new ProducerRecord<>("mon-again", null, utf8("new0"))).get();
                p.send(new ProducerRecord<>("mon-again", null, utf8("new1"))).get();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> marksOf(m, "mon-again").size() == 2);
            List<MessageMark> marks = marksOf(m, "mon-again");
            assertEquals(List.of("new0", "new1"), marks.stream().map(MessageMark::value).toList());
            assertEquals(List.of(0L, 1L), marks.stream().map(MessageMark::offset).toList());
            assertEquals(5, m.messagesDropped());
        }
    }

    @Test
    void aSnapshotIsTheSameInstanceUntilAPollOrAMessageChangesIt() throws Exception {
        admin.createTopic("mon-same", 1);
        // One poll at the start, then only when asked: nothing else publishes meanwhile.
        try (KafkaClusterMonitor m = KafkaClusterMonitor.start(
                new MonitorSettings(broker.bootstrap(), Duration.ofMinutes(10), 1000, 1000, false))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> m.snapshot().topic("mon-same").isPresent());
            // The message reader may still be reading other tests' topics: wait until it is quiet.
            await().atMost(Duration.ofSeconds(10)).until(() -> m.snapshot() == m.snapshot());
            ClusterSnapshot quiet = m.snapshot();
            assertSame(quiet, m.snapshot());

            try (var p = producer()) {
                p.send(new ProducerRecord<>("mon-same", 0, utf8("k"), utf8("v"))).get();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> marksOf(m, "mon-same").size() == 1
                    && m.snapshot() == m.snapshot());
            ClusterSnapshot counted = m.snapshot();
            assertNotSame(quiet, counted);
            assertEquals(quiet.messagesSeen() + 1, counted.messagesSeen());
            assertEquals(quiet.timeMs(), counted.timeMs());
            assertSame(counted, m.snapshot());

            m.refresh();
            await().atMost(Duration.ofSeconds(10)).until(() -> m.snapshot().timeMs() > counted.timeMs());
            ClusterSnapshot polled = m.snapshot();
            assertSame(polled, m.snapshot());
            assertEquals(counted.messagesSeen(), polled.messagesSeen());
            assertEquals(1, polled.topic("mon-same").orElseThrow().endOffsetSum());
        }
    }

    @Test
    void closeReturnsWithinASecondAndLeavesNoThread() {
        KafkaClusterMonitor m = KafkaClusterMonitor.start(MonitorSettings.of(broker.bootstrap()));
        await().atMost(Duration.ofSeconds(20)).until(() -> m.snapshot().status() == ClusterSnapshot.Status.UP);
        List<String> names = List.of("kafka-monitor-" + m.instance(), "kafka-monitor-messages-" + m.instance(),
                "streamlab-monitor-" + m.instance());
        assertTrue(threadsNamed(names).size() >= 2, threadsNamed(names).toString());
        long t0 = System.nanoTime();
        m.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1000, "close took " + ms + " ms");
        assertEquals(List.of(), threadsNamed(names));
    }

    @Test
    void anUnreachableClusterIsNamedWithinFiveSecondsAndRetriedQuietly() {
        String nobody = "localhost:" + TestBroker.freePort();
        long t0 = System.nanoTime();
        try (LogCapture log = LogCapture.start("org.apache.kafka", "streamlab");
             KafkaClusterMonitor m = KafkaClusterMonitor.start(MonitorSettings.of(nobody))) {
            assertEquals(ClusterSnapshot.Status.CONNECTING, m.snapshot().status());
            await().atMost(Duration.ofSeconds(7)).until(
                    () -> m.snapshot().status() == ClusterSnapshot.Status.UNREACHABLE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms <= 6000, "unreachable after " + ms + " ms");
            assertEquals(KafkaClients.unreachable(nobody, null).getMessage(), m.snapshot().error());
            // It keeps trying (the snapshot's time moves on) without a log line per try.
            long stamp = m.snapshot().timeMs();
            int lines = log.lines().size();
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
            assertTrue(m.snapshot().timeMs() > stamp, "still polling");
            assertEquals(ClusterSnapshot.Status.UNREACHABLE, m.snapshot().status());
            List<String> more = log.lines().subList(lines, log.lines().size());
            assertEquals(List.of(), more.stream().filter(l -> l.contains("streamlab-monitor-" + m.instance())
                    || l.contains("KafkaClusterMonitor")).toList());
        }
    }

    @Test
    void aBootstrapHostThatDoesNotResolveIsUnreachableWithinFiveSecondsAndClosesCleanly() {
        String nowhere = "nohost.invalid:9092";
        long t0 = System.nanoTime();
        KafkaClusterMonitor m = KafkaClusterMonitor.start(MonitorSettings.of(nowhere));
        assertEquals(ClusterSnapshot.Status.CONNECTING, m.snapshot().status());
        await().atMost(Duration.ofSeconds(5)).until(() -> m.snapshot().status() == ClusterSnapshot.Status.UNREACHABLE);
        System.out.println("unresolvable host unreachable after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals("no host name in nohost.invalid:9092 resolves to an address; check the spelling, or give the "
                + "right --bootstrap HOST:PORT", m.snapshot().error());
        List<String> names = List.of("kafka-monitor-" + m.instance(), "kafka-monitor-messages-" + m.instance());
        assertEquals(2, threadsNamed(names).size(), "both threads still run: " + threadsNamed(names));
        m.close();
        assertEquals(List.of(), threadsNamed(names));
    }

    static List<String> threadsNamed(List<String> parts) {
        List<String> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && parts.stream().anyMatch(p -> t.getName().equals(p) || t.getName().endsWith("| " + p))) {
                out.add(t.getName());
            }
        }
        return out;
    }
}
