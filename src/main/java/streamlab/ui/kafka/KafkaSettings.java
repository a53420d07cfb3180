package streamlab.ui.kafka;

import streamlab.kafka.BrokerSettings;
import streamlab.kafka.KafkaClients;
import streamlab.kafka.lab.CommitMode;
import streamlab.ui.Settings.Key;

/** Immutable: the Kafka tab's stored settings. A stored value that no longer reads keeps the default. */
final class KafkaSettings {

    static final Key<Integer> BROKER_PORT = new Key<>("kafka.broker.port", BrokerSettings.DEFAULT_PORT, t -> {
        int p = Integer.parseInt(t.strip());
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port " + p);
        }
        return p;
    }, String::valueOf);
    static final Key<String> BOOTSTRAP = Key.ofText("kafka.bootstrap", KafkaClients::checkBootstrap);
    static final Key<String> LAB_GROUP = Key.ofString("kafka.lab.group", "streamlab-lab");
    static final Key<Integer> LAB_CONSUMERS = Key.ofInt("kafka.lab.consumers", 2);
    static final Key<Integer> LAB_PROCESSING_MS = Key.ofInt("kafka.lab.processingMs", 200);
    static final Key<CommitMode> LAB_MODE = Key.ofEnum("kafka.lab.mode", CommitMode.AFTER_PROCESSING);

    private KafkaSettings() {
    }
}
