package streamlab.kafka.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import streamlab.kafka.KafkaAdmin;
import streamlab.testing.KafkaMessages;
import streamlab.testing.TestBroker;

class KafkaConsumerLabTest {

    static final int MESSAGES = 30;
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

    /** Two consumers of a three-partition topic, both holding partitions before any message is sent. */
    static KafkaConsumerLab twoConsumers(String name, CommitMode mode) throws Exception {
        admin.createTopic(name, 3);
        KafkaConsumerLab lab = KafkaConsumerLab.start(new LabSettings(broker.bootstrap(), name, name + "-group",
                Duration.ofMillis(200), mode, true));
        assertEquals(1, lab.addConsumer());
        assertEquals(2, lab.addConsumer());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<LabSnapshot.ConsumerState> cs = lab.snapshot().consumers();
            return cs.size() == 2 && cs.stream().allMatch(c -> c.status() == LabSnapshot.Status.RUNNING
                    && !c.assignment().isEmpty())
                    && cs.stream().mapToInt(c -> c.assignment().size()).sum() == 3;
        });
        KafkaMessages.spread(broker.bootstrap(), name, 3, MESSAGES);
        return lab;
    }

    static LabSnapshot.ConsumerState consumer(KafkaConsumerLab lab, int n) {
        return lab.snapshot().consumers().stream().filter(c -> c.number() == n).findFirst().orElseThrow();
    }

    /** Waits until consumer 1 has finished a message and holds the next one. */
    static void awaitMidProcessing(KafkaConsumerLab lab) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(
                () -> consumer(lab, 1).processed() >= 1 && consumer(lab, 1).current() != null);
    }

    static long committedSum(String group) throws Exception {
        return admin.committed(group).values().stream().mapToLong(Long::longValue).sum();
    }

    static List<ProcessedMessage> killedInHand(KafkaConsumerLab lab) {
        return lab.processedSince(0, Integer.MAX_VALUE).stream().filter(m -> m.endMs() == -1).toList();
    }

    static Set<String> finished(KafkaConsumerLab lab) {
        Set<String> out = new HashSet<>();
        lab.processedSince(0, Integer.MAX_VALUE).stream().filter(m -> m.endMs() >= 0)
                .forEach(m -> out.add(m.partition() + "/" + m.offset()));
        return out;
    }

    @Test
    void afterProcessingAKillRepeatsTheMessageInHandAndLosesNothing() throws Exception {
        try (KafkaConsumerLab lab = twoConsumers("lab-after", CommitMode.AFTER_PROCESSING)) {
            awaitMidProcessing(lab);
            lab.kill(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> lab.processedUnique() == MESSAGES
                    && committedSum("lab-after-group") == MESSAGES);
            LabSnapshot s = lab.snapshot();
            assertEquals(LabSnapshot.Status.KILLED, consumer(lab, 1).status());
            assertEquals(List.of(), consumer(lab, 1).assignment());
            assertTrue(s.duplicates() >= 1, "duplicates " + s.duplicates());
            assertEquals(0, s.lost());
            List<ProcessedMessage> killed = killedInHand(lab);
            assertEquals(1, killed.size());
            // A duplicate is a message finished after it was finished, or started by a consumer killed during it.
            assertEquals(lab.processedUnique() + s.duplicates() - killed.size(), s.processed());
            // The message in hand at the kill was done again by the other consumer, and flagged.
            ProcessedMessage k = killed.get(0);
            assertTrue(lab.processedSince(0, Integer.MAX_VALUE).stream().anyMatch(m -> m.consumer() == 2
                    && m.partition() == k.partition() && m.offset() == k.offset() && m.duplicate()));
        }
    }

    @Test
    void beforeProcessingAKillLosesExactlyTheMessageInHand() throws Exception {
        try (KafkaConsumerLab lab = twoConsumers("lab-before", CommitMode.BEFORE_PROCESSING)) {
            awaitMidProcessing(lab);
            lab.kill(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedSum("lab-before-group") == MESSAGES
                    && lab.snapshot().lost() >= 1 && lab.processedUnique() + lab.snapshot().lost() == MESSAGES);
            LabSnapshot s = lab.snapshot();
            assertEquals(0, s.duplicates());
            List<String> inHand = killedInHand(lab).stream().map(m -> m.partition() + "/" + m.offset()).toList();
            assertEquals(1, inHand.size());
            assertEquals(inHand, lab.lostMessages());
            assertEquals(1, s.lost());
            assertFalse(finished(lab).contains(inHand.get(0)), "nobody processed the lost message");
            assertEquals(MESSAGES - 1, lab.processedUnique());
        }
    }

    @Test
    void aCleanStopRepeatsNothingAndLosesNothing() throws Exception {
        KafkaConsumerLab lab = twoConsumers("lab-stop", CommitMode.AFTER_PROCESSING);
        try {
            awaitMidProcessing(lab);
            String inHand = consumer(lab, 1).current();
            lab.stop(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> lab.processedUnique() == MESSAGES
                    && committedSum("lab-stop-group") == MESSAGES);
            LabSnapshot s = lab.snapshot();
            assertEquals(LabSnapshot.Status.STOPPED, consumer(lab, 1).status());
            assertEquals(0, s.duplicates());
            assertEquals(0, s.lost());
            assertEquals(MESSAGES, s.processed());
            assertEquals(List.of(), killedInHand(lab));
            // The stopped consumer finished what it held.
            assertTrue(lab.processedSince(0, Integer.MAX_VALUE).stream().anyMatch(m -> m.consumer() == 1
                    && (m.partition() + "/" + m.offset()).equals(inHand)));
            // Bounded like the monitor's ring: the newest few, oldest first.
            List<ProcessedMessage> last5 = lab.processedSince(0, 5);
            assertEquals(5, last5.size());
            assertEquals(MESSAGES, last5.get(4).seq());
        } finally {
            long t0 = System.nanoTime();
            lab.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1000, "close took " + ms + " ms");
        }
        List<String> left = new ArrayList<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("kafka-lab-offsets-" + lab.instance()) || n.contains("lab-stop-group")
                        || n.matches("kafka-consumer-[12]"))
                .forEach(left::add);
        assertEquals(List.of(), left);
    }

    @Test
    void autoCommitKeepsEveryMessageProcessedOrCountedLost() throws Exception {
        try (KafkaConsumerLab lab = twoConsumers("lab-auto", CommitMode.AUTO)) {
            awaitMidProcessing(lab);
            lab.kill(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> committedSum("lab-auto-group") == MESSAGES
                    && lab.processedUnique() + lab.snapshot().lost() == MESSAGES);
            LabSnapshot s = lab.snapshot();
            // Observed (runs gave duplicates 1 and 2, lost 0): the kill costs duplicates, the message in hand and
            // what consumer 1 finished since its last auto-commit (a poll commits the batch before it once the
            // one-second interval has passed, and a batch of 10 takes 2 s, so at most a few), and loses nothing,
            // since the killed member's close commits only what the group had already committed.
            System.out.println("AUTO after a kill: processed " + s.processed() + ", unique " + lab.processedUnique()
                    + ", duplicates " + s.duplicates() + ", lost " + s.lost());
            assertEquals(MESSAGES, lab.processedUnique() + s.lost());
            Set<String> done = finished(lab);
            long killedThenDone = killedInHand(lab).stream().filter(m -> done.contains(m.partition() + "/"
                    + m.offset())).count();
            assertEquals(lab.processedUnique() + s.duplicates() - killedThenDone, s.processed());
        }
    }
}
