package streamlab.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Topic and group administration for the Kafka tab and the {@code kafka} commands, over the Admin API, so it works
 * the same on the built-in broker and on any cluster. Every call gives up within {@link KafkaClients#REACH_DEADLINE}
 * with a message that names the problem and the fix. Thread-safe (the Admin client is).
 */
public final class KafkaAdmin implements AutoCloseable {

    /** Where to move a group's committed offsets. */
    public enum ResetTo { EARLIEST, LATEST, OFFSET }

    private static final long REACH_DEADLINE_NANOS = KafkaClients.REACH_DEADLINE.toNanos();

    private final String bootstrap;
    private final Admin admin;

    private KafkaAdmin(String bootstrap, Admin admin) {
        this.bootstrap = bootstrap;
        this.admin = admin;
    }

    /** Connects, and fails within five seconds with one clear message when the cluster does not answer. */
    public static KafkaAdmin connect(String bootstrap) throws KafkaUnavailableException {
        String b = KafkaClients.checkBootstrap(bootstrap);
        Admin a;
        try {
            a = KafkaClients.admin(b);
        } catch (KafkaException e) {
            // A host name that does not resolve fails here, at once, as a ConfigException inside a KafkaException.
            throw KafkaClients.unresolvable(b, e);
        }
        try {
            KafkaClients.requireReachable(a, b);
        } catch (KafkaUnavailableException e) {
            a.close(java.time.Duration.ZERO);
            throw e;
        }
        return new KafkaAdmin(b, a);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** The underlying client, for the monitor and tests. */
    public Admin client() {
        return admin;
    }

    /** Topic names, without Kafka's internal ones unless asked, sorted. */
    public List<String> topics(boolean internal) throws KafkaUnavailableException {
        Set<String> names = await(admin.listTopics(new ListTopicsOptions().listInternal(internal)).names(),
                "list topics");
        return names.stream().sorted().toList();
    }

    /** Partition count per topic, for {@code topics}. */
    public Map<String, Integer> partitionCounts(Collection<String> topics) throws KafkaUnavailableException {
        Map<String, TopicDescription> d = await(admin.describeTopics(topics).allTopicNames(), "describe topics");
        Map<String, Integer> out = new TreeMap<>();
        d.forEach((k, v) -> out.put(k, v.partitions().size()));
        return out;
    }

    /**
     * Creates {@code name} with {@code partitions} partitions and returns once listings show it; names an existing
     * topic or a bad name clearly.
     */
    public void createTopic(String name, int partitions) throws KafkaUnavailableException {
        KafkaClients.checkTopic(name);
        KafkaClients.checkPartitions(partitions);
        try {
            await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all(), "create " + name);
            // The controller has it; the broker's metadata, which listings read, follows a moment later.
            awaitListed(name, true);
        } catch (KafkaUnavailableException e) {
            if (e.getCause() instanceof TopicExistsException) {
                throw new KafkaUnavailableException("topic '" + name + "' already exists; delete it first, or "
                        + "choose another name", e.getCause());
            }
            if (e.getCause() instanceof InvalidTopicException || e.getCause() instanceof InvalidPartitionsException) {
                throw new KafkaUnavailableException("cannot create topic '" + name + "': "
                        + e.getCause().getMessage(), e.getCause());
            }
            throw e;
        }
    }

    /** Deletes {@code name}; an unknown topic is named as such. */
    public void deleteTopic(String name) throws KafkaUnavailableException {
        try {
            await(admin.deleteTopics(List.of(name)).all(), "delete " + name);
        } catch (KafkaUnavailableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw unknownTopic(name, e.getCause());
            }
            throw e;
        }
    }

    /**
     * Deletes {@code name} if it exists and creates it again empty with {@code partitions} partitions: the course's
     * "clear the topic on start". Waits until the deletion is done, since Kafka deletes asynchronously.
     */
    public void recreateTopic(String name, int partitions) throws KafkaUnavailableException {
        if (topics(false).contains(name)) {
            deleteTopic(name);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                createTopic(name, partitions);
                return;
            } catch (KafkaUnavailableException e) {
                if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new KafkaUnavailableException("interrupted while recreating " + name, ie);
                }
            }
        }
    }

    /**
     * Waits, at most {@link KafkaClients#REACH_DEADLINE}, until {@code name} is no longer listed: Kafka deletes a
     * topic asynchronously, so a listing right after {@link #deleteTopic} may still show it.
     */
    public void awaitTopicGone(String name) throws KafkaUnavailableException {
        awaitListed(name, false);
    }

    private void awaitListed(String name, boolean listed) throws KafkaUnavailableException {
        long deadline = System.nanoTime() + REACH_DEADLINE_NANOS;
        while (topics(false).contains(name) != listed) {
            if (System.nanoTime() > deadline) {
                throw new KafkaUnavailableException("topic '" + name + "' is " + (listed ? "not yet" : "still")
                        + " listed " + KafkaClients.REACH_DEADLINE.toSeconds() + " s after its "
                        + (listed ? "creation" : "deletion") + "; list the topics again in a moment", null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailableException("interrupted while waiting for topic " + name, ie);
            }
        }
    }

    /** The partitions of {@code topic}, in order; an unknown topic is named as such. */
    public List<TopicPartition> partitions(String topic) throws KafkaUnavailableException {
        try {
            TopicDescription d = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic)
                    .get(topic);
            List<TopicPartition> out = new ArrayList<>();
            d.partitions().forEach(p -> out.add(new TopicPartition(topic, p.partition())));
            return out;
        } catch (KafkaUnavailableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw unknownTopic(topic, e.getCause());
            }
            throw e;
        }
    }

    /** End offsets (latest) of the given partitions. */
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions)
            throws KafkaUnavailableException {
        return offsets(partitions, OffsetSpec.latest());
    }

    /** Start offsets (earliest) of the given partitions. */
    public Map<TopicPartition, Long> startOffsets(Collection<TopicPartition> partitions)
            throws KafkaUnavailableException {
        return offsets(partitions, OffsetSpec.earliest());
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec)
            throws KafkaUnavailableException {
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        partitions.forEach(tp -> req.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
                await(admin.listOffsets(req).all(), "read offsets");
        Map<TopicPartition, Long> out = new HashMap<>();
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Consumer group ids, sorted. */
    public List<String> groups() throws KafkaUnavailableException {
        return await(admin.listGroups().all(), "list groups").stream()
                .map(g -> g.groupId()).sorted().toList();
    }

    /** A group's committed offsets. */
    public Map<TopicPartition, Long> committed(String groupId) throws KafkaUnavailableException {
        Map<TopicPartition, OffsetAndMetadata> m = await(
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), "read offsets of " + groupId);
        Map<TopicPartition, Long> out = new HashMap<>();
        m.forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    /**
     * Moves a group's committed offsets on every partition of {@code topic} to the earliest, the latest, or
     * {@code offset} (clamped to each partition's range). The group must have no active members.
     */
    public Map<TopicPartition, Long> resetOffsets(String groupId, String topic, ResetTo to, long offset)
            throws KafkaUnavailableException {
        List<TopicPartition> parts = partitions(topic);
        Map<TopicPartition, Long> start = startOffsets(parts);
        Map<TopicPartition, Long> end = endOffsets(parts);
        Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
        Map<TopicPartition, Long> out = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        for (TopicPartition tp : parts) {
            long o = switch (to) {
                case EARLIEST -> start.get(tp);
                case LATEST -> end.get(tp);
                case OFFSET -> Math.max(start.get(tp), Math.min(end.get(tp), offset));
            };
            target.put(tp, new OffsetAndMetadata(o));
            out.put(tp, o);
        }
        try {
            await(admin.alterConsumerGroupOffsets(groupId, target).all(), "reset offsets of " + groupId);
        } catch (KafkaUnavailableException e) {
            if (e.getCause() instanceof GroupNotEmptyException
                    || String.valueOf(e.getCause()).contains("UnknownMemberId")) {
                throw new KafkaUnavailableException("group '" + groupId + "' still has running consumers; stop "
                        + "them first, then reset its offsets", e.getCause());
            }
            throw e;
        }
        return out;
    }

    private <T> T await(KafkaFuture<T> f, String what) throws KafkaUnavailableException {
        try {
            return f.get(KafkaClients.REACH_DEADLINE.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted: " + what, e);
        } catch (TimeoutException e) {
            throw KafkaClients.unreachable(bootstrap, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw KafkaClients.unreachable(bootstrap, c);
            }
            throw new KafkaUnavailableException("Kafka refused to " + what + ": " + c.getMessage(), c);
        }
    }

    private static KafkaUnavailableException unknownTopic(String name, Throwable cause) {
        return new KafkaUnavailableException("topic '" + name + "' does not exist; list topics with "
                + "streamlab kafka topics, or create it with --create " + name, cause);
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofMillis(500));
    }
}
