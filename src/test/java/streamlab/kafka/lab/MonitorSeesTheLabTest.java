package streamlab.kafka.lab;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.monitor.GroupEvent;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.KafkaClusterMonitor;
import streamlab.kafka.monitor.LagPoint;
import streamlab.kafka.monitor.MonitorSettings;
import streamlab.kafka.monitor.TopicPartitionId;
import streamlab.testing.KafkaMessages;
import streamlab.testing.TestBroker;

/** The cluster monitor watching the lab's group: members, a kill's rebalance, lag. */
class MonitorSeesTheLabTest {

    static TestBroker broker;

    @BeforeAll
    static void start() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void theMonitorShowsTheMembersTheRebalanceAfterAKillAndTheLagGoingToZero() throws Exception {
        String topic = "watched";
        String group = "watched-group";
        try (KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            admin.createTopic(topic, 3);
        }
        try (KafkaClusterMonitor monitor = KafkaClusterMonitor.start(
                new MonitorSettings(broker.bootstrap(), Duration.ofMillis(300), 1000, 5000, false));
             KafkaConsumerLab lab = KafkaConsumerLab.start(new LabSettings(broker.bootstrap(), topic, group,
                     Duration.ofMillis(100), CommitMode.AFTER_PROCESSING, true))) {
            lab.addConsumer();
            lab.addConsumer();
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.snapshot().group(group)
                    .map(g -> g.state().equals("Stable") && g.members().size() == 2
                            && g.members().stream().allMatch(m -> !m.assignment().isEmpty())).orElse(false));
            GroupState g = monitor.snapshot().group(group).orElseThrow();
            assertEquals("classic", g.protocol());
            assertEquals(List.of("streamlab-consumer-1", "streamlab-consumer-2"),
                    g.members().stream().map(GroupState.Member::clientId).toList());
            TreeSet<TopicPartitionId> all = new TreeSet<>();
            g.members().forEach(m -> all.addAll(m.assignment()));
            assertEquals(List.of(new TopicPartitionId(topic, 0), new TopicPartitionId(topic, 1),
                    new TopicPartitionId(topic, 2)), List.copyOf(all));
            // The lab and the monitor agree on who holds what.
            for (GroupState.Member m : g.members()) {
                int n = Integer.parseInt(m.clientId().substring("streamlab-consumer-".length()));
                List<Integer> parts = lab.snapshot().consumers().stream().filter(c -> c.number() == n)
                        .findFirst().orElseThrow().assignment();
                assertEquals(parts, m.assignment().stream().map(TopicPartitionId::partition).toList());
            }

            KafkaMessages.spread(broker.bootstrap(), topic, 3, 60);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
                    lab.snapshot().consumers().get(0).current() != null);
            long killedAt = System.currentTimeMillis();
            lab.kill(1);

            await().atMost(KafkaConsumerLab.SESSION_TIMEOUT.plusSeconds(6)).until(() -> monitor.groupEventsSince(
                    killedAt).stream().anyMatch(e -> e.kind() == GroupEvent.Kind.REBALANCE));
            List<GroupEvent> events = monitor.groupEventsSince(killedAt);
            GroupEvent left = events.stream().filter(e -> e.kind() == GroupEvent.Kind.MEMBER_LEFT).findFirst()
                    .orElseThrow();
            assertEquals("streamlab-consumer-1 left", left.detail());
            GroupEvent rebalance = events.stream().filter(e -> e.kind() == GroupEvent.Kind.REBALANCE).findFirst()
                    .orElseThrow();
            assertTrue(rebalance.detail().startsWith("streamlab-consumer-1 left; "), rebalance.detail());
            assertTrue(rebalance.detail().endsWith("partitions moved") || rebalance.detail().endsWith(
                    "partition moved"), rebalance.detail());
            // A crash is noticed when the session times out, not at once as a clean leave would be.
            long noticedAfter = left.timeMs() - killedAt;
            assertTrue(noticedAfter >= 3000, "member left after " + noticedAfter + " ms");
            assertTrue(rebalance.timeMs() - killedAt <= KafkaConsumerLab.SESSION_TIMEOUT.toMillis() + 5000);

            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.snapshot().group(group)
                    .map(x -> x.totalLag() == 0 && x.partitions().size() == 3).orElse(false));
            GroupState end = monitor.snapshot().group(group).orElseThrow();
            assertEquals(List.of("streamlab-consumer-2"), end.members().stream().map(GroupState.Member::clientId)
                    .toList());
            assertEquals(3, end.members().get(0).assignment().size());
            List<LagPoint> lag = monitor.lagSince(0).stream().filter(lp -> lp.groupId().equals(group)).toList();
            assertTrue(lag.stream().anyMatch(lp -> lp.lag() > 0), "lag rose while the consumers worked");
            long lastTime = lag.get(lag.size() - 1).timeMs();
            assertEquals(List.of(0L, 0L, 0L), lag.stream().filter(lp -> lp.timeMs() == lastTime)
                    .map(LagPoint::lag).toList());
        }
    }
}
