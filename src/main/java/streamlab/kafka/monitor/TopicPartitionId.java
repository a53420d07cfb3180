package streamlab.kafka.monitor;

/** A topic and a partition, ordered by topic then partition. Immutable. */
public record TopicPartitionId(String topic, int partition) implements Comparable<TopicPartitionId> {

    @Override
    public int compareTo(TopicPartitionId o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
