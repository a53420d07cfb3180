package streamlab.net;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a timeout, for tests. */
final class Await {

    private Await() {
    }

    /** Polls every millisecond until the condition holds; returns whether it did before the timeout. */
    static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return condition.getAsBoolean();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Threads whose name starts with the prefix and that are still alive. */
    static long aliveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
