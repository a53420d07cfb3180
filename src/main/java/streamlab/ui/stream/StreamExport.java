package streamlab.ui.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import streamlab.report.ReportHeader;
import streamlab.report.RunReport;
import streamlab.stream.SinkStats;
import streamlab.ui.export.ExportBundle;

/** Builds the export of a stream run from the Stream tab's state. Confined to the FX Application Thread. */
final class StreamExport {

    private StreamExport() {
    }

    static ExportBundle bundle(StreamViewModel vm, ReportHeader header) {
        Map<String, String> params = parameters(vm);
        List<SinkStats> sinks = List.copyOf(vm.sinks);
        List<String> errors = List.copyOf(vm.errors);
        List<String> log = new ArrayList<>();
        vm.recent.forEach(r -> log.add(logLine(r)));
        long sent = vm.sent.get();
        String state = vm.state.get().name().toLowerCase(Locale.ROOT);

        List<String> findings = new ArrayList<>();
        if (sent == 0 && sinks.isEmpty()) {
            findings.add("No records have been sent yet: these are the settings for the next stream.");
        } else {
            findings.add(String.format(Locale.ROOT, "%,d records were sent from %s; the stream is %s.", sent,
                    params.getOrDefault("CSV file", "the file"), state));
            for (SinkStats s : sinks) {
                findings.add(String.format(Locale.ROOT, "%s: %,d sent, %,d failed%s.", s.name(), s.sent(),
                        s.failed(), s.dropped() > 0 ? String.format(Locale.ROOT, ", %,d dropped while disconnected",
                                s.dropped()) : ""));
            }
            String gaps = gapSummary(vm.recent);
            if (!gaps.isEmpty()) {
                findings.add(gaps + " (interval " + params.get("Interval") + ", speed × " + params.get("Speed")
                        + ").");
            }
            long badRows = errors.stream().filter(e -> e.startsWith("line ")).count();
            if (badRows > 0) {
                findings.add(badRows + " row(s) had the wrong number of fields and were reported"
                        + (params.get("Bad rows").startsWith("Report and send") ? " and sent." : " and skipped."));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (SinkStats s : sinks) {
            rows.add(List.of(s.name(), n(s.sent()), n(s.failed()), n(s.dropped()), s.state()));
        }
        RunReport.Table table = rows.isEmpty() ? RunReport.Table.empty()
                : new RunReport.Table(List.of("Output", "Sent", "Failed", "Dropped", "State"), rows);

        Map<String, String> files = new LinkedHashMap<>();
        List<ExportBundle.RawFile> raw = new ArrayList<>();
        Path out = vm.fileOn.get() && vm.outPath.get() != null ? Path.of(vm.outPath.get()) : null;
        if (out != null && Files.isRegularFile(out)) {
            String name = out.getFileName().toString();
            files.put(name, "a copy of the file output, one record per line");
            raw.add(new ExportBundle.RawFile(name, files.get(name),
                    f -> Files.copy(out, f, StandardCopyOption.REPLACE_EXISTING)));
        }
        List<String> settings = new ArrayList<>();
        params.forEach((k, v) -> settings.add(k + ": " + v));
        files.put("stream-settings.txt", "the stream's settings, one per line");
        raw.add(new ExportBundle.RawFile("stream-settings.txt", files.get("stream-settings.txt"),
                f -> Files.write(f, settings, StandardCharsets.UTF_8)));
        if (!errors.isEmpty()) {
            files.put("problems.txt", "bad rows with their line numbers, and output errors");
            raw.add(new ExportBundle.RawFile("problems.txt", files.get("problems.txt"),
                    f -> Files.write(f, errors, StandardCharsets.UTF_8)));
        }
        files.put("screenshot.png", "the Stream tab at the time of the export");
        RunReport report = new RunReport("Stream run", LocalDateTime.now(), header, params, table, findings, log,
                files);
        return new ExportBundle(report, raw);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    /**
     * A record as the report's log shows it: when it was sent, the gap since the record before ({@code +1.84 s}, or
     * {@code first}), its number, line and message.
     */
    static String logLine(StreamViewModel.RecentRow r) {
        String gap = r.gapMillis() < 0 ? "first  " : String.format(Locale.ROOT, "+%.2f s", r.gapMillis() / 1000.0);
        return TIME.format(Instant.ofEpochMilli(r.sentAtMillis())) + "  " + gap + "  Sent #" + r.seq() + " (line "
                + r.line() + "): " + r.message();
    }

    /** The shortest, mean and longest gap between the records listed, or empty with fewer than two. */
    static String gapSummary(List<StreamViewModel.RecentRow> rows) {
        LongSummaryStatistics gaps = rows.stream().mapToLong(StreamViewModel.RecentRow::gapMillis).filter(g -> g >= 0)
                .summaryStatistics();
        if (gaps.getCount() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "Gaps between the last %d records: shortest %.2f s, mean %.2f s, longest "
                + "%.2f s", gaps.getCount() + 1, gaps.getMin() / 1000.0, gaps.getAverage() / 1000.0,
                gaps.getMax() / 1000.0);
    }

    static Map<String, String> parameters(StreamViewModel vm) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CSV file", vm.file.get() == null ? "(none)" : vm.file.get().toString());
        p.put("Header row", vm.header.get() ? "yes" : "no");
        p.put("Delimiter", vm.delimiter.get());
        p.put("Charset", vm.charset.get());
        p.put("Interval", vm.interval.get());
        p.put("Speed", StreamViewModel.plain(vm.speed.get()));
        p.put("Order", vm.reverse.get() ? "reversed" : "file order");
        p.put("Loop", vm.loop.get() ? "yes" : "no");
        p.put("Limit", vm.limit.get());
        p.put("Format", switch (vm.formatKind.get()) {
            case TEMPLATE -> "template";
            case CSV -> "raw CSV line";
            case JSON -> "JSON";
        });
        if (vm.formatKind.get() == streamlab.stream.RecordFormat.Kind.TEMPLATE) {
            boolean typed = vm.template.get() != null && !vm.template.get().isBlank();
            p.put("Message template", typed ? vm.template.get()
                    : streamlab.stream.RecordFormat.defaultTemplate(vm.columns()) + " (the default: all columns)");
        }
        p.put("First message", vm.formatPreview.get().isEmpty() ? "(no file)" : vm.formatPreview.get());
        p.put("Bad rows", vm.badRows.get() == streamlab.stream.StreamConfig.BadRows.SEND ? "Report and send"
                : "Report and skip");
        List<String> outputs = new ArrayList<>();
        if (vm.fileOn.get()) {
            outputs.add("file " + vm.outPath.get() + (vm.append.get() ? " (append)" : ""));
        }
        if (vm.udpOn.get()) {
            outputs.add("UDP " + vm.udpTarget.get());
        }
        if (vm.tcpOn.get()) {
            outputs.add("TCP " + vm.tcpTarget.get());
        }
        if (vm.kafkaOn.get()) {
            outputs.add("Kafka " + vm.kafkaBootstrap.get() + " topic " + vm.kafkaTopic.get() + " ("
                    + (vm.kafkaKey.get().isEmpty() ? "no key, round-robin" : "key " + vm.kafkaKey.get()) + ", "
                    + vm.kafkaPartitions.get() + (Integer.valueOf(1).equals(vm.kafkaPartitions.get()) ? " partition"
                    : " partitions") + " if created)");
        }
        if (vm.logOn.get()) {
            outputs.add("log");
        }
        p.put("Outputs", outputs.isEmpty() ? "(none)" : String.join(", ", outputs));
        return p;
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
