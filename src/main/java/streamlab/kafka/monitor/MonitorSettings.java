package streamlab.kafka.monitor;

import java.time.Duration;
import streamlab.kafka.KafkaClients;

/**
 * How the monitor reads a cluster. Immutable.
 *
 * @param bootstrap       the bootstrap servers, HOST:PORT[,HOST:PORT]
 * @param pollEvery       how often topics, offsets and groups are read
 * @param messageCapacity how many of the newest messages are held for the lanes and the tail
 * @param historyCapacity how many lag points and group events are held
 * @param includeInternal whether Kafka's own topics (__consumer_offsets) are read as messages too
 */
public record MonitorSettings(String bootstrap, Duration pollEvery, int messageCapacity, int historyCapacity,
                              boolean includeInternal) {

    public MonitorSettings {
        bootstrap = KafkaClients.checkBootstrap(bootstrap);
        if (messageCapacity < 1 || historyCapacity < 1) {
            throw new IllegalArgumentException("capacities must be at least 1");
        }
    }

    /** Polls twice a second; holds 50,000 messages and 20,000 lag points. */
    public static MonitorSettings of(String bootstrap) {
        return new MonitorSettings(bootstrap, Duration.ofMillis(500), 50_000, 20_000, false);
    }
}
