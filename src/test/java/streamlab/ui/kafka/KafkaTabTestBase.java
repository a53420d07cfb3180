package streamlab.ui.kafka;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import streamlab.kafka.KafkaAdmin;
import streamlab.testing.TestBroker;
import streamlab.ui.TabTestBase;

/**
 * The Kafka tab on its own against one real broker per test class, with an admin client for setting up topics.
 * Subclasses declare {@code @Start} and call {@link #showOnFreshContext}.
 */
abstract class KafkaTabTestBase extends TabTestBase {

    static TestBroker broker;
    static KafkaAdmin admin;

    KafkaTabTestBase() {
        super("/streamlab/ui/kafka/KafkaView.fxml");
    }

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start();
        admin = KafkaAdmin.connect(broker.bootstrap());
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }
}
