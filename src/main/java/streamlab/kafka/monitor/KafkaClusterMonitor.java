package streamlab.kafka.monitor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.kafka.KafkaClients;

/**
 * The {@link ClusterMonitor} over the Admin API and a group-less consumer. Thread-safe: two named daemon threads per
 * monitor do the work, {@code kafka-monitor-N} (topics, offsets, groups, lag and events, every
 * {@link MonitorSettings#pollEvery()}) and {@code kafka-monitor-messages-N} (reads every partition into the bounded
 * message ring); readers on any thread get immutable snapshots and copies, and never wait for the cluster.
 */
public final class KafkaClusterMonitor implements ClusterMonitor {

    private static final Logger LOG = LogManager.getLogger(KafkaClusterMonitor.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /**
     * What one poll's Admin calls may take together, so a cluster that dies is reported within
     * {@link KafkaClients#REACH_DEADLINE} whichever call it dies in.
     */
    private static final int CALL_MS = (int) KafkaClients.REACH_DEADLINE.toMillis() - 500;
    private static final Duration MESSAGE_POLL = Duration.ofMillis(200);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    /** A shorter poll period is taken as this one, so a zero in the settings cannot spin the poll thread. */
    private static final Duration MIN_POLL_EVERY = Duration.ofMillis(100);
    private static final Duration CLOSE_WAIT = Duration.ofMillis(900);

    private final MonitorSettings settings;
    private final int id;
    private final MessageRing ring;
    private final TimedHistory<LagPoint> lag;
    private final TimedHistory<GroupEvent> events;
    private final Thread pollThread;
    private final Thread messageThread;

    /** Guards {@code refreshAsked} and the poll thread's wait between ticks. */
    private final ReentrantLock tick = new ReentrantLock();
    private final Condition tickCond = tick.newCondition();
    /** Guarded by {@code tick}. */
    private boolean refreshAsked;

    /** Written by the poll thread only. */
    private volatile ClusterSnapshot snapshot;
    /**
     * The last copy {@link #snapshot()} made of {@link #snapshot} with a newer message count. Any reader may replace
     * it; readers that race store equal copies, so whichever write lands last is as good as the others.
     */
    private volatile Counted counted;
    /** Written by the poll thread only: what the message thread should read, with each topic's incarnation. */
    private volatile Layout layout = new Layout(Map.of());
    /** Set once, by {@link #close}; both threads end their loops when they see it. */
    private volatile boolean closed;
    /** Confined to the poll thread: when the poll in progress gives up, System.nanoTime(). */
    private long pollDeadline;

    /**
     * Made by the message thread once the cluster first answers (a host name that does not resolve fails to make a
     * client at all), and owned by it; {@link #close()} only calls {@code wakeup()} on it. Null until then.
     */
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    private KafkaClusterMonitor(MonitorSettings settings) {
        this.settings = settings;
        this.id = INSTANCES.incrementAndGet();
        this.ring = new MessageRing(settings.messageCapacity());
        this.lag = new TimedHistory<>(settings.historyCapacity(), LagPoint::timeMs);
        this.events = new TimedHistory<>(settings.historyCapacity(), GroupEvent::timeMs);
        this.snapshot = new ClusterSnapshot(System.currentTimeMillis(), settings.bootstrap(),
                ClusterSnapshot.Status.CONNECTING, null, List.of(), List.of(), 0);
        this.pollThread = new Thread(this::pollLoop, "kafka-monitor-" + id);
        this.pollThread.setDaemon(true);
        this.messageThread = new Thread(this::messageLoop, "kafka-monitor-messages-" + id);
        this.messageThread.setDaemon(true);
    }

    /** Starts watching; returns at once, with the status CONNECTING until the first poll answers. */
    public static KafkaClusterMonitor start(MonitorSettings settings) {
        KafkaClusterMonitor m = new KafkaClusterMonitor(settings);
        m.pollThread.start();
        m.messageThread.start();
        return m;
    }

    /** The running number of this monitor, as its threads' names carry it. */
    public int instance() {
        return id;
    }

    /**
     * The same instance until the next poll publishes one or the message count moves, so a view can tell by
     * reference whether anything changed. Any thread.
     */
    @Override
    public ClusterSnapshot snapshot() {
        ClusterSnapshot s = snapshot;
        long seen = ring.total();
        if (s.messagesSeen() == seen) {
            return s;
        }
        Counted last = counted;
        if (last != null && last.polled() == s && last.out().messagesSeen() == seen) {
            return last.out();
        }
        ClusterSnapshot fresh = new ClusterSnapshot(s.timeMs(), s.bootstrap(), s.status(), s.error(), s.topics(),
                s.groups(), seen);
        counted = new Counted(s, fresh);
        return fresh;
    }

    /** A published snapshot and the copy of it with a newer message count that readers were given. Immutable. */
    private record Counted(ClusterSnapshot polled, ClusterSnapshot out) {
    }

    @Override
    public MessageBatch messagesSince(long afterSeq, int max) {
        return ring.since(afterSeq, max);
    }

    /** How many messages the ring holds now (at most {@link MonitorSettings#messageCapacity()}). */
    public int messagesHeld() {
        return ring.held();
    }

    /** Messages forgotten because their topic was deleted and created again. */
    public long messagesDropped() {
        return ring.dropped();
    }

    /** How many lag points are held now (at most {@link MonitorSettings#historyCapacity()}). */
    public int lagPointsHeld() {
        return lag.size();
    }

    /**
     * Lag points stamped after {@code sinceMs} (strictly: one poll's points share a time, and are published
     * together, so passing the last point's time neither repeats nor skips any).
     */
    @Override
    public List<LagPoint> lagSince(long sinceMs) {
        return lag.since(sinceMs);
    }

    /** Group events stamped after {@code sinceMs}, oldest first (strictly after, like {@link #lagSince}). */
    @Override
    public List<GroupEvent> groupEventsSince(long sinceMs) {
        return events.since(sinceMs);
    }

    @Override
    public void refresh() {
        tick.lock();
        try {
            refreshAsked = true;
            tickCond.signalAll();
        } finally {
            tick.unlock();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        refresh();
        // The poll thread may be waiting for an Admin answer (seconds when the cluster is gone): the interrupt ends
        // that wait, and the thread then closes its client with a short timeout.
        pollThread.interrupt();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            pollThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            messageThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pollThread.isAlive() || messageThread.isAlive()) {
            LOG.warn("Kafka monitor {} still closing after {} ms", id, CLOSE_WAIT.toMillis());
        }
    }

    // ---------------------------------------------------------------------------------------------- poll thread

    private void pollLoop() {
        Admin admin = null;
        GroupWatch watch = new GroupWatch();
        PollMemo memo = new PollMemo();
        long lastTime = 0;
        try {
            while (!closed) {
                long now = Math.max(System.currentTimeMillis(), lastTime + 1);
                lastTime = now;
                try {
                    if (snapshot.status() == ClusterSnapshot.Status.UNREACHABLE && !anyListening()) {
                        // Still away. Asking the Admin client again would only add its own warning per
                        // reconnect attempt to the log; a bare connect to the bootstrap ports is silent.
                        keepUnreachable(now);
                    } else {
                        if (admin == null) {
                            admin = newAdmin(settings.bootstrap(), "streamlab-monitor-" + id);
                        }
                        if (admin == null) {
                            // No client can be made (the host name does not resolve): away, like a closed port.
                            publishUnreachable(now, snapshot.status(), KafkaClients.unresolvable(settings.bootstrap(),
                                    null).getMessage());
                        } else {
                            pollOnce(admin, now, watch, memo);
                        }
                        if (admin != null && snapshot.status() == ClusterSnapshot.Status.UNREACHABLE) {
                            // An idle Admin client still knocks, and logs each knock; a new one is made when the
                            // bootstrap ports answer again.
                            admin.close(Duration.ZERO);
                            admin = null;
                        }
                    }
                } catch (InterruptedException e) {
                    break;
                }
                if (!awaitTick()) {
                    break;
                }
            }
        } finally {
            // A pending interrupt would cut Admin.close's own wait short; the close is bounded either way.
            Thread.interrupted();
            if (admin != null) {
                admin.close(Duration.ofMillis(300));
            }
        }
    }

    /** Whether any bootstrap server accepts a TCP connection now. */
    private boolean anyListening() {
        for (String hp : settings.bootstrap().split(",")) {
            String h = hp.strip();
            int colon = h.lastIndexOf(':');
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(h.substring(0, colon), Integer.parseInt(h.substring(colon + 1))),
                        (int) PROBE_TIMEOUT.toMillis());
                return true;
            } catch (IOException | IllegalArgumentException e) {
                // Not this one.
            }
        }
        return false;
    }

    private void keepUnreachable(long now) {
        ClusterSnapshot last = snapshot;
        snapshot = new ClusterSnapshot(now, last.bootstrap(), ClusterSnapshot.Status.UNREACHABLE, last.error(),
                last.topics(), last.groups(), ring.total());
    }

    /** Waits for the next tick or a refresh; false when closing. */
    private boolean awaitTick() {
        tick.lock();
        try {
            long left = Math.max(MIN_POLL_EVERY.toNanos(), settings.pollEvery().toNanos());
            while (!refreshAsked && !closed && left > 0) {
                left = tickCond.awaitNanos(left);
            }
            refreshAsked = false;
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            tick.unlock();
        }
    }

    /** What the poll thread remembers between polls to tell a topic's incarnations apart. Confined to it. */
    private static final class PollMemo {
        final Map<String, String> topicIds = new HashMap<>();
        final Map<TopicPartition, Long> ends = new HashMap<>();
        final Map<String, Long> incarnations = new HashMap<>();
        long nextIncarnation = 1;
    }

    private void pollOnce(Admin admin, long now, GroupWatch watch, PollMemo memo) throws InterruptedException {
        ClusterSnapshot.Status before = snapshot.status();
        pollDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CALL_MS);
        try {
            Collection<TopicListing> listings = get(admin.listTopics(new ListTopicsOptions().listInternal(true)
                    .timeoutMs(callMs())).listings());
            Map<String, Boolean> internal = new TreeMap<>();
            listings.forEach(l -> internal.put(l.name(), l.isInternal()));
            Map<String, TopicDescription> described = new TreeMap<>();
            if (!internal.isEmpty()) {
                Map<String, KafkaFuture<TopicDescription>> fs = admin.describeTopics(internal.keySet(),
                        new DescribeTopicsOptions().timeoutMs(callMs())).topicNameValues();
                for (Map.Entry<String, KafkaFuture<TopicDescription>> e : fs.entrySet()) {
                    TopicDescription d = getOrNull(e.getValue());
                    if (d != null) {
                        described.put(e.getKey(), d);
                    }
                }
            }
            List<TopicPartition> parts = new ArrayList<>();
            described.values().forEach(d -> d.partitions().forEach(p -> parts.add(new TopicPartition(d.name(),
                    p.partition()))));
            Map<TopicPartition, Long> starts = offsets(admin, parts, OffsetSpec.earliest(), memo, true);
            Map<TopicPartition, Long> ends = offsets(admin, parts, OffsetSpec.latest(), memo, false);

            List<TopicState> topics = new ArrayList<>();
            Map<String, Layout.Topic> layoutTopics = new HashMap<>();
            for (TopicDescription d : described.values()) {
                List<PartitionState> ps = new ArrayList<>();
                boolean backwards = false;
                for (TopicPartitionInfo p : d.partitions()) {
                    TopicPartition tp = new TopicPartition(d.name(), p.partition());
                    long end = ends.getOrDefault(tp, 0L);
                    long start = Math.min(starts.getOrDefault(tp, 0L), end);
                    Long prevEnd = memo.ends.put(tp, end);
                    backwards |= prevEnd != null && end < prevEnd;
                    ps.add(new PartitionState(d.name(), p.partition(), start, end,
                            p.leader() == null ? -1 : p.leader().id()));
                }
                ps.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
                boolean isInternal = d.isInternal() || Boolean.TRUE.equals(internal.get(d.name()));
                topics.add(new TopicState(d.name(), isInternal, ps));
                String topicId = String.valueOf(d.topicId());
                String prevId = memo.topicIds.put(d.name(), topicId);
                Long inc = memo.incarnations.get(d.name());
                if (inc == null || backwards || (prevId != null && !prevId.equals(topicId))) {
                    inc = memo.nextIncarnation++;
                    memo.incarnations.put(d.name(), inc);
                }
                if (!isInternal || settings.includeInternal()) {
                    layoutTopics.put(d.name(), new Layout.Topic(inc, ps));
                }
            }

            List<GroupState> groups = groups(admin, ends);
            List<LagPoint> points = new ArrayList<>();
            for (GroupState g : groups) {
                for (GroupState.PartitionLag pl : g.partitions()) {
                    points.add(new LagPoint(now, g.groupId(), pl.topic(), pl.partition(), pl.lag()));
                }
            }
            List<GroupEvent> happened = watch.next(now, groups);
            layout = new Layout(layoutTopics);
            lag.addAll(points);
            events.addAll(happened);
            snapshot = new ClusterSnapshot(now, settings.bootstrap(), ClusterSnapshot.Status.UP, null, topics, groups,
                    ring.total());
            if (before != ClusterSnapshot.Status.UP) {
                LOG.info("Kafka at {} answers: {} topics, {} groups", settings.bootstrap(), topics.size(),
                        groups.size());
            }
        } catch (CallFailed e) {
            publishUnreachable(now, before, e.getMessage());
        }
    }

    /** Publishes UNREACHABLE with {@code message}, keeping the last topics and groups; logs a change of status. */
    private void publishUnreachable(long now, ClusterSnapshot.Status before, String message) {
        ClusterSnapshot last = snapshot;
        snapshot = new ClusterSnapshot(now, settings.bootstrap(), ClusterSnapshot.Status.UNREACHABLE, message,
                last.topics(), last.groups(), ring.total());
        if (before != ClusterSnapshot.Status.UNREACHABLE) {
            LOG.info("Kafka monitor: {}", message);
        }
    }

    private Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> parts, OffsetSpec spec,
            PollMemo memo, boolean start) throws CallFailed, InterruptedException {
        Map<TopicPartition, Long> out = new HashMap<>();
        if (parts.isEmpty()) {
            return out;
        }
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        parts.forEach(tp -> req.put(tp, spec));
        ListOffsetsResult r = admin.listOffsets(req, new ListOffsetsOptions().timeoutMs(callMs()));
        for (TopicPartition tp : parts) {
            ListOffsetsResult.ListOffsetsResultInfo info = getOrNull(r.partitionResult(tp));
            if (info != null) {
                out.put(tp, info.offset());
            } else if (!start && memo.ends.containsKey(tp)) {
                // A partition without a leader for a moment keeps its last known end.
                out.put(tp, memo.ends.get(tp));
            }
        }
        return out;
    }

    private List<GroupState> groups(Admin admin, Map<TopicPartition, Long> ends)
            throws CallFailed, InterruptedException {
        Collection<GroupListing> listings = get(admin.listGroups(ListGroupsOptions.forConsumerGroups()
                .timeoutMs(callMs())).all());
        List<String> ids = listings.stream().map(GroupListing::groupId).sorted().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, KafkaFuture<ConsumerGroupDescription>> described = admin.describeConsumerGroups(ids,
                new DescribeConsumerGroupsOptions().timeoutMs(callMs())).describedGroups();
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        ids.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(specs,
                new ListConsumerGroupOffsetsOptions().timeoutMs(callMs()));
        List<GroupState> out = new ArrayList<>();
        for (String g : ids) {
            ConsumerGroupDescription d = getOrNull(described.get(g));
            if (d == null) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> offs = getOrNull(committed.partitionsToOffsetAndMetadata(g));
            out.add(groupState(d, offs == null ? Map.of() : offs, ends));
        }
        return out;
    }

    static GroupState groupState(ConsumerGroupDescription d, Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> ends) {
        List<GroupState.Member> members = new ArrayList<>();
        Map<TopicPartitionId, String> owner = new HashMap<>();
        for (MemberDescription m : d.members()) {
            List<TopicPartitionId> a = new ArrayList<>();
            if (m.assignment() != null) {
                m.assignment().topicPartitions().forEach(tp -> a.add(new TopicPartitionId(tp.topic(),
                        tp.partition())));
            }
            a.sort(null);
            a.forEach(tp -> owner.put(tp, m.consumerId()));
            members.add(new GroupState.Member(m.consumerId(), m.clientId(), m.host(), a));
        }
        members.sort((x, y) -> {
            int c = x.clientId().compareTo(y.clientId());
            return c != 0 ? c : x.memberId().compareTo(y.memberId());
        });
        Set<TopicPartitionId> tps = new TreeSet<>(owner.keySet());
        Map<TopicPartitionId, Long> offsetOf = new HashMap<>();
        committed.forEach((tp, om) -> {
            TopicPartitionId t = new TopicPartitionId(tp.topic(), tp.partition());
            tps.add(t);
            offsetOf.put(t, om == null ? -1L : om.offset());
        });
        List<GroupState.PartitionLag> partitions = new ArrayList<>();
        for (TopicPartitionId t : tps) {
            long end = ends.getOrDefault(new TopicPartition(t.topic(), t.partition()), 0L);
            partitions.add(new GroupState.PartitionLag(t.topic(), t.partition(), offsetOf.getOrDefault(t, -1L), end,
                    owner.get(t)));
        }
        String protocol = d.type() == GroupType.CLASSIC ? "classic" : d.type() == GroupType.CONSUMER ? "consumer" : "";
        String state = d.groupState() == null ? "" : d.groupState().toString();
        return new GroupState(d.groupId(), state, protocol, members, partitions);
    }

    /** An Admin call that failed as a whole: the cluster did not answer, or refused. Its message is for the user. */
    private static final class CallFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The time left to the poll's deadline, for the next call's own timeout. */
    private int callMs() {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(pollDeadline - System.nanoTime()));
    }

    private <T> T get(KafkaFuture<T> f) throws CallFailed, InterruptedException {
        try {
            return f.get(callMs() + 500L, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (isUnreachable(c)) {
                throw unreachable(c);
            }
            throw new CallFailed("Kafka at " + settings.bootstrap() + " refused to answer the monitor: "
                    + c.getMessage() + "; check that it is a Kafka 3.x or 4.x cluster", c);
        }
    }

    /**
     * One item of a call: an item that failed alone (a topic deleted meanwhile, a partition without a leader for a
     * moment) is left out, but a cluster that stopped answering fails the whole poll.
     */
    private <T> T getOrNull(KafkaFuture<T> f) throws CallFailed, InterruptedException {
        if (f == null) {
            return null;
        }
        try {
            return f.get(callMs() + 500L, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (ExecutionException e) {
            if (isUnreachable(e.getCause())) {
                throw unreachable(e.getCause());
            }
            return null;
        }
    }

    private static boolean isUnreachable(Throwable c) {
        return c instanceof org.apache.kafka.common.errors.TimeoutException
                || c instanceof org.apache.kafka.common.errors.DisconnectException;
    }

    private CallFailed unreachable(Throwable cause) {
        return new CallFailed(KafkaClients.unreachable(settings.bootstrap(), cause).getMessage(), cause);
    }

    // ------------------------------------------------------------------------------------------- message thread

    /** The partitions the message thread should read, per topic. Immutable. */
    record Layout(Map<String, Topic> topics) {
        Layout {
            topics = Map.copyOf(topics);
        }

        /** A topic's incarnation (new when it was deleted and created again) and its partitions' offsets. */
        record Topic(long incarnation, List<PartitionState> partitions) {
            Topic {
                partitions = List.copyOf(partitions);
            }
        }
    }

    /** The last offset read per partition. Confined to the message thread. */
    private final Map<TopicPartition, Long> lastRead = new HashMap<>();
    /** Topics the message thread saw start again before the poll thread did. Confined to the message thread. */
    private final Set<String> restarted = new HashSet<>();

    private void messageLoop() {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<String, Long> incarnations = new HashMap<>();
        Layout applied = null;
        try {
            while (!closed) {
                if (snapshot.status() != ClusterSnapshot.Status.UP) {
                    // While the cluster is away the poll thread alone knocks; the consumer would only add noise.
                    pause();
                    continue;
                }
                if (consumer == null) {
                    consumer = newConsumer(settings.bootstrap(), "streamlab-monitor-messages-" + id);
                    if (closed) {
                        // close() may have looked before the consumer existed, and woken nothing.
                        break;
                    }
                }
                Layout l = layout;
                if (l != applied) {
                    assigned = reassign(l, assigned, incarnations);
                    applied = l;
                }
                if (assigned.isEmpty()) {
                    pause();
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(MESSAGE_POLL);
                } catch (WakeupException e) {
                    continue;
                }
                if (!records.isEmpty()) {
                    List<MessageRing.Draft> drafts = new ArrayList<>(records.count());
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        Long last = lastRead.get(tp);
                        if (last != null && r.offset() <= last) {
                            // Offsets went back: the topic was deleted and created again, and the reader has reached
                            // the new one before the poll thread noticed. Its old messages go now, once.
                            ring.addAll(drafts);
                            drafts.clear();
                            int n = ring.dropTopic(r.topic());
                            lastRead.keySet().removeIf(t -> t.topic().equals(r.topic()));
                            restarted.add(r.topic());
                            LOG.info("Kafka monitor {}: topic {} was created again; {} old messages dropped", id,
                                    r.topic(), n);
                        }
                        lastRead.put(tp, r.offset());
                        drafts.add(draft(r));
                    }
                    ring.addAll(drafts);
                }
            }
        } catch (InterruptException e) {
            // Closing.
        } catch (KafkaException | IllegalStateException e) {
            if (!closed) {
                LOG.warn("Kafka monitor {}: the message reader stopped: {}", id, e.toString());
            }
        } finally {
            KafkaConsumer<byte[], byte[]> c = consumer;
            try {
                if (c != null) {
                    c.close(CloseOptions.timeout(Duration.ofMillis(200)));
                }
            } catch (RuntimeException e) {
                LOG.debug("monitor consumer close: {}", e.toString());
            }
        }
    }

    private void pause() {
        tick.lock();
        try {
            if (!closed) {
                tickCond.await(MESSAGE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        } finally {
            tick.unlock();
        }
    }

    /**
     * Assigns every partition of the layout; a partition new to the reader starts at its log start, or at most
     * {@code messageCapacity} messages before its end (older ones would fall out of the ring at once). A topic
     * whose incarnation changed (deleted and created again: new id, or an end offset that went back) has its old
     * messages dropped from the ring and is read afresh.
     */
    private Set<TopicPartition> reassign(Layout l, Set<TopicPartition> assigned, Map<String, Long> incarnations) {
        Set<TopicPartition> keep = new HashSet<>(assigned);
        Set<TopicPartition> desired = new HashSet<>();
        Map<TopicPartition, Long> seekTo = new HashMap<>();
        for (Map.Entry<String, Layout.Topic> e : l.topics().entrySet()) {
            String topic = e.getKey();
            Long had = incarnations.put(topic, e.getValue().incarnation());
            if (had != null && had != e.getValue().incarnation() && !restarted.remove(topic)) {
                int n = ring.dropTopic(topic);
                keep.removeIf(tp -> tp.topic().equals(topic));
                lastRead.keySet().removeIf(tp -> tp.topic().equals(topic));
                LOG.info("Kafka monitor {}: topic {} was created again; {} old messages dropped", id, topic, n);
            }
            for (PartitionState p : e.getValue().partitions()) {
                TopicPartition tp = new TopicPartition(topic, p.partition());
                desired.add(tp);
                if (!keep.contains(tp)) {
                    seekTo.put(tp, Math.max(p.startOffset(), p.endOffset() - settings.messageCapacity()));
                }
            }
        }
        if (!desired.equals(assigned) || !seekTo.isEmpty()) {
            consumer.assign(desired);
            seekTo.forEach(consumer::seek);
        }
        return desired;
    }

    private static MessageRing.Draft draft(ConsumerRecord<byte[], byte[]> r) {
        byte[] v = r.value();
        String value = v == null ? "" : text(v, MessageMark.MAX_VALUE_CHARS);
        String key = r.key() == null ? null : text(r.key(), MessageMark.MAX_VALUE_CHARS);
        return new MessageRing.Draft(r.timestamp(), r.topic(), r.partition(), r.offset(), key, value,
                v == null ? 0 : v.length);
    }

    /** UTF-8, malformed bytes replaced, cut to {@code maxChars}; never decodes more than the cut needs. */
    static String text(byte[] bytes, int maxChars) {
        int n = Math.min(bytes.length, maxChars * 4);
        String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
        if (n < bytes.length && s.endsWith("\uFFFD") && s.length() <= maxChars) {
            // The byte cut fell inside a character: drop its remains.
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > maxChars) {
            int cut = maxChars;
            if (Character.isHighSurrogate(s.charAt(cut - 1))) {
                cut--;
            }
            s = s.substring(0, cut);
        }
        return s;
    }

    private static KafkaConsumer<byte[], byte[]> newConsumer(String bootstrap, String clientId) {
        // consumerConfig keeps the reader from bringing a deleted topic back through the broker's auto-create.
        Map<String, Object> c = KafkaClients.consumerConfig(bootstrap, clientId);
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        // Fetched but not yet polled data is memory too: 8 MB in flight is plenty for tens of thousands a second.
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KafkaClients.REACH_DEADLINE.toMillis());
        return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A new Admin client, or null when none can be made: a bootstrap host name that does not resolve. */
    private static Admin newAdmin(String bootstrap, String clientId) {
        try {
            return Admin.create(KafkaClients.adminConfig(bootstrap, clientId, CALL_MS));
        } catch (KafkaException e) {
            LOG.debug("monitor admin client for {}: {}", bootstrap, e.toString());
            return null;
        }
    }
}
