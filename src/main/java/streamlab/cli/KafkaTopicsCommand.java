package streamlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.kafka.KafkaUnavailableException;
import streamlab.text.Printable;

/** {@code streamlab kafka topics}: list, create, delete or recreate topics. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"List the topics with their partitions and end offsets; or create, delete or recreate one "
            + "first.",
            "Standard output always shows the topics as they are afterwards (a table, or JSON with --json); what "
            + "changed is one line on standard error.",
            "--recreate deletes the topic if it exists and creates it empty: the course's \"clear the topic\"."})
public final class KafkaTopicsCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    KafkaCli.Bootstrap bootstrap;

    @Option(names = "--create", paramLabel = "NAME", description = "Create topic NAME with --partitions partitions.")
    String create;

    @Option(names = "--delete", paramLabel = "NAME", description = "Delete topic NAME with its messages.")
    String delete;

    @Option(names = "--recreate", paramLabel = "NAME",
            description = "Delete topic NAME if it exists and create it again, empty, with --partitions partitions.")
    String recreate;

    @Option(names = "--partitions", paramLabel = "N",
            description = "With --create or --recreate: how many partitions (default: 1).")
    Integer partitions;

    @Option(names = "--json", description = "Print the topics as one line of JSON.")
    boolean json;

    @Override
    public Integer call() {
        int actions = (create != null ? 1 : 0) + (delete != null ? 1 : 0) + (recreate != null ? 1 : 0);
        if (actions > 1) {
            throw new CliErrors.OptionError("give one of --create, --delete and --recreate at a time.");
        }
        if (partitions != null && create == null && recreate == null) {
            throw new CliErrors.OptionError("--partitions goes with --create or --recreate.");
        }
        int n = partitions == null ? 1 : partitions;
        if (n < 1 || n > KafkaClients.MAX_PARTITIONS) {
            throw new CliErrors.OptionError("--partitions must be 1 to " + KafkaClients.MAX_PARTITIONS + ", not " + n
                    + ".");
        }
        if (create != null) {
            create = KafkaCli.topic("--create", create);
        } else if (delete != null) {
            delete = KafkaCli.topic("--delete", delete);
        } else if (recreate != null) {
            recreate = KafkaCli.topic("--recreate", recreate);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KafkaAdmin admin = bootstrap.connect()) {
            if (create != null) {
                admin.createTopic(create, n);
                err.println("Created topic " + quote(create) + " with " + plural(n, "partition") + ".");
            } else if (delete != null) {
                admin.deleteTopic(delete);
                admin.awaitTopicGone(delete);
                err.println("Deleted topic " + quote(delete) + ".");
            } else if (recreate != null) {
                admin.recreateTopic(recreate, n);
                err.println("Recreated topic " + quote(recreate) + ", empty, with " + plural(n, "partition") + ".");
            }
            err.flush();
            List<TopicRow> rows = rows(admin);
            if (json) {
                out.println(KafkaCli.json(toJson(admin.bootstrap(), rows)));
            } else {
                print(rows, admin.bootstrap(), out);
            }
            out.flush();
            return CliErrors.OK;
        } catch (KafkaUnavailableException e) {
            throw KafkaCli.userError(e);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UserError(Printable.escape(e.getMessage()), e);
        }
    }

    /** A topic with its end offsets and the messages it holds (end minus start, over its partitions). */
    record TopicRow(String name, int partitions, List<Long> endOffsets, long messages) {
    }

    static List<TopicRow> rows(KafkaAdmin admin) throws KafkaUnavailableException {
        List<String> names = admin.topics(false);
        List<TopicRow> rows = new ArrayList<>();
        if (names.isEmpty()) {
            return rows;
        }
        Map<String, Integer> counts = admin.partitionCounts(names);
        List<TopicPartition> all = new ArrayList<>();
        counts.forEach((t, c) -> {
            for (int p = 0; p < c; p++) {
                all.add(new TopicPartition(t, p));
            }
        });
        Map<TopicPartition, Long> end = admin.endOffsets(all);
        Map<TopicPartition, Long> start = admin.startOffsets(all);
        for (String t : names) {
            Integer c = counts.get(t);
            if (c == null) {
                continue;
            }
            List<Long> ends = new ArrayList<>();
            long messages = 0;
            for (int p = 0; p < c; p++) {
                TopicPartition tp = new TopicPartition(t, p);
                long e = end.getOrDefault(tp, 0L);
                ends.add(e);
                messages += e - start.getOrDefault(tp, 0L);
            }
            rows.add(new TopicRow(t, c, ends, messages));
        }
        return rows;
    }

    private static void print(List<TopicRow> rows, String bootstrap, PrintWriter out) {
        if (rows.isEmpty()) {
            out.println("No topics on " + bootstrap + ". Create one with: streamlab kafka topics --create NAME "
                    + "--partitions N");
            return;
        }
        int width = Math.max("TOPIC".length(), rows.stream().mapToInt(r -> Printable.escape(r.name()).length())
                .max().orElse(0));
        String format = "%-" + width + "s  %10s  %8s  %s%n";
        out.printf(format, "TOPIC", "PARTITIONS", "MESSAGES", "END OFFSETS");
        for (TopicRow r : rows) {
            List<String> ends = new ArrayList<>();
            for (int p = 0; p < r.endOffsets().size(); p++) {
                ends.add("p" + p + "=" + r.endOffsets().get(p));
            }
            out.printf(format, Printable.escape(r.name()), r.partitions(), r.messages(), String.join(" ", ends));
        }
    }

    private static Map<String, Object> toJson(String bootstrap, List<TopicRow> rows) {
        List<Object> topics = new ArrayList<>();
        for (TopicRow r : rows) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", r.name());
            t.put("partitions", r.partitions());
            Map<String, Long> ends = new LinkedHashMap<>();
            for (int p = 0; p < r.endOffsets().size(); p++) {
                ends.put(String.valueOf(p), r.endOffsets().get(p));
            }
            t.put("endOffsets", ends);
            t.put("messages", r.messages());
            topics.add(t);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("bootstrap", bootstrap);
        root.put("topics", topics);
        return root;
    }

    private static String quote(String name) {
        return "'" + Printable.escape(name) + "'";
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
