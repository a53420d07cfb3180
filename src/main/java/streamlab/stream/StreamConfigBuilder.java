package streamlab.stream;

import com.google.common.net.HostAndPort;
import streamlab.text.HostPorts;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Confined to the thread that builds. Turns the settings as a user writes them (on the command line or in the Stream
 * tab) into a {@link StreamConfig}, so both read them the same way and give the same messages. Each method checks
 * its value at once; a mistake is an {@link IllegalArgumentException} whose message names the problem and the fix.
 * Where a message names the setting, the caller passes the name it shows the user ({@code --udp}, {@code The UDP
 * target}).
 */
public final class StreamConfigBuilder {

    /** The delimiter setting that asks for detection. */
    public static final String DETECT = "Detect";

    private final Path file;
    private Charset charset = java.nio.charset.StandardCharsets.UTF_8;
    private boolean header = true;
    private Character delimiter;
    private Pacing pacing = Pacing.DEFAULT;
    private boolean reverse;
    private boolean loop;
    private long limit;
    private RecordFormat format = RecordFormat.DEFAULT;
    private StreamConfig.BadRows badRows = StreamConfig.BadRows.SKIP;
    private final List<SinkSpec> sinks = new ArrayList<>();

    public StreamConfigBuilder(Path file) {
        this.file = file;
    }

    /** The file's charset by name. */
    public StreamConfigBuilder charset(String name) {
        try {
            charset = Charset.forName(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unknown charset '" + name + "'. Use UTF-8, ISO-8859-1 or"
                    + " windows-1252.");
        }
        return this;
    }

    public StreamConfigBuilder charset(Charset charset) {
        this.charset = java.util.Objects.requireNonNull(charset, "charset");
        return this;
    }

    public StreamConfigBuilder header(boolean header) {
        this.header = header;
        return this;
    }

    /** A delimiter as typed ({@code ;}, {@code tab}, ...); null, blank or {@link #DETECT} detects it. */
    public StreamConfigBuilder delimiter(String text) {
        delimiter = text == null || text.isBlank() || text.equals(DETECT) ? null : CsvOptions.parseDelimiter(text);
        return this;
    }

