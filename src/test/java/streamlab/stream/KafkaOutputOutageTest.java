package streamlab.stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import streamlab.testing.TestBroker;

/**
 * The Kafka output as the window runs it (reconnecting instead of refusing), with a real broker that the last test
 * stops in the middle of a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOutputOutageTest extends StreamEngineFixture {

    private static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private StreamConfig config(String bootstrap, String topic, String interval) {
        return new StreamConfigBuilder(COURSE).pacing(interval, null, 1, "speed").loop(true)
                .kafka(bootstrap, topic, "Day", 2, false, "Kafka").build();
    }

    private SinkStats kafkaStats() {
        List<SinkStats> s = engine.snapshot().sinks();
        return s.isEmpty() ? null : s.get(0);
    }

    private long stopTimed() {
        long t0 = System.nanoTime();
        engine.stop();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    @Order(1)
    void withNoBrokerTheWindowStartsShowsReconnectingCountsDroppedRecordsAndStopsWithinASecond() throws Exception {
        int port = TestBroker.freePort();
        engine.start(config("localhost:" + port, "nowhere", "50ms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafkaStats() != null
                && kafkaStats().state().startsWith("reconnecting") && kafkaStats().dropped() > 0);
        SinkStats s = kafkaStats();
        assertTrue(s.state().contains("cannot reach Kafka at localhost:" + port), s.state());
        assertTrue(s.lastError().contains("not connected to Kafka at localhost:" + port + "; record dropped"),
                s.lastError());
        assertEquals(StreamState.RUNNING, engine.snapshot().state());
        assertEquals(s.dropped(), s.failed(), "records with no connection are dropped and count as failed");
        long took = stopTimed();
        assertTrue(took < 1000, "stop took " + took + " ms");
        assertEquals(StreamState.STOPPED, engine.snapshot().state());

        // Stopped during the first connection attempt: the stop still takes less than a second, and the attempt,
        // which ends about 5 s later, must not bring "reconnecting" back to a closed output.
        engine.start(config("localhost:" + port, "nowhere", "50ms"));
        await().atMost(Duration.ofSeconds(5)).until(() -> kafkaStats() != null);
        took = stopTimed();
        assertTrue(took < 1000, "stop took " + took + " ms");
        await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(9))
                .until(() -> kafkaStats().state().equals("closed"));
    }

    @Test
    @Order(2)
    void aBrokerThatStopsMidRunShowsRetryingAndStopCountsTheWaitingRecordsAsFailed() throws Exception {
        List<StreamEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
        engine.setListener(events::add);
        engine.start(config(broker.bootstrap(), "outage", "20ms"));
        await().atMost(Duration.ofSeconds(20)).until(() -> kafkaStats() != null && kafkaStats().sent() >= 20);
        assertEquals("connected", kafkaStats().state());
        broker.close();
        await("the state says Kafka does not answer").atMost(Duration.ofSeconds(20))
                .until(() -> kafkaStats().state().startsWith("retrying: Kafka does not answer"));
        long took = stopTimed();
        assertTrue(took < 1000, "stop took " + took + " ms");
        StreamEvent.Finished end = (StreamEvent.Finished) events.stream()
                .filter(e -> e instanceof StreamEvent.Finished).findFirst().orElseThrow();
        SinkStats s = end.sinks().get(0);
        assertTrue(s.failed() > 0, s.toString());
        assertEquals(end.sent(), s.sent() + s.failed(), "every record is delivered or counted failed: " + s);
        assertTrue(s.lastError().contains("not delivered"), s.lastError());
        assertTrue(events.stream().anyMatch(e -> e instanceof StreamEvent.SinkFailed f
                && f.error().contains("not delivered")), "the failure is an event");
    }
}
