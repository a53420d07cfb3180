package streamlab.testing;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import streamlab.kafka.KafkaClients;

/** Test messages for a real broker, sent with StreamLab's common client settings. Stateless. */
public final class KafkaMessages {

    private KafkaMessages() {
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(KafkaClients.common(bootstrap), new StringSerializer(), new StringSerializer());
    }

    /** Sends {@code n} messages keyed {@code north}, valued {@code sale-0} …, to {@code partition}, each waited for. */
    public static void keyedSales(String bootstrap, String topic, int partition, int n)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, String> p = producer(bootstrap)) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, partition, "north", "sale-" + i)).get();
            }
        }
    }

    /**
     * Sends {@code n} messages keyed {@code k0} …, valued {@code v0} …, to the {@code partitions} partitions in
     * turn (message i to partition i % partitions), and returns once all are acknowledged.
     */
    public static void spread(String bootstrap, String topic, int partitions, int n) {
        try (KafkaProducer<String, String> p = producer(bootstrap)) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i));
            }
            p.flush();
        }
    }
}
