package streamlab.contention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import streamlab.io.AtomicFiles;

/**
 * Thread-safe (each call runs on the caller's thread and shares nothing): the course's two runs, one after the
 * other: quick tasks (3 workers, 2 tasks, no hold) and long tasks (3 workers, 2 tasks, a 3 s hold, no lock). Their
 * logs become {@code out0.txt} and {@code out3.txt}, as the course asks.
 */
public final class CourseRuns {

    /** The course's hold for the long run. */
    public static final Duration COURSE_HOLD = Duration.ofSeconds(3);

    /** Immutable. One finished run and its log in the course script's shape. */
    public record Outcome(RunSummary summary, List<String> log) {
        public Outcome {
            log = List.copyOf(log);
        }
    }

    private CourseRuns() {
    }

    public static Scenario quick(Path db) {
        return Scenario.defaults().withThreads(3).withTasks(2).withHold(Duration.ZERO).withLockOn(true).withDbPath(db);
    }

    public static Scenario slow(Path db, Duration hold) {
        return Scenario.defaults().withThreads(3).withTasks(2).withHold(hold).withLockOn(false).withDbPath(db);
    }

    /** Runs one scenario to its end and returns its summary and log lines in the order of events. */
    public static Outcome run(Scenario scenario) throws InterruptedException {
        return run(scenario, r -> { });
    }

    /**
     * As {@link #run(Scenario)}, handing the run to {@code started} as soon as its workers run, on the caller's
     * thread, so that a window can draw its lanes while it lasts. The log stays this method's to drain.
     */
    public static Outcome run(Scenario scenario, Consumer<ContentionRun> started) throws InterruptedException {
        ContentionRun run = ContentionRun.start(scenario, RunOptions.defaults());
        try {
            started.accept(run);
            RunSummary summary = run.awaitSummary(Duration.ofMinutes(10));
            List<LogEvent> events = new ArrayList<>();
            // The run has ended: the log hands out every line, in the order of events.
            run.log().drain(events::add, Integer.MAX_VALUE);
            List<String> lines = new ArrayList<>();
            events.forEach(e -> lines.add(RunLog.format(run.startedAt(), e)));
            lines.add("Summary: " + summary.describe());
            return new Outcome(summary, lines);
        } finally {
            if (run.isRunning()) {
                run.stop(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Writes {@code out0.txt}, {@code out3.txt} and a short {@code README.txt} comparing the two runs into a folder,
     * each file through a temporary file moved into place.
     */
    public static void write(Path folder, Outcome quick, Outcome slow) throws IOException {
        Files.createDirectories(folder);
        AtomicFiles.writeLines(folder.resolve("out0.txt"), quick.log());
        AtomicFiles.writeLines(folder.resolve("out3.txt"), slow.log());
        AtomicFiles.writeLines(folder.resolve("README.txt"), compare(quick.summary(), slow.summary()));
    }

    /** Plain sentences comparing the quick and the long run. */
    public static List<String> compare(RunSummary quick, RunSummary slow) {
        List<String> out = new ArrayList<>();
        out.add("out0.txt: quick tasks (" + quick.scenario().describe() + ").");
        out.add("out3.txt: long tasks (" + slow.scenario().describe() + ").");
        out.add(String.format(Locale.ROOT, "Quick tasks: %d of %d increments kept, %d lost; completion order %s.",
                quick.actual(), quick.expected(), quick.lost(), String.join(" ", quick.completionOrder())));
        out.add(String.format(Locale.ROOT, "Long tasks without a lock: %d of %d increments kept, %d lost; "
                        + "completion order %s.", slow.actual(), slow.expected(), slow.lost(),
                String.join(" ", slow.completionOrder())));
        out.add(quick.completionOrder().equals(slow.completionOrder())
                ? "The two runs finished their tasks in the same order."
                : "The two runs finished their tasks in a different order.");
        return out;
    }
}
