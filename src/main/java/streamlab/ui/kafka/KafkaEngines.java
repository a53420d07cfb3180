package streamlab.ui.kafka;

import streamlab.kafka.KafkaUnavailableException;
import streamlab.kafka.lab.ConsumerLab;
import streamlab.kafka.lab.KafkaConsumerLab;
import streamlab.kafka.lab.LabSettings;
import streamlab.kafka.monitor.ClusterMonitor;
import streamlab.kafka.monitor.KafkaClusterMonitor;
import streamlab.kafka.monitor.MonitorSettings;

/**
 * How the Kafka tab makes its engines: the cluster monitor and the built-in consumers. Stateless, thread-safe; its
 * methods may block (they connect), so the tab calls them on its background executor.
 */
public interface KafkaEngines {

    /** Starts watching a cluster. */
    ClusterMonitor monitor(MonitorSettings settings) throws KafkaUnavailableException;

    /** Starts an empty group of built-in consumers; the tab adds the consumers. */
    ConsumerLab lab(LabSettings settings) throws KafkaUnavailableException;

    /** The engines of {@code streamlab.kafka.monitor} and {@code streamlab.kafka.lab}. */
    static KafkaEngines standard() {
        return new KafkaEngines() {
            @Override
            public ClusterMonitor monitor(MonitorSettings settings) {
                return KafkaClusterMonitor.start(settings);
            }

            @Override
            public ConsumerLab lab(LabSettings settings) {
                return KafkaConsumerLab.start(settings);
            }
        };
    }
}
