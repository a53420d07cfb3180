package streamlab.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.contention.process.ProcessWorkers;
import streamlab.testing.ChildJvm;
import streamlab.testing.CliRun;

/** {@code streamlab contention --workers process}, with real child JVMs. */
class ContentionProcessCommandTest {

    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty(ProcessWorkers.JVM_OPTIONS + ".2");
    }

    private int run(String... args) {
        return cli.exec(CliRun.prepend(List.of("contention", "--workers", "process", "--db",
                dir.resolve("shared.db").toString()), args));
    }

    @Test
    void jsonNamesTheProcessesTheirPidsAndExitStatusesIncludingOneThatCouldNotStart() throws Exception {
        System.setProperty(ProcessWorkers.JVM_OPTIONS + ".2", "-Xmx1k");
        assertEquals(0, run("--threads", "2", "--tasks", "2", "--json"), cli.err.toString());
        JsonNode j = new ObjectMapper().readTree(cli.out.toString());
        assertEquals("process", j.get("workers").asText());
        JsonNode p = j.get("processes");
        assertEquals(2, p.size());
        assertEquals(1, p.get(0).get("worker").asInt());
        assertTrue(p.get(0).get("pid").asLong() > 0);
        assertTrue(p.get(0).get("startupMs").asDouble() > 0);
        assertEquals("exited 0", p.get(0).get("exitStatus").asText());
        String failed = p.get(1).get("exitStatus").asText();
        assertTrue(failed.startsWith("failed to start (exit 1): ") && failed.contains("heap"), failed);
        assertTrue(p.get(1).get("startupMs").isNull());
        assertEquals(2, j.get("actual").asLong());
        assertEquals(2, j.get("notRun").asLong());
        assertEquals(2, j.get("counterFile").asLong());
        assertTrue(j.get("integrityCheck").isNull());
    }

    @Test
    void aKilledSqliteWorkerIsSignalNineAndTheDatabasePassesItsIntegrityCheck() throws Exception {
        assertEquals(0, run("--resource", "sqlite", "--threads", "2", "--tasks", "2", "--hold", "500ms",
                "--busy-timeout", "5s", "--kill", "1", "--json"), cli.err.toString());
        JsonNode j = new ObjectMapper().readTree(cli.out.toString());
        assertEquals("[1]", j.get("killedWorkers").toString());
        JsonNode killed = j.get("processes").get(0);
        assertEquals("killed by signal 9", killed.get("exitStatus").asText());
        assertTrue(killed.get("killed").asBoolean());
        assertFalse(killed.get("killedFromOutside").asBoolean());
        assertEquals("ok", j.get("integrityCheck").asText());
        assertEquals(j.get("rows").asLong(), j.get("survivingRows").asLong());
        assertEquals(1, j.get("abandoned").asLong());
    }

    @Test
    void killAllPrintsWhatSurvivedAndStillExitsZero() {
        assertEquals(0, run("--threads", "2", "--tasks", "3", "--hold", "300ms", "--kill-all"), cli.err.toString());
        String text = cli.out.toString();
        assertTrue(text.contains("all 2 workers killed at once with SIGKILL (the machine died)"), text);
        assertTrue(text.contains("after the run: the counter file holds "), text);
        assertTrue(text.contains("Summary: 2 processes × 3 tasks, hold 300 ms, lock on (OS file lock), counter file"),
                text);
        assertTrue(text.matches("(?s).*  worker-1    pid \\d+, started in [\\d.]+ ms, killed by signal 9\n.*"), text);
        assertTrue(text.matches("(?s).*  worker-2    pid \\d+, started in [\\d.]+ ms, killed by signal 9\n.*"), text);
    }

    @Test
    void theDeadlockDemoRefusesProcessWorkers() {
        assertEquals(2, run("--deadlock"));
        assertEquals("streamlab contention: --deadlock runs threads only: leave out --workers process. See "
                + "'streamlab contention --help'.",
                cli.err.toString().lines().findFirst().orElse(""));
        cli.clear();
        assertEquals(2, cli.exec("contention", "--workers", "fibres"));
        assertTrue(cli.err.toString().contains("'fibres' is not one of thread or process."), cli.err.toString());
    }

    @Test
    void noWorkerOutlivesAParentKilledWithSigkill() throws Exception {
        ProcessBuilder pb = ChildJvm.streamlab(List.of("-Dstreamlab.out=" + dir), "contention", "--workers",
                        "process", "--threads", "2", "--tasks", "3", "--hold", "5s", "--db",
                        dir.resolve("shared.db").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(dir.resolve("parent.err").toFile());
        Process parent = pb.start();
        try {
            List<String> out = new CopyOnWriteArrayList<>();
            ChildJvm.pumpLines(parent.getInputStream(), out, "parent-out");
            // One worker holds the lock for 5 s, the other waits for it: neither would write a line, and so find
            // its parent gone through a broken pipe, for seconds.
            await("one worker holds the lock, the other waits").atMost(Duration.ofSeconds(60)).until(() ->
                    out.stream().anyMatch(l -> l.matches(".* - worker-\\d - INFO - task 1: got the lock.*"))
                            && out.stream().anyMatch(l -> l.contains(" - worker-1 - INFO - task 1:"))
                            && out.stream().anyMatch(l -> l.contains(" - worker-2 - INFO - task 1:")));
            List<ProcessHandle> children = parent.descendants().toList();
            assertEquals(2, children.size(), children.toString());

            parent.destroyForcibly();
            // A worker ends at once when its stdin closes; the deadline leaves room for a machine busy with other
            // JVMs (the full build runs Kafka brokers beside this test).
            await("the workers end with their parent").atMost(Duration.ofSeconds(5))
                    .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            parent.destroyForcibly();
        }
    }
}
