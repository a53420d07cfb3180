package streamlab.stream;

import java.nio.file.Path;

/** Immutable. Where the messages go; any combination may be on at once. */
public sealed interface SinkSpec {

    /** Default UDP target of the course. */
    String DEFAULT_HOST = "localhost";
    int DEFAULT_UDP_PORT = 9999;

    /**
     * One whole line per record.
     *
     * @param file       the output file, created with its folders
     * @param append     append to the file instead of replacing it
     * @param flushEvery hold at most this many records before writing them (1 = write each record alone); 0 = auto:
     *                   each record is written as it goes when paced, and records due back to back are written
     *                   together, at least every 10 ms. Every mode leaves whole lines only.
     */
    record File(Path file, boolean append, int flushEvery) implements SinkSpec {
        public File {
            if (flushEvery < 0) {
                throw new IllegalArgumentException("flushEvery must be 0 (auto) or more");
            }
        }

        public File(Path file, boolean append) {
            this(file, append, 0);
        }
    }

    /** One datagram per record, without a line ending. */
    record Udp(String host, int port) implements SinkSpec {
    }

    /**
     * Newline-framed records over one TCP connection that is re-opened with backoff. The first record waits for the
     * first connection attempt (a few seconds at most), so it is not dropped while the connection opens.
     *
     * @param mustConnect refuse to start when the first attempt fails (the command line), instead of starting and
     *                    reconnecting in the background (the window)
     */
    record Tcp(String host, int port, boolean mustConnect) implements SinkSpec {
        public Tcp(String host, int port) {
            this(host, port, false);
        }
    }

    /**
     * One Kafka message per record, its value the formatted record. A topic that does not exist is created with
     * {@code partitions} partitions before the first record.
     *
     * @param bootstrap   HOST:PORT of one or more brokers, comma-separated
     * @param topic       the topic to write to
     * @param keyColumn   the column whose value is each message's key (the same key always lands in the same
     *                    partition), or null for no key: records then go to the partitions in turn
     * @param partitions  the partition count of a topic that has to be created; an existing topic keeps its own
     * @param mustConnect refuse to start when Kafka cannot be reached (the command line), instead of starting and
     *                    reconnecting in the background (the window)
     */
    record Kafka(String bootstrap, String topic, String keyColumn, int partitions, boolean mustConnect)
            implements SinkSpec {
        public Kafka {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be 1 or more");
            }
            keyColumn = keyColumn == null || keyColumn.isEmpty() ? null : keyColumn;
        }

        public Kafka(String bootstrap, String topic, String keyColumn, int partitions) {
            this(bootstrap, topic, keyColumn, partitions, true);
        }

        /** The Kafka output's producer settings (acks=all, idempotent, short linger), for a comparison producer. */
        public static java.util.Map<String, Object> producerConfig(String bootstrap) {
            return KafkaSink.producerConfig(bootstrap);
        }
    }

    /** The log4j logger {@code streamlab.stream}, level INFO. */
    record Log() implements SinkSpec {
    }
}
