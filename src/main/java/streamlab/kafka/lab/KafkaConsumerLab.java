package streamlab.kafka.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import streamlab.kafka.KafkaClients;

/**
 * The {@link ConsumerLab} on real Kafka consumers of the classic group protocol. Thread-safe: each consumer runs on
 * its own named daemon thread ({@code kafka-consumer-N}, client id {@code streamlab-consumer-N}) and alone touches its
 * client; commands from any thread only set flags and wake it. A {@code kafka-lab-offsets} thread reads the group's
 * committed offsets while a killed consumer's messages are in question, for the lost count. Snapshots never wait
 * for the cluster.
 */
public final class KafkaConsumerLab implements ConsumerLab {

    private static final Logger LOG = LogManager.getLogger(KafkaConsumerLab.class);
    /** How many processed messages {@link #processedSince} can go back. */
    public static final int PROCESSED_CAPACITY = 10_000;
    /** The group notices a killed member after this long without its heartbeats. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_WAIT = Duration.ofMillis(900);
    private static final Duration OFFSETS_EVERY = Duration.ofMillis(500);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final LabSettings settings;
    private final int instance;
    private final LabLedger ledger = new LabLedger(PROCESSED_CAPACITY);
    private final ConcurrentSkipListMap<Integer, Member> members = new ConcurrentSkipListMap<>();
    private final AtomicInteger numbers = new AtomicInteger();
    private final Thread offsetsThread;
    /** Written by the offsets thread only: the group's committed offset per partition of the topic. */
    private volatile Map<Integer, Long> committed = Map.of();
    /**
     * Held while {@link #addConsumer} checks {@link #closed} and registers its member, and while {@link #close} sets
     * it: a consumer added as the lab closes is either refused or asked to close, never left running.
     */
    private final Object lifecycle = new Object();
    /** Set once, under {@link #lifecycle}; read without it by the loops. */
    private volatile boolean closed;

    private KafkaConsumerLab(LabSettings settings) {
        this.settings = settings;
        this.instance = INSTANCES.incrementAndGet();
        this.offsetsThread = new Thread(this::offsetsLoop, "kafka-lab-offsets-" + instance);
        this.offsetsThread.setDaemon(true);
    }

    /** A lab with no consumer yet; add them with {@link #addConsumer()}. Returns at once. */
    public static KafkaConsumerLab start(LabSettings settings) {
        KafkaConsumerLab lab = new KafkaConsumerLab(settings);
        lab.offsetsThread.start();
        return lab;
    }

    public LabSettings settings() {
        return settings;
    }

    /** The running number of this lab, as its offsets thread's name carries it. */
    public int instance() {
        return instance;
    }

