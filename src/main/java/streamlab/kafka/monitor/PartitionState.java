package streamlab.kafka.monitor;

/**
 * One partition's offsets as the cluster reports them. Immutable.
 *
 * @param topic       its topic
 * @param partition   its number
 * @param startOffset the earliest offset still kept (the log start)
 * @param endOffset   the next offset to be written (the high-water mark)
 * @param leader      the leader broker's id, or -1 when it has none
 */
public record PartitionState(String topic, int partition, long startOffset, long endOffset, int leader) {

    /** Messages currently kept in the partition. */
    public long size() {
        return Math.max(0, endOffset - startOffset);
    }
}
