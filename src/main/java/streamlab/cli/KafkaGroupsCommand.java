package streamlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaUnavailableException;
import streamlab.text.Printable;

/** {@code streamlab kafka groups}: each consumer group's committed offsets, end offsets and lag. */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = {"List the consumer groups: for each partition a group committed, the committed offset, the "
            + "partition's end offset and the lag (end minus committed: messages the group has not yet processed).",
            "Partitions of topics deleted since are left out."})
public final class KafkaGroupsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaCli.Bootstrap bootstrap;

    @Option(names = "--json", description = "Print the groups as one line of JSON.")
    boolean json;

    /** One partition of one group. */
    record Row(String group, String topic, int partition, long committed, long end) {
        long lag() {
            return Math.max(0, end - committed);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaAdmin admin = bootstrap.connect()) {
            List<String> groups = admin.groups();
            Set<String> topics = new HashSet<>(admin.topics(true));
            Map<String, List<Row>> byGroup = new LinkedHashMap<>();
            for (String g : groups) {
                Map<TopicPartition, Long> committed = admin.committed(g);
                committed.keySet().removeIf(tp -> !topics.contains(tp.topic()));
                Map<TopicPartition, Long> end = committed.isEmpty() ? Map.of() : admin.endOffsets(committed.keySet());
                List<Row> rows = new ArrayList<>();
                committed.forEach((tp, o) -> rows.add(new Row(g, tp.topic(), tp.partition(), o,
                        end.getOrDefault(tp, o))));
                rows.sort(Comparator.comparing(Row::topic).thenComparingInt(Row::partition));
                byGroup.put(g, rows);
            }
            if (json) {
                out.println(KafkaCli.json(toJson(admin.bootstrap(), byGroup)));
            } else {
                print(admin.bootstrap(), byGroup, out);
            }
            out.flush();
            return CliErrors.OK;
        } catch (KafkaUnavailableException e) {
            throw KafkaCli.userError(e);
        }
    }

    private static void print(String bootstrap, Map<String, List<Row>> byGroup, PrintWriter out) {
        if (byGroup.isEmpty()) {
            out.println("No consumer groups on " + bootstrap + " yet.");
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG"});
        byGroup.forEach((g, rows) -> {
            if (rows.isEmpty()) {
                cells.add(new String[] {Printable.escape(g), "-", "-", "-", "-", "-"});
            }
            for (Row r : rows) {
                cells.add(new String[] {Printable.escape(g), Printable.escape(r.topic()),
                    String.valueOf(r.partition()), String.valueOf(r.committed()), String.valueOf(r.end()),
                    String.valueOf(r.lag())});
            }
        });
        int[] width = new int[6];
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                width[i] = Math.max(width[i], c[i].length());
            }
        }
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                // Names to the left, numbers to the right.
                String f = i < 2 ? "%-" + width[i] + "s" : "%" + width[i] + "s";
                line.append(String.format(f, c[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static Map<String, Object> toJson(String bootstrap, Map<String, List<Row>> byGroup) {
        List<Object> groups = new ArrayList<>();
        byGroup.forEach((g, rows) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g);
            List<Object> parts = new ArrayList<>();
            long lag = 0;
            for (Row r : rows) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("topic", r.topic());
                p.put("partition", r.partition());
                p.put("committed", r.committed());
                p.put("end", r.end());
                p.put("lag", r.lag());
                parts.add(p);
                lag += r.lag();
            }
            m.put("partitions", parts);
            m.put("lag", lag);
            groups.add(m);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("bootstrap", bootstrap);
        root.put("groups", groups);
        return root;
    }
}
