package streamlab.kafka.monitor;

/**
 * A group's lag on one partition at one poll, for the lag-over-time chart. Immutable.
 *
 * @param timeMs    when, epoch milliseconds
 * @param groupId   the group
 * @param topic     the topic
 * @param partition the partition
 * @param lag       end offset minus committed offset
 */
public record LagPoint(long timeMs, String groupId, String topic, int partition, long lag) {
}
