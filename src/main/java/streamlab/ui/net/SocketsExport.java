package streamlab.ui.net;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import streamlab.net.ExperimentResult;
import streamlab.net.ProtocolResult;
import streamlab.net.TrafficEntry;
import streamlab.net.TrafficLog;
import streamlab.report.ReportHeader;
import streamlab.report.RunReport;
import streamlab.ui.export.ExportBundle;

/** Builds the export of the Sockets tab: traffic log and experiment results. Immutable inputs only. */
final class SocketsExport {

    private SocketsExport() {
    }

    static ExportBundle bundle(Map<String, String> parameters, ExperimentResult result, List<TrafficEntry> traffic,
                               long totalTraffic, TrafficLog log, ReportHeader header) {
        List<String> lines = new ArrayList<>();
        for (TrafficEntry e : traffic) {
            lines.add(Instant.ofEpochMilli(e.timeMs()) + " " + e.direction().label() + " " + e.protocol() + " "
                    + e.from() + " -> " + e.to() + " " + e.size() + " B " + e.text());
        }
        List<String> findings = new ArrayList<>();
        findings.add(String.format(Locale.ROOT, "The traffic log holds %,d entries (%,d kept in the table).",
                totalTraffic, traffic.size()));
        Map<String, String> params = new LinkedHashMap<>(parameters);
        RunReport.Table table = RunReport.Table.empty();
        Map<String, String> files = new LinkedHashMap<>();
        List<ExportBundle.RawFile> raw = new ArrayList<>();
        files.put("traffic-log.tsv", "the traffic log: time, direction, protocol, from, to, size, text, hex");
        raw.add(new ExportBundle.RawFile("traffic-log.tsv", files.get("traffic-log.tsv"), log::writeTo));
        if (result == null) {
            findings.add("The UDP-versus-TCP experiment has not been run yet.");
        } else {
            ProtocolResult u = result.udp();
            ProtocolResult t = result.tcp();
            params.put("Experiment messages", n(result.config().count()));
            params.put("Rate per second", result.config().ratePerSecond() == 0 ? "as fast as possible"
                    : n(result.config().ratePerSecond()));
            params.put("Simulated drop / reorder",
                    result.config().dropPercent() + " % / " + result.config().reorderPercent() + " %");
            params.put("Seed of the simulated link", Long.toString(result.config().seed()));
            String sim = result.simulated() ? String.format(Locale.ROOT, " over a SIMULATED lossy link (drop %s %%, "
                    + "reorder %s %%)", result.config().dropPercent(), result.config().reorderPercent()) : "";
            findings.add(String.format(Locale.ROOT, "UDP delivered %,d of %,d messages%s: %,d lost, %,d duplicated, "
                    + "%,d out of order.", u.delivered(), u.sent(), sim, u.lost(), u.duplicated(), u.outOfOrder()));
            findings.add(String.format(Locale.ROOT, "TCP delivered %,d of %,d messages: %,d lost, %,d out of order.",
                    t.delivered(), t.sent(), t.lost(), t.outOfOrder()));
            List<List<String>> rows = new ArrayList<>();
            rows.add(row("sent", u, t, ProtocolResult::sent));
            rows.add(row("delivered", u, t, ProtocolResult::delivered));
            rows.add(row("lost", u, t, ProtocolResult::lost));
            rows.add(row("duplicated", u, t, ProtocolResult::duplicated));
            rows.add(row("out of order", u, t, ProtocolResult::outOfOrder));
            rows.add(row("time (ms)", u, t, ProtocolResult::ms));
            rows.add(row("messages/s", u, t, p -> Math.round(p.perSecond())));
            table = new RunReport.Table(List.of("Metric", "UDP", "TCP"), rows);
            List<String> csv = new ArrayList<>();
            csv.add("metric,udp,tcp");
            rows.forEach(r -> csv.add(String.join(",", r.get(0), r.get(1).replace(",", ""),
                    r.get(2).replace(",", ""))));
            files.put("experiment.csv", "the UDP-versus-TCP results, one metric per row");
            raw.add(new ExportBundle.RawFile("experiment.csv", files.get("experiment.csv"),
                    f -> Files.write(f, csv, StandardCharsets.UTF_8)));
        }
        files.put("screenshot.png", "the Sockets tab at the time of the export");
        RunReport report = new RunReport("Sockets session", LocalDateTime.now(), header, params, table, findings,
                lines, files);
        return new ExportBundle(report, raw);
    }

    private static List<String> row(String name, ProtocolResult u, ProtocolResult t,
                                    ToLongFunction<ProtocolResult> metric) {
        return List.of(name, n(metric.applyAsLong(u)), n(metric.applyAsLong(t)));
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