    /**
     * The pacing: the real gaps of a timestamp column when one is named, else the interval as typed; every wait is
     * then divided by {@code speed}.
     *
     * @param speedName how the user names the speed setting, for its message
     */
    public StreamConfigBuilder pacing(String interval, String timestampColumn, double speed, String speedName) {
        Pacing p = timestampColumn != null && !timestampColumn.isBlank() ? Pacing.timestamps(timestampColumn)
                : Pacing.parse(interval);
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException(speedName + " must be a positive number, not " + speed + ".");
        }
        pacing = p.withSpeed(speed);
        return this;
    }

    public StreamConfigBuilder reverse(boolean reverse) {
        this.reverse = reverse;
        return this;
    }

    public StreamConfigBuilder loop(boolean loop) {
        this.loop = loop;
        return this;
    }

    /** @param name how the user names the limit setting, for its message */
    public StreamConfigBuilder limit(long limit, String name) {
        if (limit < 0) {
            throw new IllegalArgumentException(name + " must be 0 (no limit) or more, not " + limit + ".");
        }
        this.limit = limit;
        return this;
    }

    /** {@code csv}, {@code json} (any case), else a template; null or blank is the default template. */
    public StreamConfigBuilder format(String text) {
        if (text == null || text.isEmpty()) {
            format = RecordFormat.DEFAULT;
        } else if (text.equalsIgnoreCase("csv")) {
            format = RecordFormat.CSV;
        } else if (text.equalsIgnoreCase("json")) {
            format = RecordFormat.JSON;
        } else {
            format = RecordFormat.template(text);
        }
        return this;
    }

    /** A format chosen from a list; {@code template} counts only for {@link RecordFormat.Kind#TEMPLATE}. */
    public StreamConfigBuilder format(RecordFormat.Kind kind, String template) {
        format = switch (kind) {
            case CSV -> RecordFormat.CSV;
            case JSON -> RecordFormat.JSON;
            case TEMPLATE -> RecordFormat.template(template);
        };
        return this;
    }

    /** {@code skip} or {@code send}, any case. @param name how the user names the setting, for its message */
    public StreamConfigBuilder badRows(String text, String name) {
        badRows = switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "skip" -> StreamConfig.BadRows.SKIP;
            case "send" -> StreamConfig.BadRows.SEND;
            default -> throw new IllegalArgumentException(name + " must be skip or send, not '" + text + "'.");
        };
        return this;
    }

    public StreamConfigBuilder badRows(StreamConfig.BadRows badRows) {
        this.badRows = badRows;
        return this;
    }

    /** @param name how the user names the setting, for its message */
    public StreamConfigBuilder file(Path out, boolean append, int flushEvery, String name) {
        if (flushEvery < 0) {
            throw new IllegalArgumentException(name + " must be 0 (auto) or more, not " + flushEvery + ".");
        }
        sinks.add(new SinkSpec.File(out, append, flushEvery));
        return this;
    }

    /** @param name how the user names the target, for its message */
    public StreamConfigBuilder udp(String hostPort, String name) {
        HostAndPort hp = hostPort(name, hostPort);
        sinks.add(new SinkSpec.Udp(hp.getHost(), hp.getPort()));
        return this;
    }

    /**
     * @param mustConnect refuse to start when nobody listens (the command line), instead of reconnecting
     * @param name        how the user names the target, for its message
     */
    public StreamConfigBuilder tcp(String hostPort, boolean mustConnect, String name) {
        HostAndPort hp = hostPort(name, hostPort);
        sinks.add(new SinkSpec.Tcp(hp.getHost(), hp.getPort(), mustConnect));
        return this;
    }

    /**
     * A Kafka output.
     *
     * @param bootstrap   HOST:PORT[,HOST:PORT...]
     * @param keyColumn   the key column, or null or blank for none (the partitions in turn); checked against the
     *                    file's header when the stream starts
     * @param partitions  the partition count of a topic that has to be created
     * @param mustConnect refuse to start when Kafka cannot be reached (the command line), instead of reconnecting
     * @param name        how the user names the Kafka setting, for its messages ({@code --kafka}, {@code Kafka})
     */
    public StreamConfigBuilder kafka(String bootstrap, String topic, String keyColumn, int partitions,
            boolean mustConnect, String name) {
        String b;
        try {
            b = streamlab.kafka.KafkaClients.checkBootstrap(bootstrap);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage() + ".");
        }
        String t = topic == null ? "" : topic.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a topic name, such as readings.");
        }
        try {
            streamlab.kafka.KafkaClients.checkTopic(t);
            streamlab.kafka.KafkaClients.checkPartitions(partitions);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(Character.toUpperCase(m.charAt(0)) + m.substring(1) + ".");
        }
        sinks.add(new SinkSpec.Kafka(b, t, keyColumn == null || keyColumn.isBlank() ? null : keyColumn,
                partitions, mustConnect));
        return this;
    }

    public StreamConfigBuilder log() {
        sinks.add(new SinkSpec.Log());
        return this;
    }

    /** The outputs chosen so far. */
    public boolean hasSinks() {
        return !sinks.isEmpty();
    }

    public StreamConfig build() {
        return new StreamConfig(new CsvOptions(file, charset, header, delimiter), reverse, loop, limit, pacing,
                format, badRows, sinks);
    }

    /**
     * Reads HOST:PORT with a port from 1 to 65535; an empty host, or a port alone, means localhost. IPv6 hosts are
     * written in brackets ({@code [::1]:9999}).
     *
     * @param name how the user names the setting, for its message
     */
    public static HostAndPort hostPort(String name, String text) {
        try {
            return HostPorts.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not HOST:PORT with a port from 1 to 65535,"
                    + " for example localhost:9999.");
        }
    }
}
