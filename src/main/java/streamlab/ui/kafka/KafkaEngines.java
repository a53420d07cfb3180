package streamlab.ui.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import streamlab.kafka.KafkaUnavailableException;
import streamlab.kafka.lab.ConsumerLab;
import streamlab.kafka.lab.LabSettings;
import streamlab.kafka.monitor.ClusterMonitor;
import streamlab.kafka.monitor.MonitorSettings;

/**
 * How the Kafka tab makes its engines: the cluster monitor and the built-in consumers. Stateless, thread-safe; its
 * methods block (they connect) and run on the tab's background executor.
 */
public interface KafkaEngines {

    /** Starts watching a cluster. */
    ClusterMonitor monitor(MonitorSettings settings) throws KafkaUnavailableException;

    /** Starts an empty group of built-in consumers; the tab adds the consumers. */
    ConsumerLab lab(LabSettings settings) throws KafkaUnavailableException;

    /**
     * The engines of {@code streamlab.kafka.monitor} and {@code streamlab.kafka.lab}: each one's static
     * {@code start(settings)}. They are looked up when first used, so a build without one still opens the tab and
     * says which part is missing.
     */
    static KafkaEngines standard() {
        return new KafkaEngines() {
            @Override
            public ClusterMonitor monitor(MonitorSettings settings) throws KafkaUnavailableException {
                return start("streamlab.kafka.monitor.KafkaClusterMonitor", MonitorSettings.class, settings,
                        ClusterMonitor.class, "the cluster monitor");
            }

            @Override
            public ConsumerLab lab(LabSettings settings) throws KafkaUnavailableException {
                return start("streamlab.kafka.lab.KafkaConsumerLab", LabSettings.class, settings, ConsumerLab.class,
                        "the built-in consumers");
            }
        };
    }

    private static <S, T> T start(String className, Class<S> settingsType, S settings, Class<T> type, String what)
            throws KafkaUnavailableException {
        Method start;
        try {
            start = Class.forName(className).getMethod("start", settingsType);
        } catch (ReflectiveOperationException e) {
            throw new KafkaUnavailableException(what + " is not part of this build of StreamLab", e);
        }
        try {
            return type.cast(start.invoke(null, settings));
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof KafkaUnavailableException k) {
                throw k;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new KafkaUnavailableException(what + " did not start: " + c.getMessage(), c);
        } catch (IllegalAccessException e) {
            throw new KafkaUnavailableException(what + " cannot be started: " + e.getMessage(), e);
        }
    }
}
