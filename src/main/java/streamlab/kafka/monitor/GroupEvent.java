package streamlab.kafka.monitor;

/**
 * Something that happened to a consumer group, as the monitor saw it between two polls: a rebalance (the members or
 * their assignment changed), a member joining or leaving. Immutable.
 *
 * @param timeMs  when the monitor noticed it, epoch milliseconds
 * @param groupId the group
 * @param kind    what happened
 * @param detail  one line for the log and the tooltip, such as "streamlab-consumer-2 left; 3 partitions moved"
 */
public record GroupEvent(long timeMs, String groupId, Kind kind, String detail) {

    /** What happened. */
    public enum Kind { MEMBER_JOINED, MEMBER_LEFT, REBALANCE }
}
