package streamlab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.kafka.KafkaUnavailableException;
import streamlab.text.Printable;

/**
 * {@code streamlab kafka consume}: read a topic as a member of a consumer group, committing what it printed. Confined
 * to the CLI's main thread; its {@code consume-shutdown} hook only sets a flag, calls the consumer's thread-safe
 * {@code wakeup()} and waits for the main thread.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Read a topic as a member of consumer group --group and print one line per message: "
            + "p<partition> @<offset> key=<key> value=<value>. Control characters are shown as escapes.",
            "After each batch it printed, it commits the offsets (commitSync), so a group that runs again continues "
            + "after the last message printed.",
            "A group with no committed offsets starts at the newest message, or at the oldest with "
            + "--from-beginning; a group that committed continues where it left off.",
            "Ctrl-C commits what was printed and leaves the group; the exit code is then the shell's for a signal.",
            "Exit codes: 0 after --count messages, 1 on --timeout (the line says how many arrived), 2 for an unknown "
            + "topic, Kafka not reachable or another mistake."})
public final class KafkaConsumeCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(10);
    /** How long a shutdown hook waits for the main thread to commit and close before the JVM ends anyway. */
    private static final long SHUTDOWN_WAIT_MS = 5000;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaCli.Bootstrap bootstrap;

    @Option(names = "--topic", paramLabel = "T", required = true, description = "The topic to read.")
    String topic;

    @Option(names = "--group", paramLabel = "G", required = true,
            description = "The consumer group: members share the partitions, and the group's committed offsets say "
                    + "where it goes on.")
    String group;

    @Option(names = "--from-beginning",
            description = "A group with no committed offsets starts at the oldest message instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--count", paramLabel = "N", description = "Stop with exit code 0 after N messages.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
            description = "Give up with exit code 1 after this long, a number with a unit: 500ms, 10s, 1m.")
    Duration timeout;

    @Option(names = "--json", description = "Print no message lines, only a summary as one line of JSON: "
            + "{\"consumed\": N, \"partitions\": {\"0\": n0, ...}, \"committed\": {\"0\": offset0, ...}}.")
    boolean json;

    /** How the reading ended. */
    private enum End { COUNT, TIMEOUT, SIGNAL }

    @Override
    public Integer call() {
        if (count != null && count < 1) {
            throw new CliErrors.OptionError("--count must be at least 1, not " + count + ".");
        }
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new CliErrors.OptionError("--timeout must be longer than 0.");
        }
        if (group.isBlank()) {
            throw new CliErrors.OptionError("--group needs a name, such as --group readers.");
        }
        topic = KafkaCli.topic("--topic", topic);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KafkaAdmin admin = bootstrap.connect()) {
            // Checked first: a consumer would otherwise wait silently, or have the broker create the topic.
            List<TopicPartition> partitions = admin.partitions(topic);
            return run(admin, partitions, out, err);
        } catch (KafkaUnavailableException e) {
            throw KafkaCli.userError(e);
        }
    }

    private int run(KafkaAdmin admin, List<TopicPartition> partitions, PrintWriter out, PrintWriter err)
            throws KafkaUnavailableException {
        Map<String, Object> config = KafkaClients.consumerConfig(admin.bootstrap(), "streamlab-consume");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        if (count != null) {
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.min(count, 500));
        }
        Map<Integer, Long> perPartition = new TreeMap<>();
        partitions.forEach(tp -> perPartition.put(tp.partition(), 0L));
        long start = System.nanoTime();
        long deadline = timeout == null ? Long.MAX_VALUE : start + timeout.toNanos();
        AtomicBoolean stopRequested = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        boolean logsOurs = KafkaCli.takeOverLogShutdown();
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        // Ctrl-C: the hook wakes the consumer out of its poll and waits while it commits, leaves the group and
        // prints its summary.
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            consumer.wakeup();
            try {
                finished.await(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (logsOurs) {
                LogManager.shutdown();
            }
        }, "consume-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return consume(consumer, admin, perPartition, start, deadline, stopRequested, out, err);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running and has just been released.
            }
        }
    }

    private int consume(KafkaConsumer<String, String> consumer, KafkaAdmin admin, Map<Integer, Long> perPartition,
            long start, long deadline, AtomicBoolean stopRequested, PrintWriter out, PrintWriter err)
            throws KafkaUnavailableException {
        long consumed = 0;
        End end = null;
        try (consumer) {
            try {
                consumer.subscribe(List.of(topic));
                while (end == null) {
                    if (count != null && consumed >= count) {
                        end = End.COUNT;
                        break;
                    }
                    if (stopRequested.get()) {
                        end = End.SIGNAL;
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        end = End.TIMEOUT;
                        break;
                    }
                    ConsumerRecords<String, String> records;
                    try {
                        records = consumer.poll(Duration.ofNanos(Math.min(left, POLL.toNanos())));
                    } catch (WakeupException e) {
                        end = End.SIGNAL;
                        break;
                    }
                    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                    for (ConsumerRecord<String, String> r : records) {
                        if (count != null && consumed >= count) {
                            break;
                        }
                        if (!json) {
                            out.println("p" + r.partition() + " @" + r.offset() + " key="
                                    + (r.key() == null ? "(none)" : Printable.escape(r.key())) + " value="
                                    + (r.value() == null ? "(none)" : Printable.escape(r.value())));
                        }
                        consumed++;
                        perPartition.merge(r.partition(), 1L, Long::sum);
                        done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    out.flush();
                    if (!done.isEmpty()) {
                        commit(consumer, done);
                    }
                }
            } catch (KafkaException e) {
                return KafkaCli.failed(spec.commandLine(), "reading " + topic + " failed after "
                        + messages(consumed) + ": " + e.getMessage());
            }
        }
        Map<String, Long> committed = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a),
                Integer.parseInt(b)));
        admin.committed(group).forEach((tp, o) -> {
            if (tp.topic().equals(topic)) {
                committed.put(String.valueOf(tp.partition()), o);
            }
        });
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("consumed", consumed);
            Map<String, Long> parts = new LinkedHashMap<>();
            perPartition.forEach((p, n) -> parts.put(String.valueOf(p), n));
            root.put("partitions", parts);
            root.put("committed", committed);
            out.println(KafkaCli.json(root));
            out.flush();
        }
        String after = String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
        switch (end) {
            case COUNT -> err.println("Done: " + messages(consumed) + " from " + Printable.escape(topic)
                    + " in " + after + "; group " + Printable.escape(group) + " committed " + committed + ".");
            case SIGNAL -> err.println("Stopped by a signal after " + after + ": " + messages(consumed)
                    + "; group " + Printable.escape(group) + " committed " + committed + ".");
            case TIMEOUT -> {
                return KafkaCli.failed(spec.commandLine(), "timed out after " + timeout.toMillis() + " ms: "
                        + (count == null ? messages(consumed) + " arrived"
                                : consumed + " of " + count + " messages arrived"));
            }
            default -> throw new IllegalStateException(String.valueOf(end));
        }
        err.flush();
        return CliErrors.OK;
    }

    private static void commit(KafkaConsumer<String, String> consumer, Map<TopicPartition, OffsetAndMetadata> done) {
        try {
            consumer.commitSync(done, COMMIT_WAIT);
        } catch (WakeupException e) {
            // Ctrl-C during the commit: commit once more, so what was printed is not read again by the next run.
            consumer.commitSync(done, COMMIT_WAIT);
        }
    }

    private static String messages(long n) {
        return n + " message" + (n == 1 ? "" : "s");
    }
}
