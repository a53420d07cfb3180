package streamlab.ui.stream;

import java.nio.charset.Charset;
import java.nio.file.Path;
import streamlab.stream.Pacing;
import streamlab.stream.RecordFormat;
import streamlab.stream.StreamConfig;
import streamlab.stream.StreamConfigBuilder;
import streamlab.ui.Settings.Key;

/**
 * Immutable: the Stream tab's stored settings, by the names they have always been stored under. The tab's fields start
 * at these defaults; a text key keeps only what the tab's own parser reads.
 */
final class StreamSettings {

    static final Key<Boolean> HEADER = Key.ofBoolean("stream.header", true);
    static final Key<String> DELIMITER = Key.ofText("stream.delimiter", StreamSettings::requireDelimiter);
    static final Key<String> CHARSET = Key.ofText("stream.charset", Charset::forName);
    static final Key<String> INTERVAL = Key.ofText("stream.interval", Pacing::parse);
    /** Only a finite factor above 0 is restored. */
    static final Key<Double> SPEED = Key.ofDouble("stream.speed", 1);
    /** Kept only if the file loaded next has this column. */
    static final Key<String> TIMESTAMP = Key.ofString("stream.timestamp", "");
    static final Key<String> LIMIT = Key.ofText("stream.limit", StreamSettings::requireLimit);
    static final Key<Boolean> REVERSE = Key.ofBoolean("stream.reverse", false);
    static final Key<Boolean> LOOP = Key.ofBoolean("stream.loop", false);
    static final Key<RecordFormat.Kind> FORMAT = Key.ofEnum("stream.format", RecordFormat.Kind.TEMPLATE);
    static final Key<String> TEMPLATE = Key.ofString("stream.template", "");
    static final Key<StreamConfig.BadRows> BAD_ROWS = Key.ofEnum("stream.badRows", StreamConfig.BadRows.SKIP);
    static final Key<Boolean> FILE_ON = Key.ofBoolean("stream.file.on", true);
    /** Empty for the default file, which follows the output folder (-Dstreamlab.out). */
    static final Key<String> FILE_PATH = Key.ofText("stream.file.path", StreamSettings::requireNonBlankPath);
    static final Key<Boolean> APPEND = Key.ofBoolean("stream.file.append", false);
    static final Key<Boolean> UDP_ON = Key.ofBoolean("stream.udp.on", false);
    static final Key<String> UDP_TARGET = Key.ofText("stream.udp.target", t -> StreamConfigBuilder.hostPort("", t));
    static final Key<Boolean> TCP_ON = Key.ofBoolean("stream.tcp.on", false);
    static final Key<String> TCP_TARGET = Key.ofText("stream.tcp.target", t -> StreamConfigBuilder.hostPort("", t));
    static final Key<Boolean> LOG_ON = Key.ofBoolean("stream.log.on", false);
    static final Key<Boolean> KAFKA_ON = Key.ofBoolean("stream.kafka.on", false);
    static final Key<String> KAFKA_BOOTSTRAP = Key.ofText("stream.kafka.bootstrap",
            streamlab.kafka.KafkaClients::checkBootstrap);
    static final Key<String> KAFKA_TOPIC = Key.ofString("stream.kafka.topic", StreamViewModel.DEFAULT_TOPIC);
    /** Kept only if the file loaded next has this column; empty for no key. */
    static final Key<String> KAFKA_KEY = Key.ofString("stream.kafka.key", "");
    /** Only 1 to {@link StreamViewModel#MAX_PARTITIONS} is restored. */
    static final Key<Integer> KAFKA_PARTITIONS = Key.ofInt("stream.kafka.partitions", 1);
    /** The recent files, one path a line. */
    static final Key<String> RECENT = Key.ofString("stream.recent", "");

    private StreamSettings() {
    }

    private static void requireDelimiter(String text) {
        if (!StreamViewModel.DELIMITERS.contains(text)) {
            throw new IllegalArgumentException("not a delimiter choice: " + text);
        }
    }

    private static void requireLimit(String text) {
        if (!text.strip().matches("\\d{1,18}")) {
            throw new IllegalArgumentException("not a row count: " + text);
        }
    }

    private static void requireNonBlankPath(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("no path");
        }
        Path.of(text);
    }
}
