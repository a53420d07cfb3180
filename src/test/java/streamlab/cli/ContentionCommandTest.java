package streamlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.CliRun;
import streamlab.testing.LogOrder;

class ContentionCommandTest {

    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}";

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @TempDir
    Path dir;

    private int run(String... args) {
        return cli.exec(CliRun.prepend(List.of("contention", "--db", dir.resolve("shared.db").toString()), args));
    }

    @Test
    void defaultRunPrintsOneTimestampedLinePerPhaseThenTheSummary() {
        assertEquals(0, run());
        String text = out.toString();
        long phaseLines = text.lines()
                .filter(l -> l.matches(STAMP + " - worker-\\d - INFO - task .*"))
                .count();
        assertEquals(3 * 2 * 3, phaseLines, "waiting, holding, writing for 3 workers × 2 tasks:\n" + text);
        assertTrue(text.contains("Summary: 3 threads × 2 tasks, hold 0, lock on (ReentrantLock), counter"), text);
        assertTrue(text.contains("  expected    6 increments"), text);
        assertTrue(text.contains("  lost        0"), text);
        assertEquals("", err.toString());
    }

    @Test
    void lockedRunsPrintEveryWriteInCounterOrderWithTimeNeverGoingBackAndTheSummaryLast() {
        int failedRuns = 0;
        List<String> firstProblems = List.of();
        for (int r = 0; r < 10; r++) {
            cli.clear();
            assertEquals(0, run("--threads", "4", "--tasks", "500"));
            // The log is everything before the blank line that opens the summary table.
            List<String> lines = cli.outLines();
            List<String> log = lines.subList(0, lines.indexOf(""));
            List<String> problems = LogOrder.problems(log, 2_000);
            if (!problems.isEmpty()) {
                failedRuns++;
                if (firstProblems.isEmpty()) {
                    firstProblems = problems;
                }
            }
        }
        assertEquals(0, failedRuns, failedRuns + " of 10 runs out of order, first: " + firstProblems);
    }

    @Test
    void jsonHasTheResultsAndLostUpdatesStillExitZero() throws Exception {
        assertEquals(0, run("--threads", "4", "--tasks", "3", "--hold", "20ms", "--lock", "off", "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(12, j.get("expected").asLong());
        assertEquals(j.get("expected").asLong() - j.get("actual").asLong(), j.get("lost").asLong());
        assertTrue(j.get("lost").asLong() > 0, out.toString());
        assertTrue(j.get("detectedOverwrites").asLong() > 0);
        assertEquals(0, j.get("errors").asLong());
        assertTrue(j.get("rows").isNull());
        assertTrue(j.get("wallMs").asDouble() > 0);
        assertTrue(j.get("throughputPerSec").asDouble() > 0);
        assertTrue(j.has("maxLockWaitMs"));
        Set<String> order = new HashSet<>();
        j.get("completionOrder").forEach(n -> order.add(n.asText()));
        assertEquals(12, order.size());
        assertEquals(1, out.toString().strip().lines().count(), "one JSON object, nothing else on stdout");
    }

    @Test
    void sqliteWithoutLockReportsDatabaseIsLockedAndCountsRows() throws Exception {
        assertEquals(0, run("--resource", "sqlite", "--threads", "3", "--tasks", "1", "--hold", "1s", "--lock",
                "off", "--busy-timeout", "100ms", "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertTrue(j.get("errors").asLong() >= 1, out.toString());
        assertEquals("database is locked", j.get("firstError").asText());
        assertEquals(0.0, j.get("maxLockWaitMs").asDouble(), "without the lock no task waits for it");
        assertTrue(j.get("maxDbWaitMs").asDouble() >= 100, "the busy timeout was waited out: " + out);
        assertEquals(3 - j.get("errors").asLong(), j.get("rows").asLong());
        assertEquals(j.get("rows").asLong(), j.get("actual").asLong());
    }

    @Test
    void killReportsTheLostIncrement() throws Exception {
        assertEquals(0, run("--threads", "2", "--tasks", "2", "--hold", "100ms", "--kill", "2", "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("[2]", j.get("killedWorkers").toString());
        assertEquals(1, j.get("abandoned").asLong());
        assertEquals(j.get("expected").asLong() - j.get("actual").asLong(), j.get("lost").asLong());
        assertTrue(j.get("lost").asLong() >= 1);
    }

    @Test
    void deadlockIsReportedAndTheRunRecovers() {
        assertEquals(0, run("--deadlock"));
        String text = out.toString();
        assertTrue(text.contains("deadlock detected: worker-"), text);
        assertTrue(text.contains("  deadlock    worker-"), text);
        assertTrue(text.contains("  stopped     yes"), text);
    }

    @Test
    void invalidOptionsGiveExitTwoAndOneLine() {
        assertEquals(2, run("--threads", "65"));
        assertEquals("streamlab contention: Threads must be 1 to 64, not 65. See 'streamlab contention --help'.",
                err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--hold", "soon"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("'soon' is not a duration"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--lock", "maybe"));
        assertTrue(err.toString().contains("--lock must be on or off"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--lock-kind", "mutex"));
        assertFalse(err.toString().contains("\tat "), "no stack trace");
        err.getBuffer().setLength(0);
        assertEquals(2, run("--threads", "many"));
        assertTrue(err.toString().lines().findFirst().orElse("").contains("--threads: 'many' is not a whole number."),
                err.toString());
    }
}
