package streamlab.kafka.lab;

/**
 * One message a built-in consumer finished (or was processing when it was killed). Immutable.
 *
 * @param seq        the lab's running number, from 1
 * @param consumer   which consumer, from 1
 * @param startMs    when processing started, epoch milliseconds
 * @param endMs      when it ended, or -1 when the consumer was killed during it
 * @param partition  its partition
 * @param offset     its offset
 * @param key        its key, or null
 * @param duplicate  true when this partition and offset had already been processed by the group
 */
public record ProcessedMessage(long seq, int consumer, long startMs, long endMs, int partition, long offset,
                               String key, boolean duplicate) {
}
