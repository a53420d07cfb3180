package streamlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunReportTest {

    private static RunReport report(ReportHeader header, List<String> log) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Threads", "3");
        params.put("Lock", "off");
        return new RunReport("Contention run", LocalDateTime.of(2026, 11, 28, 10, 40, 12), header, params,
                new RunReport.Table(List.of("Expected", "Actual", "Lost"), List.of(List.of("6", "4", "2"))),
                List.of("With the lock off, 2 of 6 increments were lost."), log,
                Map.of("events.csv", "one row per recorded phase"));
    }

    @Test
    void markdownHasParametersResultsFindingsAndFiles() {
        String md = report(new ReportHeader("Ada", "Streaming", "Module 3"), List.of("a", "b")).toMarkdown();
        assertTrue(md.startsWith("# Contention run\n\n**Ada · Streaming · Module 3**\n"), md);
        assertTrue(md.contains("Exported 2026-11-28 10:40:12"), md);
        assertTrue(md.contains("| Threads | 3 |\n| Lock | off |\n"), md);
        assertTrue(md.contains("| Expected | Actual | Lost |\n|---|---|---|\n| 6 | 4 | 2 |\n"), md);
        assertTrue(md.contains("- With the lock off, 2 of 6 increments were lost.\n"), md);
        assertTrue(md.contains("All 2 lines:\n\n```\na\nb\n```"), md);
        assertTrue(md.contains("- `events.csv`: one row per recorded phase"), md);
    }

    @Test
    void longLogIsCutToFirstAndLastLines() {
        List<String> log = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).toList();
        String md = report(ReportHeader.EMPTY, log).toMarkdown();
        assertTrue(md.contains("The first and last 10 of 50 lines:"), md);
        assertTrue(md.contains("line 10\n…\nline 41\n"), md);
        assertFalse(md.contains("line 11\n"), md);
        assertFalse(md.contains("**"), "no header line when the header is empty");
    }

    @Test
    void tableCellsCannotBreakTheTable() {
        RunReport r = new RunReport("T", LocalDateTime.of(2026, 1, 1, 0, 0), ReportHeader.EMPTY,
                Map.of("Format", "[{a}|{b}]\nx"), RunReport.Table.empty(), List.of(), List.of(), Map.of());
        assertTrue(r.toMarkdown().contains("| Format | [{a}\\|{b}] x |"), r.toMarkdown());
    }

    @Test
    void headerJoinsOnlyFilledParts() {
        assertEquals("Ada · Module 3", new ReportHeader(" Ada ", null, "Module 3").oneLine());
        assertTrue(new ReportHeader("", " ", null).isEmpty());
    }
}
