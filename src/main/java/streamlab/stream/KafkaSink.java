package streamlab.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.kafka.KafkaUnavailableException;

/**
 * Thread-safe; {@link #send}, {@link #flush}, {@link #reportLate} and {@link #close} are confined to the engine thread,
 * {@link #stopSoon} and {@link #abort} may come from any thread, and the producer's callbacks run on its I/O thread.
 * One Kafka message per record, sent without waiting: the producer batches, retries while the broker is away (up to
 * {@link #DELIVERY_TIMEOUT_MS}), and reports each record's fate in a callback. A record counts as sent when the broker
 * has acknowledged it (acks=all, idempotent, so a retry never duplicates), and as failed, with its number, line and
 * reason, when it could not be delivered; the engine thread publishes those failures after the next record.
 *
 * <p>On the command line the first contact must succeed ({@link SinkSpec.Kafka#mustConnect()}); in the window a named
 * thread keeps trying with backoff, like {@link TcpSink}, and records that come while there is no producer yet are
 * counted as dropped.
 */
final class KafkaSink extends Sink {

    /** How long the producer keeps a record while it retries, before the record counts as failed. */
    static final int DELIVERY_TIMEOUT_MS = 30_000;
    /** Long enough that a broker slowed by a busy machine is waited for rather than retried (a retry storm). */
    static final int REQUEST_TIMEOUT_MS = 25_000;
    static final int LINGER_MS = 5;
    /** How long {@link #send} may wait for metadata or buffer space before the record fails. */
    static final int MAX_BLOCK_MS = 5_000;
    /** After a stop, how long the records on their way still get before the producer closes. */
    static final long STOP_FLUSH_MS = 300;
    static final long CLOSE_MS = 200;
    static final long FIRST_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 5_000;
    /** Records waiting this long without any acknowledgement: the state says the broker does not answer. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(2_000);
    /** Failures held for the engine thread to publish; past this they are only counted. */
    static final int MAX_LATE = 10_000;

