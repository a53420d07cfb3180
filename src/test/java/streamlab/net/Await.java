package streamlab.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timing and thread checks for tests of closing endpoints. Immutable (static helpers only). */
final class Await {

    private Await() {
    }

    /** Something a test times, such as a close that must not wait for a peer. */
    interface Action {
        void run() throws Exception;
    }

    /** Runs the action and fails, naming the measured time, unless it returned within {@code limitMs}. */
    static void assertReturnsWithin(long limitMs, String what, Action action) throws Exception {
        long t0 = System.nanoTime();
        action.run();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < limitMs, what + " took " + ms + " ms; it must return within " + limitMs + " ms");
    }

    /** Threads whose name starts with the prefix and that are still alive. */
    static long aliveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
