package streamlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamlab.StreamLabInfo;
import streamlab.contention.ContentionRun;
import streamlab.contention.Durations;
import streamlab.contention.LaneState;
import streamlab.contention.LockKind;
import streamlab.contention.LogEvent;
import streamlab.contention.Phase;
import streamlab.contention.Resource;
import streamlab.contention.RunLog;
import streamlab.contention.RunOptions;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;
import streamlab.contention.WorkerKind;
import streamlab.contention.process.ProcessReport;
import streamlab.text.DurationText;

/** {@code streamlab contention}: Run threads against a shared counter or SQLite database. */
@Command(name = "contention", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run threads against a shared counter or SQLite database.",
            "Prints one log line per task phase, then a summary. Lost updates and 'database is locked' errors are "
                + "results: the exit code is 0 whenever the run completes, 2 for an invalid option."},
        footer = {"", "Examples:",
            "  streamlab contention --threads 4 --tasks 5 --hold 50ms --lock off",
            "  streamlab contention --resource sqlite --threads 3 --tasks 1 --hold 1s --lock off --busy-timeout 100ms",
            "  streamlab contention --lock-kind fair --threads 8 --tasks 1000 --json",
            "  streamlab contention --deadlock"})
public final class ContentionCommand implements Callable<Integer> {

    private static final long POLL_MS = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", description = "Workers, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int threads = 3;

    @Option(names = "--tasks", paramLabel = "N",
            description = "Tasks per worker, 1 to 1000000 (default: ${DEFAULT-VALUE}).")
    int tasks = 2;

    @Option(names = "--hold", paramLabel = "TIME",
            description = "Time between read and write (or INSERT and COMMIT), 0 to 5s, as a number with a unit: "
                    + "250ms, 1.5s (default: ${DEFAULT-VALUE}).")
    String hold = "0";

    @Option(names = "--lock", paramLabel = "on|off", arity = "1", converter = Converters.OnOff.class,
            description = "Take the lock around each task (default: on).")
    boolean lockOn = true;

    @Option(names = "--lock-kind", paramLabel = "KIND",
            description = "reentrant, fair, synchronized or atomic (default: reentrant).")
    LockKind lockKind = LockKind.REENTRANT;

    @Option(names = "--resource", paramLabel = "counter|sqlite",
            description = "The shared counter or the SQLite file (default: counter).")
    Resource resource = Resource.COUNTER;

    @Option(names = "--busy-timeout", paramLabel = "TIME",
            description = "How long SQLite waits for its write lock before 'database is locked', 0 to 60s, as a "
                    + "number with a unit: 100ms, 5s (default: 5s).")
    String busyTimeout = "5s";

    @Option(names = "--db", paramLabel = "FILE",
            description = "The SQLite file, recreated for each run (default: out/shared.db).")
    Path db;

    @Option(names = "--kill", paramLabel = "WORKER",
            description = "Kill this worker (1-based) during its first hold (or its first task when the hold is 0): "
                    + "what is lost when a worker dies?")
    Integer kill;

    @Option(names = "--deadlock",
            description = "Two workers take locks A and B in opposite order; report the deadlock, then stop.")
    boolean deadlock;

    @Option(names = "--json", description = "Print one JSON object with the results instead of the log.")
    boolean json;

    @Option(names = "--workers", paramLabel = "thread|process",
            description = "Threads in this JVM, or OS processes (child JVMs) sharing a real file with an OS file "
                    + "lock; a kill is then SIGKILL (default: thread).")
    WorkerKind workers = WorkerKind.THREAD;

    @Option(names = "--kill-all",
            description = "Kill every worker at once once all have started a task: the machine dies. What survives?")
    boolean killAll;

