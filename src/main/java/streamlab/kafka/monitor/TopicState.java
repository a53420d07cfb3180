package streamlab.kafka.monitor;

import java.util.List;

/**
 * One topic and its partitions, in partition order. Immutable.
 *
 * @param name       the topic's name
 * @param internal   true for Kafka's own topics (committed offsets, transactions)
 * @param partitions one entry per partition, in partition order
 */
public record TopicState(String name, boolean internal, List<PartitionState> partitions) {

    public TopicState {
        partitions = List.copyOf(partitions);
    }

    /** The sum of the partitions' end offsets. */
    public long endOffsetSum() {
        return partitions.stream().mapToLong(PartitionState::endOffset).sum();
    }
}
