package streamlab.net;

/** Thread counts for tests that check a closed endpoint left no thread behind. Immutable (static helpers only). */
final class Await {

    private Await() {
    }

    /** Threads whose name starts with the prefix and that are still alive. */
    static long aliveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }
}
