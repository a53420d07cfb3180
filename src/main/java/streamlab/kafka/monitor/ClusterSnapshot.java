package streamlab.kafka.monitor;

import java.util.List;
import java.util.Optional;

/**
 * What the monitor last read of the cluster. Immutable.
 *
 * @param timeMs    when it was read, epoch milliseconds
 * @param bootstrap the bootstrap servers it reads
 * @param status    whether the cluster answered
 * @param error     one line that names the problem and the fix when status is not UP, else null
 * @param topics    the topics, by name, internal ones included
 * @param groups    the consumer groups, by id
 * @param messagesSeen how many messages the monitoring consumer has read since it started
 */
public record ClusterSnapshot(long timeMs, String bootstrap, Status status, String error, List<TopicState> topics,
                              List<GroupState> groups, long messagesSeen) {

    /** Whether the cluster answered the last poll. */
    public enum Status { CONNECTING, UP, UNREACHABLE }

    public ClusterSnapshot {
        topics = List.copyOf(topics);
        groups = List.copyOf(groups);
    }

    public Optional<TopicState> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<GroupState> group(String id) {
        return groups.stream().filter(g -> g.groupId().equals(id)).findFirst();
    }
}
