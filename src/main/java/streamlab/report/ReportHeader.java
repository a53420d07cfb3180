package streamlab.report;

import java.util.ArrayList;
import java.util.List;

/** Immutable. Who wrote a report: printed at the top of {@code report.md} and, if wanted, under screenshots. */
public record ReportHeader(String name, String course, String assignment) {

    public static final ReportHeader EMPTY = new ReportHeader("", "", "");

    public ReportHeader {
        name = name == null ? "" : name.strip();
        course = course == null ? "" : course.strip();
        assignment = assignment == null ? "" : assignment.strip();
    }

    public boolean isEmpty() {
        return name.isEmpty() && course.isEmpty() && assignment.isEmpty();
    }

    /** The filled-in parts joined on one line, for example {@code Ada Lovelace · Data Streaming · Module 3}. */
    public String oneLine() {
        List<String> parts = new ArrayList<>();
        for (String s : new String[] {name, course, assignment}) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return String.join(" · ", parts);
    }
}
