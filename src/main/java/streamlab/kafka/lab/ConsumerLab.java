package streamlab.kafka.lab;

import java.util.List;

/**
 * Built-in consumers in one group, each on its own named thread, so the lanes show what a stop or a kill costs under
 * each commit mode. Thread-safe: commands and snapshots may come from any thread.
 */
public interface ConsumerLab extends AutoCloseable {

    /** Starts one more consumer in the group; returns its number. */
    int addConsumer();

    /** Stops a consumer cleanly: it finishes the message in hand, commits as its mode says, and leaves the group. */
    void stop(int consumer);

    /**
     * Kills a consumer mid-processing, as a crash would: the message in hand is abandoned and nothing more is
     * committed; the group notices when the member's session times out.
     */
    void kill(int consumer);

    /** The consumers and the figures now. */
    LabSnapshot snapshot();

    /**
     * The lost messages as "partition/offset", ordered by partition then offset: abandoned by a killed consumer
     * after the group had committed past them, and not finished by any consumer since (see {@link LabSnapshot#lost()}).
     */
    List<String> lostMessages();

    /** Processed messages after {@code afterSeq}, at most {@code max}, oldest first. */
    List<ProcessedMessage> processedSince(long afterSeq, int max);

    /** Stops every consumer; returns within a second. */
    @Override
    void close();
}