    @Override
    public int addConsumer() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the consumer lab is closed");
            }
            int n = numbers.incrementAndGet();
            Member m = new Member(n);
            members.put(n, m);
            m.thread.start();
            return n;
        }
    }

    @Override
    public void stop(int consumer) {
        member(consumer).requestStop();
    }

    @Override
    public void kill(int consumer) {
        member(consumer).requestKill();
    }

    private Member member(int consumer) {
        Member m = members.get(consumer);
        if (m == null) {
            throw new IllegalArgumentException("there is no consumer " + consumer + "; the lab has "
                    + members.keySet());
        }
        return m;
    }

    @Override
    public LabSnapshot snapshot() {
        List<LabSnapshot.ConsumerState> states = new ArrayList<>();
        for (Member m : members.values()) {
            states.add(new LabSnapshot.ConsumerState(m.number, m.status, m.assignment, m.processed, m.current));
        }
        return new LabSnapshot(states, ledger.processed(), ledger.duplicates(), ledger.lost(committed).size());
    }

    /** Distinct messages finished by the group (each partition and offset once). */
    public long processedUnique() {
        return ledger.processedUnique();
    }

    @Override
    public List<String> lostMessages() {
        return ledger.lost(committed).stream().map(o -> o.partition() + "/" + o.offset()).toList();
    }

    @Override
    public List<ProcessedMessage> processedSince(long afterSeq, int max) {
        return ledger.since(afterSeq, max);
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Member m : members.values()) {
            m.requestClose();
        }
        offsetsThread.interrupt();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            for (Member m : members.values()) {
                m.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            offsetsThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------ offsets thread

    private void offsetsLoop() {
        Map<String, Object> c = KafkaClients.adminConfig(settings.bootstrap(), "streamlab-lab-" + instance,
                (int) KafkaClients.REACH_DEADLINE.toMillis());
        Admin admin = null;
        try {
            while (!closed) {
                Thread.sleep(OFFSETS_EVERY.toMillis());
                if (!ledger.anyAbandoned()) {
                    continue;
                }
                try {
                    if (admin == null) {
                        admin = Admin.create(c);
                    }
                    Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(settings.groupId(),
                            new ListConsumerGroupOffsetsOptions()).partitionsToOffsetAndMetadata()
                            .get(KafkaClients.REACH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                    Map<Integer, Long> out = new HashMap<>();
                    m.forEach((tp, om) -> {
                        if (om != null && tp.topic().equals(settings.topic())) {
                            out.put(tp.partition(), om.offset());
                        }
                    });
                    committed = Map.copyOf(out);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                        | KafkaException e) {
                    // The cluster is away (or its host name no longer resolves, so no client can be made): the lost
                    // count keeps its last reading.
                }
            }
        } catch (InterruptedException e) {
            // Closing.
        } finally {
            if (admin != null) {
                admin.close(Duration.ofMillis(300));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ consumer threads

    /** One consumer: its thread, its client and what it shows. Thread-safe as the lab says. */
    private final class Member implements ConsumerRebalanceListener {
        final int number;
        final Thread thread;
        /** Guards the processing wait, so stop, kill and close wake it. */
        private final Object signal = new Object();
        private volatile boolean stopAsked;
        private volatile boolean killAsked;
        private volatile boolean closeAsked;
        /** Written by the member's thread only; read by snapshots. */
        volatile LabSnapshot.Status status = LabSnapshot.Status.STARTING;
        volatile List<Integer> assignment = List.of();
        volatile long processed;
        volatile String current;
        /** Created and used by the member's thread; other threads only call {@code wakeup()} on it. */
        private volatile KafkaConsumer<String, String> consumer;
        /** Confined to the member's thread: per partition, the first offset a kill left unfinished. */
        private Map<TopicPartition, Long> unfinished = Map.of();

        Member(int number) {
            this.number = number;
            this.thread = new Thread(this::run, "kafka-consumer-" + number);
            this.thread.setDaemon(true);
        }

        void requestStop() {
            stopAsked = true;
        }

        void requestKill() {
            killAsked = true;
            wake();
        }

        void requestClose() {
            closeAsked = true;
            wake();
            KafkaConsumer<String, String> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        private void wake() {
            synchronized (signal) {
                signal.notifyAll();
            }
        }

        private Map<String, Object> config() {
            Map<String, Object> c = KafkaClients.consumerConfig(settings.bootstrap(), "streamlab-consumer-" + number);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
            c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
            // The broker's group.min.session.timeout.ms is 6000 by default: the shortest a classic member may ask.
            c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
            c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.fromBeginning() ? "earliest" : "latest");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, settings.mode() == CommitMode.AUTO);
            c.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 1000);
            return c;
        }

        private void run() {
            try {
                consumer = new KafkaConsumer<>(config(), new StringDeserializer(), new StringDeserializer());
                if (closeAsked) {
                    // Closed before the client existed: wakeup() reached nothing.
                    consumer.wakeup();
                }
                consumer.subscribe(List.of(settings.topic()), this);
                if (consume()) {
                    crash();
                    status = LabSnapshot.Status.KILLED;
                } else {
                    leave();
                    status = LabSnapshot.Status.STOPPED;
                }
            } catch (InterruptException | WakeupException e) {
                quietClose();
                status = LabSnapshot.Status.STOPPED;
            } catch (KafkaException | IllegalStateException e) {
                LOG.warn("streamlab-consumer-{} failed: {}", number, e.toString());
                quietClose();
                status = LabSnapshot.Status.FAILED;
            } finally {
                current = null;
                assignment = List.of();
            }
        }

        /** Polls and processes until stopped, closed or killed; true when killed. */
        private boolean consume() {
            while (true) {
                if (killAsked) {
                    return true;
                }
                if (stopAsked || closeAsked) {
                    return false;
                }
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                try {
                    consumer.poll(POLL).forEach(batch::add);
                } catch (WakeupException e) {
                    continue;
                }
                for (int i = 0; i < batch.size(); i++) {
                    if (killAsked) {
                        unfinished = firstOffsets(batch, i);
                        dropUnstarted(batch, i);
                        return true;
                    }
                    if (stopAsked || closeAsked) {
                        rewind(batch, i);
                        return false;
                    }
                    ConsumerRecord<String, String> r = batch.get(i);
                    current = r.partition() + "/" + r.offset();
                    long startMs = System.currentTimeMillis();
                    if (settings.mode() == CommitMode.BEFORE_PROCESSING) {
                        commit(r);
                    }
                    if (!process()) {
                        if (killAsked) {
                            unfinished = firstOffsets(batch, i);
                            ledger.killedInHand(number, startMs, r.partition(), r.offset(), r.key());
                            dropUnstarted(batch, i + 1);
                            return true;
                        }
                        // Closing the lab: the message in hand is left for the group to deliver again.
                        rewind(batch, i);
                        return false;
                    }
                    ledger.finish(number, startMs, System.currentTimeMillis(), r.partition(), r.offset(), r.key());
                    processed++;
                    current = null;
                    if (settings.mode() == CommitMode.AFTER_PROCESSING) {
                        commit(r);
                    }
                }
            }
        }

        /** Waits the processing time; false when a kill or the lab's close cut it short (a stop does not). */
        private boolean process() {
            long deadline = System.nanoTime() + settings.processing().toNanos();
            synchronized (signal) {
                while (!killAsked && !closeAsked) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return true;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(signal, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return false;
            }
        }

        private void commit(ConsumerRecord<String, String> r) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            try {
                consumer.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)), KafkaClients.REACH_DEADLINE);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // The partition moved to another member in a rebalance, or the cluster is away: the commit is
                // lost, which the figures then show (a duplicate after processing, the message read again before).
                LOG.debug("streamlab-consumer-{} commit of {} failed: {}", number, current, e.toString());
            }
        }

        /** Records the messages of the batch from {@code from} on as polled but never started by a killed member. */
        private void dropUnstarted(List<ConsumerRecord<String, String>> batch, int from) {
            for (int j = from; j < batch.size(); j++) {
                ledger.droppedUnstarted(batch.get(j).partition(), batch.get(j).offset());
            }
        }

        /**
         * Puts each partition's position back to the first message of the batch not finished, so the positions are
         * exactly what was processed: with auto-commit, close() commits the positions.
         */
        private void rewind(List<ConsumerRecord<String, String>> batch, int from) {
            firstOffsets(batch, from).forEach((tp, o) -> {
                if (consumer.assignment().contains(tp)) {
                    consumer.seek(tp, o);
                }
            });
        }

        private static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<String, String>> batch, int from) {
            Map<TopicPartition, Long> first = new HashMap<>();
            for (int j = from; j < batch.size(); j++) {
                ConsumerRecord<String, String> r = batch.get(j);
                first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
            }
            return first;
        }

        /** A clean stop: commits as the mode says (already done per message, or at close for AUTO), leaves. */
        private void leave() {
            current = null;
            consumer.close(CloseOptions.timeout(Duration.ofMillis(closeAsked ? 300 : 2000)));
        }

        /**
         * A crash: nothing more is committed, and the member does not leave the group, which notices only when its
         * session times out.
         */
        private void crash() {
            if (settings.mode() == CommitMode.AUTO) {
                // With auto-commit, close() commits the current positions, which are past every message polled:
                // the one in hand and those not started yet. A crash commits nothing, so each position is put back
                // to the group's committed offset first, and close() then commits what is already committed. A
                // partition the group has never committed goes back to the first message the kill left unfinished:
                // close() then commits only what was finished, and nothing the crash abandoned is skipped.
                Collection<TopicPartition> held = consumer.assignment();
                Map<TopicPartition, OffsetAndMetadata> c = Map.of();
                try {
                    c = consumer.committed(Set.copyOf(held), Duration.ofSeconds(2));
                } catch (KafkaException e) {
                    LOG.debug("streamlab-consumer-{} could not read its committed offsets: {}", number, e.toString());
                }
                for (TopicPartition tp : held) {
                    OffsetAndMetadata om = c.get(tp);
                    if (om != null) {
                        consumer.seek(tp, om.offset());
                    } else if (unfinished.containsKey(tp)) {
                        consumer.seek(tp, unfinished.get(tp));
                    }
                }
            }
            current = null;
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofMillis(500)));
        }

        private void quietClose() {
            KafkaConsumer<String, String> c = consumer;
            if (c != null) {
                try {
                    c.close(CloseOptions.timeout(Duration.ofMillis(200)));
                } catch (RuntimeException e) {
                    LOG.debug("streamlab-consumer-{} close: {}", number, e.toString());
                }
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assignment = consumer.assignment().stream().map(TopicPartition::partition).sorted().toList();
            status = LabSnapshot.Status.RUNNING;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            List<Integer> gone = partitions.stream().map(TopicPartition::partition).toList();
            assignment = assignment.stream().filter(p -> !gone.contains(p)).toList();
        }
    }
}
