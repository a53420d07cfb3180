package streamlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import streamlab.kafka.BrokerException;
import streamlab.kafka.BrokerSettings;
import streamlab.kafka.KafkaBroker;

/**
 * A real built-in Kafka broker for one test class, on a free loopback port with its data in a fresh folder. Start it
 * in {@code @BeforeAll} and close it in {@code @AfterAll}: a broker takes seconds to start on two cores.
 */
public final class TestBroker implements AutoCloseable {

    private final KafkaBroker broker;
    private final Path dir;

    private TestBroker(KafkaBroker broker, Path dir) {
        this.broker = broker;
        this.dir = dir;
    }

    /** Starts a broker with its data in a new temporary folder. */
    public static TestBroker start() {
        try {
            Path dir = Files.createTempDirectory("streamlab-kafka-test");
            return start(dir.resolve("kafka"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker on a free port with its data in {@code dir}. */
    public static TestBroker start(Path dir) {
        return start(dir, freePort());
    }

    /** Starts a broker on {@code port} with its data in {@code dir}: a broker restarted where it was before. */
    public static TestBroker start(Path dir, int port) {
        try {
            KafkaBroker b = KafkaBroker.start(new BrokerSettings(port, dir, false), s -> { });
            return new TestBroker(b, dir);
        } catch (BrokerException e) {
            throw new IllegalStateException("test broker did not start: " + e.getMessage(), e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KafkaBroker broker() {
        return broker;
    }

    public String bootstrap() {
        return broker.bootstrap();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        broker.close();
    }
}
