package streamlab.kafka.lab;

import java.time.Duration;
import streamlab.kafka.KafkaClients;

/**
 * A group of built-in consumers. Immutable.
 *
 * @param bootstrap  the bootstrap servers
 * @param topic      the topic they subscribe to
 * @param groupId    their consumer group
 * @param processing how long each message takes to process (a sleep that a stop or kill interrupts)
 * @param mode       when they commit
 * @param fromBeginning where a group without committed offsets starts: earliest (true) or latest
 */
public record LabSettings(String bootstrap, String topic, String groupId, Duration processing, CommitMode mode,
                          boolean fromBeginning) {

    public LabSettings {
        bootstrap = KafkaClients.checkBootstrap(bootstrap);
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("name the topic the consumers read");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("name the consumer group");
        }
        if (processing.isNegative()) {
            throw new IllegalArgumentException("processing time cannot be negative");
        }
    }
}
