package streamlab.kafka.monitor;

import java.util.List;

/**
 * One consumer group: its members and, per partition it has committed to, the committed offset and the lag.
 * Immutable.
 *
 * @param groupId    the group's id
 * @param state      Kafka's word for its state: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead, …
 * @param protocol   "classic" or "consumer" (the group protocol), or "" when unknown
 * @param members    its members, ordered by client id then member id
 * @param partitions one entry per partition the group has committed to or is assigned, ordered by topic then
 *                   partition
 */
public record GroupState(String groupId, String state, String protocol, List<Member> members,
                         List<PartitionLag> partitions) {

    public GroupState {
        members = List.copyOf(members);
        partitions = List.copyOf(partitions);
    }

    /** The sum of the lag over its partitions. */
    public long totalLag() {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }

    /**
     * One member of the group. Immutable.
     *
     * @param memberId   the id the coordinator gave it
     * @param clientId   the client id it gave (StreamLab's consumers: {@code streamlab-consumer-N})
     * @param host       where it connects from
     * @param assignment the partitions assigned to it, ordered by topic then partition
     */
    public record Member(String memberId, String clientId, String host, List<TopicPartitionId> assignment) {
        public Member {
            assignment = List.copyOf(assignment);
        }
    }

    /**
     * One partition from the group's point of view. Immutable.
     *
     * @param topic     the topic
     * @param partition the partition
     * @param committed the group's committed offset, or -1 when it has committed none there
     * @param endOffset the partition's end offset
     * @param memberId  the member it is assigned to, or null
     */
    public record PartitionLag(String topic, int partition, long committed, long endOffset, String memberId) {

        /** End offset minus committed offset; the whole partition when nothing is committed yet. */
        public long lag() {
            return committed < 0 ? endOffset : Math.max(0, endOffset - committed);
        }
    }
}
