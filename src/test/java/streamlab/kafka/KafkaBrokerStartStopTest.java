package streamlab.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.TestBroker;

/** A broker start given up before the server exists leaves nothing running. */
class KafkaBrokerStartStopTest {

    @TempDir
    Path tmp;

    private static boolean anyAlive(String threadName) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(threadName));
    }

    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts and closes a broker; returns the threads alive afterwards that were not before. */
    private List<Thread> startAndClose(Path dir) throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int port = TestBroker.freePort();
        KafkaBroker b = KafkaBroker.start(new BrokerSettings(port, dir, false), step -> { });
        long started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t)).count();
        assertTrue(started > 10, "a running broker has its threads: " + started);
        long t0 = System.nanoTime();
        b.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("broker close: " + ms + " ms, " + started + " threads started");
        assertTrue(ms < 1500, "close took " + ms + " ms");
        assertTrue(canBind(port), "the port is free after close");
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                .toList();
    }

    @Test
    void closeStopsTheBrokersThreadsWithinASecondAndAHalf() throws Exception {
        // Kafka's Yammer metrics registry is static: its two daemon tick threads start with the first broker of the
        // process and stay for it, whatever is closed. Nothing else may stay, and a second broker adds nothing.
        for (Thread t : startAndClose(tmp.resolve("first"))) {
            assertTrue(t.isDaemon() && t.getName().startsWith("metrics-meter-tick-thread-"), t.getName());
        }
        assertEquals(List.of(), startAndClose(tmp.resolve("second")).stream().map(Thread::getName).toList(),
                "threads a second broker left behind");
    }

    @Test
    void aStartInterruptedAsTheServerIsMadeLeavesNoBrokerListening() throws Exception {
        int port = TestBroker.freePort();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try (KafkaBroker b = KafkaBroker.start(new BrokerSettings(port, tmp.resolve("kafka"), false), step -> {
                if (step.startsWith("Starting")) {
                    // As a window closing during the start would: the caller gives up at once.
                    Thread.currentThread().interrupt();
                }
            })) {
                outcome.set("started although interrupted");
            } catch (BrokerException e) {
                outcome.set(e);
            }
        }, "test-broker-caller");
        caller.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome.get() != null);
        BrokerException e = (BrokerException) outcome.get();
        assertEquals(BrokerException.Kind.FAILED, e.kind());
        assertEquals("interrupted while the broker was starting", e.getMessage());
        // The start thread ends either way; nothing may listen on the port after it.
        await().atMost(Duration.ofSeconds(60)).until(() -> !anyAlive("kafka-broker-start"));
        assertTrue(canBind(port), "a broker the caller gave up on is listening on " + port);
    }
}
