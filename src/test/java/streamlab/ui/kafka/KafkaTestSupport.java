package streamlab.ui.kafka;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import streamlab.kafka.KafkaClients;

/** Helpers for the Kafka tab's tests: unique topic names and a plain producer. Stateless apart from the counter. */
final class KafkaTestSupport {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private KafkaTestSupport() {
    }

    /** A topic name no other test of this JVM uses. */
    static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet();
    }

    /** Sends {@code count} messages keyed {@code k0} … {@code k4} in turn, valued {@code value-i}, and waits for each. */
    static void produce(String bootstrap, String topic, int count) throws InterruptedException, ExecutionException,
            TimeoutException {
        Map<String, Object> c = KafkaClients.common(bootstrap);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                p.send(new ProducerRecord<>(topic, "k" + (i % 5), "value-" + i)).get(10, TimeUnit.SECONDS);
            }
        }
    }
}
