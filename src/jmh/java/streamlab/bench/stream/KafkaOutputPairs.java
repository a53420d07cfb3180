package streamlab.bench.stream;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import streamlab.kafka.BrokerSettings;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaBroker;
import streamlab.stream.CsvOptions;
import streamlab.stream.Pacing;
import streamlab.stream.RecordFormat;
import streamlab.stream.SinkSpec;
import streamlab.stream.SinkStats;
import streamlab.stream.StreamConfig;
import streamlab.stream.StreamEngine;
import streamlab.stream.StreamSnapshot;

/**
 * Paired, same run: the stream engine's Kafka output at interval 0 against a plain KafkaProducer loop that reads the
 * same CSV with opencsv, builds the same messages and keys, and sends them with the same producer settings (byte-array
 * serializers, acks=all, idempotence, linger) into the same in-process broker, each side to a fresh 3-partition topic.
 * Sides alternate, so a busy neighbour on the machine slows both. Each time runs from the first record handed over to
 * the last acknowledgement; the score counts acknowledged records, and a side whose records failed says how many.
 *
 * <p>Run: {@code ./mvnw -B -q -o -Pbench package -DskipTests && java -cp target/benchmarks.jar
 * streamlab.bench.stream.KafkaOutputPairs [rows] [rounds]}
 */
public final class KafkaOutputPairs {

    private KafkaOutputPairs() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Files.createTempDirectory("kafkapairs");
        Path csv = StreamBench.generate(dir.resolve("rows.csv"), rows);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (KafkaBroker broker = KafkaBroker.start(new BrokerSettings(port, dir.resolve("kafka"), false), p -> { });
             KafkaAdmin admin = KafkaAdmin.connect(broker.bootstrap())) {
            String bootstrap = broker.bootstrap();
            // A warm-up of each side, not counted: class loading, JIT, the broker's first segments.
            plain(csv, bootstrap, topic(admin, "warm-plain"), rows);
            engine(csv, bootstrap, topic(admin, "warm-engine"), rows);
            List<Double> ratios = new ArrayList<>();
            List<Double> streaming = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Side e;
                Side p;
                if (r % 2 == 1) {
                    e = engine(csv, bootstrap, topic(admin, "engine-" + r), rows);
                    p = plain(csv, bootstrap, topic(admin, "plain-" + r), rows);
                } else {
                    p = plain(csv, bootstrap, topic(admin, "plain-" + r), rows);
                    e = engine(csv, bootstrap, topic(admin, "engine-" + r), rows);
                }
                boolean clean = e.failed() == 0 && p.failed() == 0;
                if (clean) {
                    ratios.add(e.rate() / p.rate());
                    streaming.add(e.streamingRate() / p.rate());
                }
                System.out.printf(Locale.ROOT, "round %d: engine %.0f records/s (%.0f after its %d ms start), plain"
                        + " producer %.0f records/s, ratio %.2f (%.2f after the start)%s%n", r, e.rate(),
                        e.streamingRate(), e.startMillis(), p.rate(), e.rate() / p.rate(),
                        e.streamingRate() / p.rate(), clean ? "" : "; left out: records failed (engine "
                                + e.failed() + ", plain " + p.failed() + ")");
            }
            System.out.printf(Locale.ROOT, "%d rows, %d clean rounds of %d: engine/plain %.2f (geometric mean, min"
                    + " %.2f, max %.2f); after the engine's start %.2f%n", rows, ratios.size(), rounds, geo(ratios),
                    ratios.stream().mapToDouble(d -> d).min().orElse(0),
                    ratios.stream().mapToDouble(d -> d).max().orElse(0), geo(streaming));
        }
    }

    /** One side's result: acknowledged records per second, over the whole run and after the engine's start. */
    record Side(double rate, double streamingRate, long startMillis, long failed) {
    }

    private static double geo(List<Double> values) {
        return Math.exp(values.stream().mapToDouble(Math::log).average().orElse(0));
    }

    /** A new 3-partition topic, once every partition has a leader (the output waits the same way for one it makes). */
    private static String topic(KafkaAdmin admin, String name) throws Exception {
        admin.createTopic(name, 3);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var d = admin.client().describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
            if (d != null && d.partitions().size() == 3
                    && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return name;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("topic " + name + " has no leaders after 10 s");
    }

    /** The engine with only the Kafka output, keyed by Time; records per second. */
    static Side engine(Path csv, String bootstrap, String topic, int rows) throws Exception {
        StreamEngine engine = new StreamEngine();
        long t0 = System.nanoTime();
        engine.start(new StreamConfig(CsvOptions.of(csv), false, false, 0, Pacing.asFastAsPossible(),
                RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP,
                List.of(new SinkSpec.Kafka(bootstrap, topic, "Time", 3))));
        long opened = System.nanoTime() - t0;
        if (!engine.awaitEnd(5, TimeUnit.MINUTES)) {
            engine.stop();
            throw new IllegalStateException("stream did not end");
        }
        long took = System.nanoTime() - t0;
        StreamSnapshot s = engine.snapshot();
        SinkStats k = s.sinks().get(0);
        if (s.sent() != rows || k.sent() + k.failed() != rows) {
            throw new IllegalStateException("engine: " + s.sent() + " of " + rows + ": " + k);
        }
        if (k.failed() > 0) {
            System.out.println("  engine: " + k.failed() + " records not acknowledged: " + k.lastError());
        }
        // Acknowledged records per second: a failed record does not count as throughput.
        return new Side(k.sent() * 1e9 / took, k.sent() * 1e9 / (took - opened), opened / 1_000_000, k.failed());
    }

    /** A plain producer loop over the same rows, messages and keys; records per second. */
    static Side plain(Path csv, String bootstrap, String topic, int rows) throws Exception {
        long t0 = System.nanoTime();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(SinkSpec.Kafka.producerConfig(bootstrap));
             Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVReader in = new CSVReaderBuilder(reader).build()) {
            in.readNext();
            String[] row;
            StringBuilder sb = new StringBuilder();
            while ((row = in.readNext()) != null) {
                sb.setLength(0);
                sb.append('[');
                for (int i = 0; i < row.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(row[i]);
                }
                sb.append(']');
                producer.send(new ProducerRecord<>(topic, row[3].getBytes(StandardCharsets.UTF_8),
                        sb.toString().getBytes(StandardCharsets.UTF_8)), (m, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        long took = System.nanoTime() - t0;
        if (acked.get() + failed.get() != rows) {
            throw new IllegalStateException("plain: " + acked.get() + " of " + rows + " acknowledged, " + failed.get()
                    + " failed");
        }
        if (failed.get() > 0) {
            System.out.println("  plain: " + failed.get() + " records not acknowledged");
        }
        double rate = acked.get() * 1e9 / took;
        return new Side(rate, rate, 0, failed.get());
    }
}