    @Override
    public Integer call() throws InterruptedException {
        Scenario scenario = scenario();
        PrintWriter out = spec.commandLine().getOut();
        ContentionRun run;
        try {
            run = ContentionRun.start(scenario, RunOptions.defaults());
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(e.getMessage(), e);
        }
        boolean killed = false;
        boolean allKilled = false;
        while (!run.completion().isDone()) {
            printLog(run, out);
            if (kill != null && !killed && midTask(run, kill)) {
                killed = run.kill(kill);
            }
            if (killAll && !allKilled && allInTasks(run)) {
                allKilled = run.killAll() > 0;
            }
            if (deadlock && run.deadlock() != null) {
                run.stop(Duration.ofSeconds(1));
            }
            run.completion().handle((s, e) -> null).completeOnTimeout(null, POLL_MS,
                    java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
        RunSummary summary = run.awaitSummary(Duration.ofSeconds(5));
        printLog(run, out);
        if (json) {
            out.println(toJson(summary, run.processReport().orElse(null)));
        } else {
            printSummary(summary, out);
            run.processReport().ifPresent(r -> printProcesses(r, out));
        }
        out.flush();
        return CliErrors.OK;
    }

    /** In a hold, or with no hold to wait for, anywhere in a task. */
    private static boolean midTask(ContentionRun run, int worker) {
        var lane = run.lanes().get(worker - 1);
        var live = lane.liveSnapshot();
        Phase phase = live.phase();
        return phase == Phase.HOLDING || run.holdNanos() == 0 && live.task() > 0 && phase != Phase.IDLE;
    }

    /** Every worker has started a task, or ended. */
    private static boolean allInTasks(ContentionRun run) {
        return run.lanes().stream().allMatch(l -> l.liveTask() > 0 || l.state() != LaneState.RUNNING
                && l.state() != LaneState.WAITING_TO_START);
    }

    private static void printProcesses(ProcessReport r, PrintWriter out) {
        for (ProcessReport.Lane l : r.lanes()) {
            row(out, "worker-" + l.worker(), (l.pid() > 0 ? "pid " + l.pid() : "no process")
                    + (l.startupNanos() >= 0 ? String.format(Locale.ROOT, ", started in %.1f ms",
                    l.startupNanos() / 1e6) : "") + ", " + l.exitStatus());
        }
        if (r.integrityCheck() != null) {
            row(out, "integrity", r.integrityCheck() + " (PRAGMA integrity_check), " + r.survivingRows()
                    + " committed rows survived");
        }
        if (r.counterValue() >= 0) {
            row(out, "file", "the counter file holds " + r.counterValue());
        }
    }

    private Scenario scenario() {
        try {
            if (kill != null && (kill < 1 || kill > threads)) {
                throw new IllegalArgumentException("--kill must name a worker from 1 to " + threads + ", not " + kill
                        + ".");
            }
            Duration holdTime = duration("--hold", hold, Scenario.MAX_HOLD, "the hold", "250ms or 1.5s");
            Duration busy = duration("--busy-timeout", busyTimeout, Scenario.MAX_BUSY_TIMEOUT, "the busy timeout",
                    "100ms or 5s");
            Scenario s = new Scenario(threads, tasks, holdTime, lockOn, lockKind,
                    resource, busy, db != null ? db : StreamLabInfo.outDir().resolve("shared.db"),
                    false);
            if (deadlock && workers == WorkerKind.PROCESS) {
                throw new IllegalArgumentException("--deadlock runs threads only: leave out --workers process.");
            }
            return deadlock ? Scenario.deadlockDemo().withDbPath(s.dbPath()) : s.withWorkers(workers);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.OptionError(e.getMessage(), e);
        }
    }

    /**
     * Reads a duration option and checks it against its limit, so that "1h" reads as too long rather than as not a
     * duration; the message for a wrong form restates the option's range and the unit rule.
     */
    private static Duration duration(String option, String text, Duration max, String what, String examples) {
        String rule = what + " is 0 to " + Durations.format(max).replace(" ", "")
                + ", written as a number with a unit like " + examples + ".";
        try {
            return Durations.parse(text, max, null);
        } catch (DurationText.Refused e) {
            String why = switch (e.reason()) {
                case NO_UNIT -> e.getMessage();
                case TOO_LONG -> text + " is too long: " + rule;
                default -> "'" + text + "' is not a duration: " + rule;
            };
            throw new CliErrors.OptionError(option + " " + why, e);
        }
    }

    private void printLog(ContentionRun run, PrintWriter out) {
        // The run log hands out lines in the order of events, ending with the summary (and, before it, how many
        // phase lines the log's limit left out).
        List<LogEvent> batch = new ArrayList<>();
        run.log().drain(batch::add, Integer.MAX_VALUE);
        if (!json) {
            batch.forEach(e -> out.println(RunLog.format(run.startedAt(), e)));
            out.flush();
        }
    }

    private static void printSummary(RunSummary s, PrintWriter out) {
        out.println();
        out.println("Summary: " + s.scenario().describe());
        row(out, "expected", s.expected() + (s.rows() >= 0 ? " rows" : " increments"));
        row(out, "actual", s.actual() + (s.rows() >= 0 ? " rows present" : " (counter value)"));
        row(out, "lost", s.lost() + (s.lost() > 0 ? "  = " + s.lostToOverwrites() + " overwritten + " + s.errors()
                + " failed + " + s.abandoned() + " abandoned + " + s.notRun() + " not run" : ""));
        row(out, "overwrites", s.detectedOverwrites() + " detected lost updates");
        row(out, "errors", s.errors() + (s.firstError() != null ? " (" + s.firstError() + ")" : ""));
        row(out, "max wait", String.format(Locale.ROOT, "%.3f ms for the lock", s.maxLockWaitMs()));
        if (s.rows() >= 0) {
            row(out, "db wait", String.format(Locale.ROOT, "%.3f ms for the database", s.maxDbWaitNanos() / 1e6));
        }
        row(out, "wall", String.format(Locale.ROOT, "%.3f ms", s.wallMs()));
        row(out, "throughput", String.format(Locale.ROOT, "%.1f tasks/s", s.throughputPerSec()));
        if (!s.killedWorkers().isEmpty()) {
            row(out, "killed", "worker " + s.killedWorkers());
        }
        if (s.deadlock() != null) {
            row(out, "deadlock", s.deadlock());
        }
        if (s.stopped()) {
            row(out, "stopped", "yes");
        }
        int shown = Math.min(50, s.completionOrder().size());
        String order = String.join(" ", s.completionOrder().subList(0, shown))
                + (shown < s.completionOrder().size() ? " …" : "");
        row(out, "order", order.isEmpty() ? "(not recorded)" : order);
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf(Locale.ROOT, "  %-11s %s%n", name, value);
    }

    static String toJson(RunSummary s) {
        return toJson(s, null);
    }

    /** The summary as JSON; for process workers with their PIDs, exit statuses and what survived. */
    static String toJson(RunSummary s, ProcessReport processes) {
        Map<String, Object> m = new LinkedHashMap<>();
        Scenario sc = s.scenario();
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("threads", sc.threads());
        scenario.put("tasks", sc.tasks());
        scenario.put("holdMs", sc.hold().toNanos() / 1e6);
        scenario.put("lock", sc.lockOn() ? "on" : "off");
        scenario.put("lockKind", sc.lockKind().name().toLowerCase(Locale.ROOT));
        scenario.put("resource", sc.resource().name().toLowerCase(Locale.ROOT));
        scenario.put("busyTimeoutMs", sc.busyTimeout().toMillis());
        scenario.put("deadlock", sc.deadlock());
        m.put("scenario", scenario);
        m.put("expected", s.expected());
        m.put("actual", s.actual());
        m.put("lost", s.lost());
        m.put("detectedOverwrites", s.detectedOverwrites());
        m.put("errors", s.errors());
        m.put("rows", s.rows() >= 0 ? s.rows() : null);
        m.put("abandoned", s.abandoned());
        m.put("notRun", s.notRun());
        m.put("completed", s.completed());
        m.put("maxLockWaitMs", s.maxLockWaitMs());
        m.put("maxDbWaitMs", s.maxDbWaitNanos() / 1e6);
        m.put("wallMs", s.wallMs());
        m.put("throughputPerSec", s.throughputPerSec());
        m.put("completionOrder", s.completionOrder());
        m.put("completionOrderComplete", s.completionOrderComplete());
        m.put("stopped", s.stopped());
        m.put("killedWorkers", s.killedWorkers());
        m.put("deadlock", s.deadlock());
        m.put("firstError", s.firstError());
        m.put("coalesced", s.coalesced());
        m.put("workers", sc.workers().name().toLowerCase(Locale.ROOT));
        if (processes != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ProcessReport.Lane l : processes.lanes()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("worker", l.worker());
                p.put("pid", l.pid() > 0 ? l.pid() : null);
                p.put("startupMs", l.startupNanos() >= 0 ? l.startupNanos() / 1e6 : null);
                p.put("exitStatus", l.exitStatus());
                p.put("killed", l.killed());
                p.put("killedFromOutside", l.killedFromOutside());
                list.add(p);
            }
            m.put("processes", list);
            m.put("integrityCheck", processes.integrityCheck());
            m.put("survivingRows", processes.survivingRows() >= 0 ? processes.survivingRows() : null);
            m.put("counterFile", processes.counterValue() >= 0 ? processes.counterValue() : null);
        }
        try {
            return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
