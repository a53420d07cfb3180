package streamlab.kafka.monitor;

/**
 * One message as the monitoring consumer saw it. Immutable.
 *
 * @param seq        this monitor's own running number, from 1, for {@link ClusterMonitor#messagesSince}
 * @param timeMs     the record's timestamp (producer or log-append time), epoch milliseconds
 * @param topic      its topic
 * @param partition  its partition
 * @param offset     its offset in the partition
 * @param key        its key as UTF-8 text, or null for a message without a key
 * @param value      its value as UTF-8 text, cut to at most {@link #MAX_VALUE_CHARS} characters
 * @param valueBytes the value's full size in bytes
 */
public record MessageMark(long seq, long timeMs, String topic, int partition, long offset, String key, String value,
                          int valueBytes) {

    public static final int MAX_VALUE_CHARS = 512;
}
