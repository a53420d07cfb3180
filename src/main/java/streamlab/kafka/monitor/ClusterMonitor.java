package streamlab.kafka.monitor;

import java.util.List;

/**
 * Watches one Kafka cluster for the views: topics and their offsets, consumer groups, their committed offsets, lag and
 * rebalances (through the Admin API, so any client's groups appear), and the messages themselves (through a
 * monitoring consumer that reads every partition without joining a group). Thread-safe: the engine polls on its own
 * named threads; the views pull snapshots and batches from any thread, at their own pace.
 */
public interface ClusterMonitor extends AutoCloseable {

    /** The last thing read of the cluster; never null (CONNECTING before the first poll answers). */
    ClusterSnapshot snapshot();

    /**
     * Messages read after {@code afterSeq} (0 for all that are still held), at most {@code max} of them. The log is
     * bounded (the newest {@link MonitorSettings#messageCapacity()} messages); the batch says how many were missed.
     */
    MessageBatch messagesSince(long afterSeq, int max);

    /**
     * Lag points stamped after {@code sinceMs}, oldest first, bounded to the newest
     * {@link MonitorSettings#historyCapacity()}. One poll's points share a time and appear together, so passing the
     * last point's time neither repeats nor skips any.
     */
    List<LagPoint> lagSince(long sinceMs);

    /** Group events stamped after {@code sinceMs}, oldest first, bounded like the lag points. */
    List<GroupEvent> groupEventsSince(long sinceMs);

    /** Asks for a poll as soon as possible (after a topic was created, say), instead of at the next tick. */
    void refresh();

    /** Stops polling and closes the clients; returns within a second. */
    @Override
    void close();
}
