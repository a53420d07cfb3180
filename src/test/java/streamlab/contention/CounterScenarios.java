package streamlab.contention;

import java.nio.file.Path;
import java.time.Duration;

/** Scenarios of threads on the shared counter, for the engine's tests. Stateless. */
public final class CounterScenarios {

    private CounterScenarios() {
    }

    /** Threads on the counter, with the SQLite file (unused by the counter) in {@code dir}. */
    public static Scenario counter(Path dir, int threads, int tasks, Duration hold, boolean lockOn) {
        return Scenario.defaults().withDbPath(dir.resolve("shared.db")).withThreads(threads).withTasks(tasks)
                .withHold(hold).withLockOn(lockOn);
    }
}
