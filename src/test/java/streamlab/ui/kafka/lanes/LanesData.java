package streamlab.ui.kafka.lanes;

import java.util.ArrayList;
import java.util.List;
import streamlab.kafka.monitor.ClusterSnapshot;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.PartitionState;
import streamlab.kafka.monitor.TopicState;

/** Test data built from the monitor's records: a topic, its messages and groups, without a broker. */
final class LanesData {

    static final long T0 = 1_790_000_000_000L;

    private LanesData() {
    }

    /** A topic whose partition {@code p} runs from {@code starts[p]} to {@code ends[p]}. */
    static TopicState topic(String name, long[] starts, long[] ends) {
        List<PartitionState> parts = new ArrayList<>();
        for (int p = 0; p < ends.length; p++) {
            parts.add(new PartitionState(name, p, starts[p], ends[p], 1));
        }
        return new TopicState(name, false, parts);
    }

    static TopicState topic(String name, long... ends) {
        return topic(name, new long[ends.length], ends);
    }

    static MessageMark mark(String topic, int partition, long offset, long timeMs, String key) {
        return new MessageMark(offset + 1, timeMs, topic, partition, offset, key, "{\"v\":" + offset + "}", 8);
    }

    /** A group committed at {@code committed[p]} on each partition of the topic. */
    static GroupState group(String id, TopicState topic, long... committed) {
        List<GroupState.PartitionLag> lags = new ArrayList<>();
        for (PartitionState p : topic.partitions()) {
            lags.add(new GroupState.PartitionLag(topic.name(), p.partition(), committed[p.partition()], p.endOffset(),
                    null));
        }
        return new GroupState(id, "Stable", "classic", List.of(), lags);
    }

    static ClusterSnapshot snapshot(List<TopicState> topics, List<GroupState> groups) {
        return new ClusterSnapshot(T0, "localhost:9092", ClusterSnapshot.Status.UP, null, topics, groups, 0);
    }
}
