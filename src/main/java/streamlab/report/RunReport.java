package streamlab.report;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Immutable. What an exported run says: its parameters, a results table, one plain sentence per result, and the
 * run's log. {@link #toMarkdown} renders it as the {@code report.md} of an export folder.
 *
 * @param title      for example "Contention run"
 * @param when       when the run was exported
 * @param header     who wrote the report; may be empty
 * @param parameters parameter name to value, in display order
 * @param results    the results table
 * @param findings   one sentence per result, in plain words
 * @param log        the run's log lines (the report prints the first and last few)
 * @param files      file name to what it holds, for the other files in the export folder
 */
public record RunReport(String title, LocalDateTime when, ReportHeader header, Map<String, String> parameters,
                        Table results, List<String> findings, List<String> log, Map<String, String> files) {

    /** The file name of the screenshot an export writes beside its report; the report embeds it. */
    public static final String SCREENSHOT = "screenshot.png";

    /** Lines of the log printed from the start and from the end. */
    public static final int LOG_EXCERPT = 10;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    public RunReport {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        findings = List.copyOf(findings);
        log = List.copyOf(log);
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** Immutable. A table with a header row. */
    public record Table(List<String> columns, List<List<String>> rows) {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }

        public static Table empty() {
            return new Table(List.of(), List.of());
        }
    }

    /** This report with the screenshot listed among its files (so it is embedded), described as given if new. */
    public RunReport withScreenshot(String description) {
        if (files.containsKey(SCREENSHOT)) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(files);
        more.put(SCREENSHOT, description);
        return new RunReport(title, when, header, parameters, results, findings, log, more);
    }

    /** The report as Markdown; a {@value #SCREENSHOT} among the files is shown as an image under the title. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title).append("\n\n");
        if (!header.isEmpty()) {
            md.append("**").append(escape(header.oneLine())).append("**\n\n");
        }
        md.append("Exported ").append(WHEN.format(when)).append(" by StreamLab.\n\n");
        if (files.containsKey(SCREENSHOT)) {
            String alt = escape(title).replace("[", "(").replace("]", ")") + " at the time of the export";
            md.append("![").append(alt).append("](").append(SCREENSHOT).append(")\n\n");
        }

        md.append("## Parameters\n\n");
        List<List<String>> paramRows = new ArrayList<>();
        parameters.forEach((k, v) -> paramRows.add(List.of(k, v)));
        table(md, List.of("Parameter", "Value"), paramRows);

        if (!results.columns().isEmpty()) {
            md.append("## Results\n\n");
            table(md, results.columns(), results.rows());
        }

        if (!findings.isEmpty()) {
            md.append("## What happened\n\n");
            findings.forEach(f -> md.append("- ").append(f).append('\n'));
            md.append('\n');
        }

        md.append("## Log\n\n");
        if (log.isEmpty()) {
            md.append("The run wrote no log lines.\n\n");
        } else {
            List<String> excerpt = new ArrayList<>();
            if (log.size() <= 2 * LOG_EXCERPT) {
                md.append("All ").append(log.size()).append(" lines:\n\n");
                excerpt.addAll(log);
            } else {
                md.append("The first and last ").append(LOG_EXCERPT).append(" of ").append(log.size())
                        .append(" lines:\n\n");
                excerpt.addAll(log.subList(0, LOG_EXCERPT));
                excerpt.add("…");
                excerpt.addAll(log.subList(log.size() - LOG_EXCERPT, log.size()));
            }
            md.append("```\n");
            excerpt.forEach(l -> md.append(l.replace("```", "'''")).append('\n'));
            md.append("```\n\n");
        }

        if (!files.isEmpty()) {
            md.append("## Files\n\n");
            files.forEach((name, what) -> md.append("- `").append(name).append("`: ").append(what).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private static void table(StringBuilder md, List<String> columns, List<List<String>> rows) {
        md.append('|');
        columns.forEach(c -> md.append(' ').append(escape(c)).append(" |"));
        md.append("\n|");
        columns.forEach(c -> md.append("---|"));
        md.append('\n');
        for (List<String> row : rows) {
            md.append('|');
            row.forEach(cell -> md.append(' ').append(escape(cell)).append(" |"));
            md.append('\n');
        }
        md.append('\n');
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
