package streamlab.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A single-node Kafka broker in KRaft mode, running inside this JVM: Apache Kafka's own server, with its storage
 * formatted on first start. Thread-safe: {@link #start} and {@link #close} may be called from any thread; the server
 * runs on Kafka's own threads.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(KafkaBroker.class);
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);
    private static final String PROPERTIES = "server.properties";
    private static final String DATA = "data";

    /** The one broker whose faults Kafka's exit calls are routed to; Kafka's {@link Exit} hook is process-wide. */
    private static final AtomicReference<KafkaBroker> CURRENT = new AtomicReference<>();

    private final BrokerSettings settings;
    private final Object lock = new Object();
    /** Guarded by {@code lock}; set by the {@code kafka-broker-start} thread unless the broker is closed by then. */
    private KafkaRaftServer server;
    /** Set once, by Kafka's exit hook, when the broker stopped on its own (a full disk, say). */
    private final AtomicReference<String> fault = new AtomicReference<>();
    /** Written under {@code lock}, so the start thread and {@link #close} agree on who stops the server. */
    private volatile boolean closed;

    private KafkaBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    /** The settings this broker started with. */
    public BrokerSettings settings() {
        return settings;
    }

    /** {@code localhost:PORT}: what clients give as bootstrap servers. */
    public String bootstrap() {
        return "localhost:" + settings.port();
    }

    /** Why the broker stopped on its own, or null while it runs (or after a normal close). */
    public String fault() {
        return fault.get();
    }

    /** True from a successful start until close or a fault. */
    public boolean running() {
        return !closed && fault.get() == null;
    }

    /**
     * Formats the data folder if it is new, starts the broker and returns once clients can connect.
     * Blocks for seconds; {@code progress} hears each step ("Formatting …", "Starting …").
     */
    public static KafkaBroker start(BrokerSettings settings, Consumer<String> progress) throws BrokerException {
        KafkaBroker broker = new KafkaBroker(settings);
        broker.doStart(progress);
        return broker;
    }

    private void doStart(Consumer<String> progress) throws BrokerException {
        checkPortFree(settings.port(), settings.anyInterface());
        Path dir = settings.dir().toAbsolutePath();
        Path data = dir.resolve(DATA);
        int controllerPort;
        try {
            Files.createDirectories(dir);
            controllerPort = freeLoopbackPort();
        } catch (IOException e) {
            throw folderProblem(dir, e);
        }
        Properties props = serverProperties(settings, data, controllerPort);
        Path propsFile = dir.resolve(PROPERTIES);
        try {
            writeProperties(props, propsFile);
        } catch (IOException e) {
            throw folderProblem(dir, e);
        }
        if (!Files.exists(data.resolve("meta.properties"))) {
            progress.accept("Formatting storage in " + dir);
            format(propsFile, dir);
        }
        installExitHook();
        progress.accept("Starting the broker on " + bootstrap());
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
                synchronized (lock) {
                    if (closed) {
                        // The start was given up (interrupted, or past its deadline) before the server existed:
                        // close() had nothing to stop, so starting it now would leave a broker nobody closes.
                        started.completeExceptionally(new IllegalStateException("closed before it started"));
                        return;
                    }
                    server = s;
                }
                s.startup();
                boolean closedMeanwhile;
                synchronized (lock) {
                    closedMeanwhile = closed;
                }
                if (closedMeanwhile) {
                    // close() came while the server was starting, and its shutdown may have gone first.
                    s.shutdown();
                    s.awaitShutdown();
                }
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }, "kafka-broker-start");
        starter.setDaemon(true);
        starter.start();
        try {
            started.get(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new BrokerException(BrokerException.Kind.FAILED, "interrupted while the broker was starting", e);
        } catch (TimeoutException e) {
            close();
            throw new BrokerException(BrokerException.Kind.FAILED, "the broker did not start within "
                    + START_DEADLINE.toSeconds() + " s; see the log in out/logs/streamlab.log", e);
        } catch (ExecutionException e) {
            close();
            throw startProblem(dir, e.getCause());
        }
        String why = fault.get();
        if (why != null) {
            close();
            throw new BrokerException(BrokerException.Kind.FAILED, why, null);
        }
        LOG.info("Kafka broker ready on {} with data in {}", bootstrap(), dir);
    }

    static Properties serverProperties(BrokerSettings settings, Path data, int controllerPort) {
        String bindHost = settings.anyInterface() ? "0.0.0.0" : "127.0.0.1";
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + bindHost + ":" + settings.port()
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        // Clients connect to the advertised host after their first contact, so a broker open to other computers
        // must name itself by a host name they can reach, not localhost.
        p.setProperty("advertised.listeners", "PLAINTEXT://" + advertisedHost(settings) + ":" + settings.port());
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");
        p.setProperty("offsets.topic.replication.factor", "1");
        // One partition for committed offsets: on two cores, fifty take seconds to create at the first consumer.
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");
        p.setProperty("min.insync.replicas", "1");
        // Members that join at once land in one rebalance, without the default three-second wait.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // After a SIGKILL the controller keeps the old registration until its session times out (9 s by default),
        // and the restarted broker waits for that before it is ready.
        p.setProperty("broker.session.timeout.ms", "3000");
        p.setProperty("broker.heartbeat.interval.ms", "500");
        // The log cleaner (which compacts committed offsets) takes a 128 MB heap buffer by default; a lab's topics
        // need far less, and the window's heap stays small.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        return p;
    }

    /** {@code localhost}, or this computer's host name when the broker listens on every interface. */
    static String advertisedHost(BrokerSettings settings) {
        if (!settings.anyInterface()) {
            return "localhost";
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            LOG.warn("No host name for this computer ({}); the broker advertises localhost", e.toString());
            return "localhost";
        }
    }

    private static void writeProperties(Properties props, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(w, "StreamLab's built-in Kafka broker; written at each start from the broker's settings");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void format(Path propsFile, Path dir) throws BrokerException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {
                "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", propsFile.toString(),
                "--ignore-formatted"}, out);
        } catch (RuntimeException e) {
            throw startProblem(dir, e);
        }
        String said = buf.toString(StandardCharsets.UTF_8).strip();
        LOG.info("Formatted {}: {}", dir, said);
        if (rc != 0) {
            throw new BrokerException(BrokerException.Kind.DATA_FOLDER,
                    "could not format the data folder " + dir + ": " + said, null);
        }
    }

    /** Routes Kafka's own exit and halt calls (a failed log folder, say) to this broker instead of ending the JVM. */
    private void installExitHook() {
        CURRENT.set(this);
        Exit.setExitProcedure((status, message) -> onKafkaExit(status, message));
        Exit.setHaltProcedure((status, message) -> onKafkaExit(status, message));
    }

    private static void onKafkaExit(int status, String message) {
        KafkaBroker b = CURRENT.get();
        // Kafka gives no reason when its log folder fails; a full disk is the common one, and the one to name.
        String why = b != null && nearlyFull(b.settings.dir())
                ? "the data folder " + b.settings.dir() + " is full, so the broker stopped; free some space or choose "
                        + "another folder with --dir"
                : "the broker stopped itself (status " + status + ")"
                        + (message != null ? ": " + message : "") + "; see out/logs/streamlab.log";
        LOG.error("Kafka asked to end the process: {}", why);
        if (b != null && b.fault.compareAndSet(null, why)) {
            Thread t = new Thread(b::close, "kafka-broker-fault-stop");
            t.setDaemon(true);
            t.start();
        }
        throw new IllegalStateException(why);
    }

    /** Stops the broker; committed data stays in the data folder. Blocks until Kafka's threads have ended. */
    @Override
    public void close() {
        KafkaRaftServer s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
            server = null;
        }
        if (s != null) {
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("Kafka broker shutdown: {}", e.toString());
            }
        }
        CURRENT.compareAndSet(this, null);
        LOG.info("Kafka broker on {} stopped", bootstrap());
    }

    /**
     * Wipes a data folder that holds a StreamLab broker's data (or nothing). Refuses a folder that holds anything
     * else, so a mistyped {@code --dir} cannot delete a user's files.
     */
    public static void reset(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var entries = Files.list(dir)) {
            boolean foreign = entries.map(p -> p.getFileName().toString())
                    .anyMatch(n -> !n.equals(DATA) && !n.startsWith(PROPERTIES));
            if (foreign) {
                throw new IOException(dir + " holds files that are not a StreamLab broker's data; "
                        + "choose the broker's own folder (out/kafka by default)");
            }
        }
        if (inUse(dir.resolve(DATA).resolve(".lock"))) {
            throw new IOException("a broker is running on " + dir + "; stop it first (Ctrl-C, or Stop in the Kafka "
                    + "tab), then reset");
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** True if a running broker, in this process or another, holds Kafka's lock on its log folder. */
    private static boolean inUse(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** Throws PORT_BUSY, naming a free port nearby, when {@code port} is taken. */
    static void checkPortFree(int port, boolean anyInterface) throws BrokerException {
        if (port == 0) {
            throw new BrokerException(BrokerException.Kind.PORT_BUSY,
                    "the broker needs a fixed port; give one such as --port 9092", null);
        }
        if (!canBind(port, anyInterface)) {
            int alt = port + 1;
            while (alt < 65535 && !canBind(alt, anyInterface)) {
                alt++;
            }
            throw new BrokerException(BrokerException.Kind.PORT_BUSY, "port " + port
                    + " is in use (another Kafka broker, or another program); use port " + alt
                    + " instead (--port " + alt + "), or stop what is listening on " + port, null, alt);
        }
    }

    private static boolean canBind(int port, boolean anyInterface) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            InetAddress host = anyInterface ? null : InetAddress.getLoopbackAddress();
            s.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static BrokerException folderProblem(Path dir, IOException e) {
        if (isDiskFull(e)) {
            return new BrokerException(BrokerException.Kind.DATA_FOLDER, "the data folder " + dir
                    + " is full; free some space or choose another folder with --dir", e);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            // Files.createDirectories then says only the path, which does not tell what is wrong.
            return new BrokerException(BrokerException.Kind.DATA_FOLDER, dir + " is a file, not a folder; give the "
                    + "broker a folder of its own with --dir", e);
        }
        return new BrokerException(BrokerException.Kind.DATA_FOLDER, "cannot write the data folder " + dir + " ("
                + e.getMessage() + "); choose another folder with --dir", e);
    }

    static BrokerException startProblem(Path dir, Throwable t) {
        if (isDiskFull(t)) {
            return new BrokerException(BrokerException.Kind.DATA_FOLDER, "the data folder " + dir
                    + " is full; free some space or choose another folder with --dir", t);
        }
        String text = describe(t);
        if (text.contains("Failed to acquire lock")) {
            return new BrokerException(BrokerException.Kind.DATA_FOLDER, "another broker is using the data folder "
                    + dir + "; stop it, or choose another folder with --dir", t);
        }
        if (text.contains("Address already in use")) {
            return new BrokerException(BrokerException.Kind.PORT_BUSY,
                    "a port the broker needs is in use; choose another with --port", t);
        }
        return new BrokerException(BrokerException.Kind.CORRUPT_DATA, "the data folder " + dir
                + " cannot be read as Kafka data (" + firstLine(text) + "); Reset wipes it: "
                + "streamlab kafka broker --reset, or Reset in the Kafka tab", t);
    }

    /** Less than a megabyte left where the data folder is: too little for a log segment's next batch. */
    private static boolean nearlyFull(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < 1024 * 1024;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("No space left on device")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" / ");
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
