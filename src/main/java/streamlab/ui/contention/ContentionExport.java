package streamlab.ui.contention;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import streamlab.contention.ContentionRun;
import streamlab.contention.Durations;
import streamlab.contention.Resource;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;
import streamlab.report.ReportHeader;
import streamlab.report.RunReport;
import streamlab.ui.export.ExportBundle;

/** Builds the export of a contention run: report, run log and events CSV. Immutable inputs only. */
final class ContentionExport {

    private ContentionExport() {
    }

    /**
     * @param scenario the scenario of the run (or of the controls, when nothing has run)
     * @param summary  the finished run's summary, or null when no run has finished
     * @param run      the run whose events to write, or null
     * @param log      the run log lines, copied
     */
    static ExportBundle bundle(Scenario scenario, RunSummary summary, ContentionRun run, List<String> log,
                               ReportHeader header) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("run-log.txt", "the run log, one line per phase, as the course script logs");
        List<ExportBundle.RawFile> raw = new ArrayList<>();
        raw.add(new ExportBundle.RawFile("run-log.txt", files.get("run-log.txt"),
                f -> Files.write(f, log, StandardCharsets.UTF_8)));
        if (run != null) {
            files.put("events.csv", "one row per recorded phase of each task, then the lock and hold changes");
            raw.add(new ExportBundle.RawFile("events.csv", files.get("events.csv"), f -> {
                try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
                    ContentionViewModel.writeEvents(run, w);
                }
            }));
        }
        files.put("screenshot.png", "the Contention tab at the time of the export");
        RunReport report = new RunReport("Contention run", LocalDateTime.now(), header, parameters(scenario),
                results(summary), findings(summary), log, files);
        return new ExportBundle(report, raw);
    }

    static Map<String, String> parameters(Scenario s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Threads", String.valueOf(s.threads()));
        p.put("Tasks per thread", String.valueOf(s.tasks()));
        p.put("Hold", Durations.format(s.hold()));
        p.put("Lock", s.lockOn() ? "on (" + s.lockKind().label() + ")" : "off");
        p.put("Resource", s.resource() == Resource.SQLITE ? "SQLite file" : "shared counter");
        if (s.resource() == Resource.SQLITE) {
            p.put("Busy timeout", Durations.format(s.busyTimeout()));
        }
        return p;
    }

    private static RunReport.Table results(RunSummary s) {
        if (s == null) {
            return RunReport.Table.empty();
        }
        return new RunReport.Table(
                List.of("Expected", "Actual", "Lost", "Detected overwrites", "Errors", "Max lock wait", "Wall time",
                        "Throughput"),
                List.of(List.of(n(s.expected()), n(s.actual()), n(s.lost()), n(s.detectedOverwrites()),
                        n(s.errors()), Durations.formatNanos(s.maxLockWaitNanos()),
                        Durations.formatNanos(s.wallNanos()), ContentionViewModel.formatRate(s.throughputPerSec()))));
    }

    static List<String> findings(RunSummary s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            out.add("No run has finished yet: these are the settings for the next run.");
            return out;
        }
        Scenario sc = s.scenario();
        String unit = sc.resource() == Resource.SQLITE ? "rows" : "increments";
        String lock = sc.lockOn() ? "With the lock on (" + sc.lockKind().label() + ")" : "With the lock off";
        if (s.lost() == 0) {
            out.add(lock + ", all " + n(s.expected()) + " " + unit + " were kept: actual equals expected.");
        } else {
            out.add(lock + ", " + n(s.lost()) + " of " + n(s.expected()) + " " + unit + " were lost.");
        }
        if (s.lostToOverwrites() > 0) {
            out.add(n(s.lostToOverwrites()) + " of them were lost updates: a worker wrote over a value another "
                    + "worker had written after it read.");
        }
        if (s.errors() > 0) {
            out.add(n(s.errors()) + " tasks failed" + (s.firstError() == null ? "" : ", first with \""
                    + s.firstError() + "\"") + ".");
        }
        if (!s.killedWorkers().isEmpty()) {
            out.add("Worker " + s.killedWorkers() + " was killed: " + n(s.abandoned()) + " task(s) abandoned and "
                    + n(s.notRun()) + " never run.");
        }
        if (s.stopped()) {
            out.add("The run was stopped before it finished.");
        }
        if (s.deadlock() != null) {
            out.add("A deadlock was detected: " + s.deadlock() + ".");
        }
        out.add(String.format(Locale.ROOT, "The longest lock wait was %s; %s tasks finished in %s (%s).",
                Durations.formatNanos(s.maxLockWaitNanos()), n(s.completed()), Durations.formatNanos(s.wallNanos()),
                ContentionViewModel.formatRate(s.throughputPerSec())));
        if (!s.completionOrder().isEmpty()) {
            List<String> order = s.completionOrder();
            out.add("Completion order (worker:task): " + String.join(" ", order.subList(0, Math.min(20,
                    order.size()))) + (order.size() > 20 ? " …" : "") + ".");
        }
        return out;
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