    private final SinkSpec.Kafka spec;
    private final int keyIndex;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the producer is ready, an attempt fails, or the sink closes. */
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}; connection attempts finished, successful or not. */
    private int attempts;
    /** Written under {@link #lock} once, after {@link #partitions}; read by the engine thread without it. */
    private volatile Producer<byte[], byte[]> producer;
    /** The topic's partition count, for records without a key; written before {@link #producer}. */
    private volatile int partitions = 1;
    /** The topic's max.message.bytes, for the message of a record that is too large, or -1 when unknown. */
    private volatile int maxBytes = -1;
    /** Engine thread only: the next partition for a record without a key. */
    private long nextPartition;
    /** Engine thread only: the last record handed to the producer. */
    private long lastSeq;
    /** Records handed to the producer and not yet acknowledged or failed; -1 once the rest was counted at close. */
    private final AtomicLong pending = new AtomicLong();
    private volatile long lastAckNanos;
    private volatile long busySinceNanos;
    private final ConcurrentLinkedQueue<StreamEvent.SinkFailed> late = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lateCount = new AtomicInteger();
    private volatile boolean stopping;
    private volatile String state = "connecting";
    /** Set in {@link #open} by the starting thread, before the engine thread starts; joined in {@link #close}. */
    private Thread connector;

    KafkaSink(SinkSpec.Kafka spec, List<String> columns) {
        super("kafka " + spec.bootstrap() + " " + spec.topic());
        this.spec = spec;
        this.keyIndex = spec.keyColumn() == null ? -1 : columns.indexOf(spec.keyColumn());
        if (spec.keyColumn() != null && keyIndex < 0) {
            throw new IllegalArgumentException("key column '" + spec.keyColumn() + "' is not in the file");
        }
    }

    /** The producer settings of the Kafka output; the benchmark's plain producer uses the same. */
    static Map<String, Object> producerConfig(String bootstrap) {
        Map<String, Object> c = new HashMap<>(KafkaClients.common(bootstrap));
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "streamlab-stream");
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }

    @Override
    void open() throws StreamInputException {
        try {
            KafkaClients.checkBootstrap(spec.bootstrap());
        } catch (IllegalArgumentException e) {
            throw new StreamInputException("The Kafka bootstrap: " + e.getMessage() + ".");
        }
        if (spec.mustConnect()) {
            try {
                connectOnce();
            } catch (KafkaUnavailableException e) {
                throw new StreamInputException(e.getMessage());
            }
            return;
        }
        connector = new Thread(this::connectLoop, "stream-kafka-" + spec.topic());
        connector.setDaemon(true);
        connector.start();
    }

    /** Reaches the cluster, creates the topic if it is missing, and makes the producer. */
    private void connectOnce() throws KafkaUnavailableException {
        try (KafkaAdmin admin = KafkaAdmin.connect(spec.bootstrap())) {
            int n;
            if (admin.topics(false).contains(spec.topic())) {
                n = admin.partitionCounts(List.of(spec.topic())).getOrDefault(spec.topic(), 1);
            } else {
                try {
                    admin.createTopic(spec.topic(), spec.partitions());
                    StreamEngine.Log.LOG.info("Created topic {} with {} partitions", spec.topic(), spec.partitions());
                } catch (KafkaUnavailableException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                n = spec.partitions();
                awaitLeaders(admin);
            }
            Map<String, Object> config = producerConfig(spec.bootstrap());
            int max = maxMessageBytes(admin);
            if (max > 0) {
                // A record or batch the broker refuses as too large leaves an idempotent producer's later records
                // of that partition waiting until they expire. Sized to the topic, the producer refuses such a record
                // itself, before it takes a sequence number, and never builds a batch the broker would refuse.
                config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.min(max, 1024 * 1024));
                config.put(ProducerConfig.BATCH_SIZE_CONFIG, Math.min(max, 16 * 1024));
                maxBytes = max;
            }
            Producer<byte[], byte[]> p = new KafkaProducer<>(config);
            lock.lock();
            try {
                attempts++;
                if (closed) {
                    p.close(Duration.ZERO);
                    return;
                }
                partitions = Math.max(1, n);
                lastAckNanos = System.nanoTime();
                producer = p;
                state = "connected";
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits, at most {@link KafkaClients#REACH_DEADLINE}, until every partition of the topic just created has a leader.
     * Records sent before that can fail their first batch while later ones are written, and an idempotent producer's
     * retry of that first batch is then refused as out of order until it expires (seen with a fresh topic at full
     * speed).
     */
    private void awaitLeaders(KafkaAdmin admin) {
        long deadline = System.nanoTime() + KafkaClients.REACH_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var d = admin.client().describeTopics(List.of(spec.topic())).allTopicNames()
                        .get(KafkaClients.REACH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).get(spec.topic());
                if (d != null && !d.partitions().isEmpty()
                        && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                // not known yet: ask again
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** The topic's max.message.bytes (its own or the broker's default), or -1 when it cannot be read. */
    private int maxMessageBytes(KafkaAdmin admin) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, spec.topic());
        try {
            Config c = admin.client().describeConfigs(List.of(r)).all()
                    .get(KafkaClients.REACH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).get(r);
            ConfigEntry e = c == null ? null : c.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return e == null || e.value() == null ? -1 : Integer.parseInt(e.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return -1;
        }
    }

    private void connectLoop() {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                connectOnce();
                return;
            } catch (KafkaUnavailableException | RuntimeException e) {
                lock.lock();
                try {
                    attempts++;
                    changed.signalAll();
                    if (closed) {
                        // A stop came during the attempt: the output stays "closed" with its own last error.
                        return;
                    }
                    lastError = String.valueOf(e.getMessage());
                    state = "reconnecting in " + backoff + " ms: cannot reach Kafka at " + spec.bootstrap();
                    changed.await(backoff, TimeUnit.MILLISECONDS);
                    if (closed) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    return;
                } finally {
                    lock.unlock();
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** Waits until the first connection attempt has ended, so the first record is not dropped meanwhile. */
    boolean awaitFirstAttempt() throws InterruptedException {
        long deadline = System.nanoTime() + KafkaClients.REACH_DEADLINE.toNanos() + TimeUnit.SECONDS.toNanos(2);
        lock.lock();
        try {
            while (producer == null && attempts == 0 && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return producer != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void send(String message, byte[] utf8) throws IOException {
        send(null, ++lastSeq, message, utf8);
    }

    @Override
    void send(CsvRecord record, long seq, String message, byte[] utf8) throws IOException {
        Producer<byte[], byte[]> p = producer;
        lastSeq = seq;
        if (p == null) {
            dropped.incrementAndGet();
            throw new IOException("not connected to Kafka at " + spec.bootstrap() + "; record dropped");
        }
        byte[] key = null;
        Integer partition = null;
        if (keyIndex >= 0 && record != null) {
            key = keyIndex < record.fields().size() ? record.fields().get(keyIndex).getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
        } else {
            partition = (int) (nextPartition++ % partitions);
        }
        if (pending.getAndIncrement() == 0) {
            busySinceNanos = System.nanoTime();
        }
        try {
            p.send(new ProducerRecord<>(spec.topic(), partition, key, utf8),
                    new Delivery(seq, record == null ? -1 : record.line(), utf8.length));
        } catch (RuntimeException e) {
            // Thrown (not given to the callback): the producer is closed or the record never entered it.
            pending.getAndUpdate(v -> v > 0 ? v - 1 : v);
            throw new IOException(which(seq, record == null ? -1 : record.line()) + " not delivered: "
                    + reason(e, utf8.length), e);
        }
    }

    /** The fate of one record, told by the producer's I/O thread (or at once, by the engine thread). */
    private final class Delivery implements Callback {
        private final long seq;
        private final long line;
        private final int bytes;

        Delivery(long seq, long line, int bytes) {
            this.seq = seq;
            this.line = line;
            this.bytes = bytes;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (pending.getAndUpdate(v -> v > 0 ? v - 1 : v) <= 0) {
                return; // already counted as not delivered when the producer closed
            }
            if (e == null) {
                sent.incrementAndGet();
                lastAckNanos = System.nanoTime();
                return;
            }
            failed.incrementAndGet();
            String why = which(seq, line) + " not delivered: " + reason(e, bytes);
            lastError = why;
            if (lateCount.incrementAndGet() <= MAX_LATE) {
                late.add(new StreamEvent.SinkFailed(name, seq, why));
            }
        }
    }

    private static String which(long seq, long line) {
        return "record " + seq + (line > 0 ? " (line " + line + ")" : "");
    }

    private String reason(Throwable e, int bytes) {
        if (e instanceof RecordTooLargeException) {
            String limit = maxBytes > 0 ? "max.message.bytes " + maxBytes + ", batch overhead included"
                    : "max.message.bytes";
            return "message of " + bytes + " bytes is larger than the topic " + spec.topic() + " accepts (" + limit
                    + "); not sent";
        }
        if (e instanceof TimeoutException) {
            return "Kafka at " + spec.bootstrap() + " did not take it within " + DELIVERY_TIMEOUT_MS / 1000 + " s ("
                    + e.getMessage() + ")";
        }
        if (stopping) {
            return "the output closed on the stop before Kafka at " + spec.bootstrap() + " acknowledged it ("
                    + e.getMessage() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    void reportLate(Consumer<StreamEvent> publish) {
        StreamEvent.SinkFailed f;
        while ((f = late.poll()) != null) {
            lateCount.decrementAndGet();
            StreamEngine.Log.LOG.warn("{}: {}", name, f.error());
            publish.accept(f);
        }
    }

    @Override
    String state() {
        if (producer == null) {
            return state;
        }
        long waiting = pending.get();
        long now = System.nanoTime();
        if (waiting > 0 && now - Math.max(lastAckNanos, busySinceNanos) > STALL_NANOS) {
            return "retrying: Kafka does not answer (" + waiting + " waiting)";
        }
        return failed.get() > 0 ? "failing" : state;
    }

    /**
     * Waits for the records on their way: up to the delivery timeout at the end of the file, a moment after a stop.
     */
    @Override
    void flush() {
        if (producer == null) {
            return;
        }
        long start = System.nanoTime();
        while (pending.get() > 0) {
            long limit = TimeUnit.MILLISECONDS.toNanos(stopping ? STOP_FLUSH_MS : DELIVERY_TIMEOUT_MS + 2_000L);
            if (System.nanoTime() - start > limit) {
                return;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /** A stop was asked for: the final flush waits only a moment. Any thread. */
    void stopSoon() {
        stopping = true;
    }

    /**
     * Closes the producer at once, so a send blocked on metadata or buffer space returns, and ends the connector. Any
     * thread; the engine thread still calls {@link #close()} afterwards, which counts what was not delivered.
     */
    void abort() {
        stopping = true;
        Producer<byte[], byte[]> p = markClosed();
        if (p != null) {
            p.close(Duration.ZERO);
        }
    }

    /** Marks the sink closed, so the connector ends and a late producer is closed at once; returns the producer. */
    private Producer<byte[], byte[]> markClosed() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
            return producer;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Producer<byte[], byte[]> p = markClosed();
        if (p != null) {
            p.close(Duration.ofMillis(CLOSE_MS));
        }
        long left = pending.getAndSet(-1);
        if (left > 0) {
            failed.addAndGet(left);
            String why = left + (left == 1 ? " record was" : " records were") + " not delivered before the output "
                    + "closed (Kafka at " + spec.bootstrap() + " had not acknowledged "
                    + (left == 1 ? "it" : "them") + ")";
            lastError = why;
            late.add(new StreamEvent.SinkFailed(name, lastSeq, why));
        }
        state = "closed";
        if (connector != null) {
            try {
                connector.join(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
