package streamlab.ui.kafka;

import com.opencsv.CSVWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.MessageMark;
import streamlab.report.ReportHeader;
import streamlab.report.RunReport;
import streamlab.ui.export.ExportBundle;
import streamlab.ui.kafka.KafkaRows.TopicRow;

/** Builds the export of the Kafka tab: topics, groups and their lag, and the messages in the tail. Stateless. */
final class KafkaExport {

    static final String MESSAGES_CSV = "messages.csv";

    /** The built-in consumers' figures at the export. Immutable. */
    record Figures(String group, String topic, String mode, int consumers, int processingMs, long processed,
                   long duplicates, long lost) {
    }

    private KafkaExport() {
    }

    /**
     * @param topics   the topics list as shown
     * @param groups   the groups as last read
     * @param messages the rows the tail shows, oldest first
     * @param figures  the built-in consumers' figures, or null when they never ran
     */
    static ExportBundle bundle(Map<String, String> parameters, List<TopicRow> topics, List<GroupState> groups,
                               List<MessageMark> messages, String topic, Figures figures, List<String> log,
                               ReportHeader header) {
        List<List<String>> rows = new ArrayList<>();
        for (TopicRow t : topics) {
            rows.add(List.of(t.name(), n(t.partitions()), n(t.endOffsets())));
        }
        RunReport.Table table = new RunReport.Table(List.of("Topic", "Partitions", "Messages (end offsets)"), rows);

        List<String> findings = new ArrayList<>();
        for (TopicRow t : topics) {
            findings.add(String.format(Locale.ROOT, "Topic %s: %s partition%s, end offsets summing to %s.", t.name(),
                    n(t.partitions()), t.partitions() == 1 ? "" : "s", n(t.endOffsets())));
        }
        for (GroupState g : groups) {
            String perPartition = g.partitions().stream()
                    .map(p -> p.topic() + "-" + p.partition() + " " + n(p.lag()))
                    .collect(Collectors.joining(", "));
            findings.add(String.format(Locale.ROOT, "Group %s (%s, %d member%s): total lag %s%s.", g.groupId(),
                    g.state(), g.members().size(), g.members().size() == 1 ? "" : "s", n(g.totalLag()),
                    perPartition.isEmpty() ? "" : " (" + perPartition + ")"));
        }
        if (topics.isEmpty() && groups.isEmpty()) {
            findings.add("No topics and no consumer groups were read: the tab was not connected to a cluster.");
        }
        Map<String, String> params = new LinkedHashMap<>(parameters);
        if (figures != null) {
            params.put("Built-in consumers", figures.consumers() + " in group " + figures.group() + " on "
                    + figures.topic());
            params.put("Commit mode", figures.mode());
            params.put("Processing per message", figures.processingMs() + " ms");
            findings.add(String.format(Locale.ROOT, "The built-in consumers processed %s messages: %s duplicates, "
                    + "%s lost (commit mode: %s).", n(figures.processed()), n(figures.duplicates()),
                    n(figures.lost()), figures.mode()));
        }
        findings.add(String.format(Locale.ROOT, "The tail held %s message%s%s, written to %s.", n(messages.size()),
                messages.size() == 1 ? "" : "s", topic == null ? "" : " of " + topic, MESSAGES_CSV));

        Map<String, String> files = new LinkedHashMap<>();
        files.put(MESSAGES_CSV, "the messages the tail showed: time, topic, partition, offset, key, value");
        List<MessageMark> copy = List.copyOf(messages);
        List<ExportBundle.RawFile> raw = List.of(new ExportBundle.RawFile(MESSAGES_CSV, files.get(MESSAGES_CSV),
                f -> {
                    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
                         CSVWriter csv = new CSVWriter(w)) {
                        csv.writeNext(new String[] {"time", "topic", "partition", "offset", "key", "value"}, false);
                        for (MessageMark m : copy) {
                            csv.writeNext(new String[] {Instant.ofEpochMilli(m.timeMs()).toString(), m.topic(),
                                Integer.toString(m.partition()), Long.toString(m.offset()),
                                m.key() == null ? "" : m.key(), m.value() == null ? "" : m.value()}, false);
                        }
                    }
                }));
        RunReport report = new RunReport("Kafka session", LocalDateTime.now(), header, params, table, findings, log,
                files);
        return new ExportBundle(report, raw);
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
