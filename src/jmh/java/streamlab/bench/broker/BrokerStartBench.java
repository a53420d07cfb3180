package streamlab.bench.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import streamlab.kafka.BrokerSettings;
import streamlab.kafka.KafkaBroker;

/**
 * Broker ready time, paired: each round starts child JVMs that bring up a single-node KRaft broker and print how long
 * it took until an Admin client got the cluster id. Two columns: StreamLab's {@link KafkaBroker} and a baseline that
 * formats storage with Kafka's own {@code StorageTool} and starts {@code KafkaRaftServer} directly with the same
 * properties. Each column is timed cold (a new data folder: format, then start) and warm (the same folder again, as a
 * restart). The order of the columns rotates from round to round. Each child also prints the heap in use after a
 * full GC once the broker is ready.
 *
 * <p>Usage: {@code BrokerStartBench [rounds]}; the children get this JVM's class path.
 */
public final class BrokerStartBench {

    private static final Pattern READY = Pattern.compile("ready after (\\d+) ms heap (\\d+) MB");

    private BrokerStartBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String cp = System.getProperty("java.class.path");
        String[] modes = {"streamlab", "kafka"};
        Map<String, List<long[]>> cold = Map.of("streamlab", new ArrayList<>(), "kafka", new ArrayList<>());
        Map<String, List<long[]>> warm = Map.of("streamlab", new ArrayList<>(), "kafka", new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r + 1));
            for (int k = 0; k < modes.length; k++) {
                String mode = modes[(r + k) % modes.length];
                Path dir = Files.createTempDirectory("streamlab-broker-bench").resolve("kafka");
                long[] c = child(cp, mode, dir);
                long[] w = child(cp, mode, dir);
                cold.get(mode).add(c);
                warm.get(mode).add(w);
                line.append(String.format(Locale.ROOT, " %s cold %d ms warm %d ms heap %d MB;", mode, c[0], w[0],
                        w[1]));
            }
            System.out.println(line);
        }
        for (String mode : modes) {
            System.out.printf(Locale.ROOT, "%s: median cold %d ms, warm %d ms, heap %d MB%n", mode,
                    median(cold.get(mode), 0), median(warm.get(mode), 0), median(warm.get(mode), 1));
        }
        System.out.printf(Locale.ROOT, "ratio streamlab/kafka: cold %.2f, warm %.2f%n",
                (double) median(cold.get("streamlab"), 0) / median(cold.get("kafka"), 0),
                (double) median(warm.get("streamlab"), 0) / median(warm.get("kafka"), 0));
    }

    private static long median(List<long[]> xs, int i) {
        List<Long> v = new ArrayList<>();
        xs.forEach(x -> v.add(x[i]));
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    private static long[] child(String cp, String mode, Path dir) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", cp, "-Dstreamlab.logfile.level=off",
                Child.class.getName(), mode, dir.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        long[] result = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                Matcher m = READY.matcher(l);
                if (m.find()) {
                    result = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
                }
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        if (result == null) {
            throw new IllegalStateException(mode + " child printed no ready line");
        }
        return result;
    }

    /** One broker start in a fresh JVM: prints "ready after N ms heap M MB" and stops the broker. */
    public static final class Child {

        private Child() {
        }

        public static void main(String[] args) throws Exception {
            String mode = args[0];
            Path dir = Path.of(args[1]);
            int port = freePort();
            long t0 = System.nanoTime();
            AutoCloseable stop;
            if (mode.equals("streamlab")) {
                KafkaBroker b = KafkaBroker.start(new BrokerSettings(port, dir, false), s -> { });
                stop = b;
            } else {
                stop = plainKafka(port, dir);
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port))) {
                admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            System.out.println("ready after " + ms + " ms heap " + heap + " MB");
            stop.close();
            System.exit(0);
        }

        /** The baseline: Kafka's own storage format and server, with the same properties StreamLab writes. */
        private static AutoCloseable plainKafka(int port, Path dir) throws Exception {
            int controller = freePort();
            Path data = dir.resolve("data");
            Files.createDirectories(dir);
            Properties p = new Properties();
            p.setProperty("process.roles", "broker,controller");
            p.setProperty("node.id", "1");
            p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
            p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
            p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
            p.setProperty("controller.listener.names", "CONTROLLER");
            p.setProperty("inter.broker.listener.name", "PLAINTEXT");
            p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.setProperty("log.dirs", data.toString());
            p.setProperty("offsets.topic.replication.factor", "1");
            p.setProperty("offsets.topic.num.partitions", "1");
            p.setProperty("transaction.state.log.replication.factor", "1");
            p.setProperty("transaction.state.log.min.isr", "1");
            p.setProperty("share.coordinator.state.topic.replication.factor", "1");
            p.setProperty("share.coordinator.state.topic.min.isr", "1");
            p.setProperty("group.initial.rebalance.delay.ms", "0");
            Path props = dir.resolve("server.properties");
            try (var w = Files.newBufferedWriter(props)) {
                p.store(w, null);
            }
            if (!Files.exists(data.resolve("meta.properties"))) {
                StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", props.toString(), "--ignore-formatted"},
                        new PrintStream(PrintStream.nullOutputStream()));
            }
            KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            s.startup();
            return () -> {
                s.shutdown();
                s.awaitShutdown();
            };
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
