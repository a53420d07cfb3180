package streamlab.kafka;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the built-in broker listens and keeps its data. Immutable.
 *
 * @param port the client port (9092 by default)
 * @param dir the data folder: logs, committed offsets and the cluster's identity
 * @param anyInterface listen on every interface instead of loopback only
 */
public record BrokerSettings(int port, Path dir, boolean anyInterface) {

    public static final int DEFAULT_PORT = 9092;

    public BrokerSettings {
        Objects.requireNonNull(dir, "dir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    /** {@code localhost:9092} with its data in {@code out/kafka}. */
    public static BrokerSettings defaults(Path outDir) {
        return new BrokerSettings(DEFAULT_PORT, outDir.resolve("kafka"), false);
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(newPort, dir, anyInterface);
    }
}
