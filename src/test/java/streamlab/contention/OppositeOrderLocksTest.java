package streamlab.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The deadlock demo's locks, driven by one worker on the test thread. */
class OppositeOrderLocksTest {

    /** Records the steps a worker was taken through. */
    private static final class Steps implements OppositeOrderLocks.Steps {
        final List<String> seen = new ArrayList<>();

        @Override
        public void waitingFor(String lock) {
            seen.add("waiting for " + lock);
        }

        @Override
        public void took(String lock) {
            seen.add("took " + lock);
        }

        @Override
        public void hold() {
            seen.add("hold");
        }

        @Override
        public void waitingForSecond(String lock) {
            seen.add("waiting for second " + lock);
        }

        @Override
        public Outcome write() {
            seen.add("write");
            return Outcome.DONE;
        }

        @Override
        public void released() {
            seen.add("released");
        }
    }

    @Test
    void aWorkerWhosePartnerNeverTakesItsFirstLockFailsInsteadOfTakingTheSecond() {
        OppositeOrderLocks locks = new OppositeOrderLocks(Duration.ofMillis(50));
        Steps steps = new Steps();

        TaskFailure e = assertThrows(TaskFailure.class, () -> locks.run(1, steps),
                "the rendezvous timed out: the demo would not deadlock, so the task must not go on");

        assertTrue(e.getMessage().startsWith("worker-2 did not take lock B within 50 ms"), e.getMessage());
        assertEquals(List.of("waiting for lock A", "took lock A", "released"), steps.seen);
        assertTrue(locks.bothFree(), "lock A is released");
    }

    /** Runs worker {@code n}'s task on a thread of its own, recording an interrupt or a failure as a step. */
    private static Thread startWorker(OppositeOrderLocks locks, int n, Steps steps, String name) {
        Thread worker = new Thread(() -> {
            try {
                locks.run(n, steps);
            } catch (InterruptedException e) {
                steps.seen.add("interrupted");
            } catch (TaskFailure e) {
                steps.seen.add("failed: " + e.getMessage());
            }
        }, name);
        worker.start();
        return worker;
    }

    @Test
    void bothWorkersHoldTheirFirstLockBeforeEitherAsksForItsSecond() throws Exception {
        OppositeOrderLocks locks = new OppositeOrderLocks(Duration.ofSeconds(5));
        Steps second = new Steps();
        Thread worker2 = startWorker(locks, 2, second, "worker-2-test");
        Steps first = new Steps();
        Thread worker1 = startWorker(locks, 1, first, "worker-1-test");

        await("both wait for their second lock").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> locks.waitingForSecond() == 2);
        worker1.interrupt();
        worker2.interrupt();
        worker1.join(5_000);
        worker2.join(5_000);
        assertTrue(first.seen.contains("waiting for second lock B"), first.seen.toString());
        assertTrue(second.seen.contains("waiting for second lock A"), second.seen.toString());
        assertTrue(locks.bothFree());
    }
}
