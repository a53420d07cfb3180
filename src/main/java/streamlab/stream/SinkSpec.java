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
     * @param flushEvery write and flush after this many records (1 = after each record, the safe default)
     */
    record File(Path file, boolean append, int flushEvery) implements SinkSpec {
        public File {
            if (flushEvery < 1) {
                throw new IllegalArgumentException("flushEvery must be 1 or more");
            }
        }

        public File(Path file, boolean append) {
            this(file, append, 1);
        }
    }

    /** One datagram per record, without a line ending. */
    record Udp(String host, int port) implements SinkSpec {
    }

    /** Newline-framed records over one TCP connection that is re-opened with backoff. */
    record Tcp(String host, int port) implements SinkSpec {
    }

    /** The log4j logger {@code streamlab.stream}, level INFO. */
    record Log() implements SinkSpec {
    }
}
