package streamlab.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Immutable (static helpers only): checks a formatted contention run log for the order it promises: the counter's
 * "wrote N" lines in strictly increasing N with every write present, timestamps that never go back, and the summary as
 * the last line.
 */
public final class LogOrder {

    /** A log line: its timestamp, then the thread, level and message. */
    private static final Pattern LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) - (\\S+) - "
            + "(INFO|WARNING|ERROR) - (.*)$");
    private static final Pattern WROTE = Pattern.compile("task \\d+: wrote (\\d+)");

    private LogOrder() {
    }

    /**
     * What is wrong with the log of a locked counter run of {@code writes} tasks, or an empty list.
     *
     * @param lines the log lines, nothing else
     */
    public static List<String> problems(List<String> lines, int writes) {
        List<String> problems = new ArrayList<>();
        String lastStamp = "";
        long lastWrote = 0;
        int wrote = 0;
        int outOfOrder = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = LINE.matcher(lines.get(i));
            if (!m.matches()) {
                problems.add("line " + (i + 1) + " is not a log line: " + lines.get(i));
                continue;
            }
            if (m.group(1).compareTo(lastStamp) < 0 && problems.size() < 10) {
                problems.add("line " + (i + 1) + " goes back in time: " + lastStamp + " then " + lines.get(i));
            }
            lastStamp = m.group(1);
            Matcher w = WROTE.matcher(m.group(4));
            if (w.find()) {
                long n = Long.parseLong(w.group(1));
                if (n <= lastWrote) {
                    outOfOrder++;
                    if (outOfOrder <= 5) {
                        problems.add("line " + (i + 1) + " wrote " + n + " after wrote " + lastWrote);
                    }
                }
                lastWrote = Math.max(lastWrote, n);
                wrote++;
            }
        }
        if (outOfOrder > 0) {
            problems.add(outOfOrder + " 'wrote N' lines out of order");
        }
        if (wrote != writes) {
            problems.add(wrote + " 'wrote N' lines, not " + writes);
        }
        if (lines.isEmpty() || !lines.get(lines.size() - 1).contains(" - run - INFO - summary: ")) {
            problems.add("the last line is not the summary: " + (lines.isEmpty() ? "(no lines)"
                    : lines.get(lines.size() - 1)));
        }
        return problems;
    }
}
