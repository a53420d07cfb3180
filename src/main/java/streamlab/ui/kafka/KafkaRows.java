package streamlab.ui.kafka;

import java.util.List;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.TopicState;

/** The rows the Kafka tab's lists show, made from the monitor's snapshots. Immutable. */
final class KafkaRows {

    private KafkaRows() {
    }

    /** One topic in the topics list. Immutable. */
    record TopicRow(String name, int partitions, long endOffsets) {
        static TopicRow of(TopicState t) {
            return new TopicRow(t.name(), t.partitions().size(), t.endOffsetSum());
        }
    }

    /** One consumer group in the groups list. Immutable. */
    record GroupRow(String groupId, String state, int members, long lag, List<String> topics) {
        static GroupRow of(GroupState g) {
            List<String> topics = g.partitions().stream().map(GroupState.PartitionLag::topic).distinct().toList();
            return new GroupRow(g.groupId(), g.state(), g.members().size(), g.totalLag(), topics);
        }

        GroupRow {
            topics = List.copyOf(topics);
        }
    }
}
