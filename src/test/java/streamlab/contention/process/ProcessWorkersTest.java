package streamlab.contention.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.LaneState;
import streamlab.contention.Marker;
import streamlab.contention.Phase;
import streamlab.contention.Resource;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;
import streamlab.contention.WorkerKind;
import streamlab.testing.PetsTable;

/** Real child JVMs on a real SQLite file and a real counter file. */
class ProcessWorkersTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<ContentionRun> runs = new ArrayList<>();

    @AfterEach
    void stopRunsAndClearProperties() {
        System.clearProperty(ProcessWorkers.JVM_OPTIONS + ".1");
        System.clearProperty(ProcessWorkers.JVM_OPTIONS + ".2");
        System.clearProperty(ProcessWorkers.JAVA);
        for (ContentionRun run : runs) {
            run.stop(Duration.ofSeconds(2));
        }
    }

    private Scenario processes(Resource resource, int workers, int tasks, long holdMs, boolean lockOn) {
        return Scenario.defaults().withWorkers(WorkerKind.PROCESS).withResource(resource)
                .withDbPath(dir.resolve("shared.db")).withThreads(workers).withTasks(tasks)
                .withHold(Duration.ofMillis(holdMs)).withLockOn(lockOn).withBusyTimeout(Duration.ofMillis(100));
    }

    private ContentionRun start(Scenario scenario) {
        ContentionRun run = ContentionRun.start(scenario);
        runs.add(run);
        return run;
    }

    private static String log(ContentionRun run) {
        StringBuilder sb = new StringBuilder();
        run.log().drain(e -> sb.append(e.threadName()).append(' ').append(e.level()).append(' ')
                .append(e.message()).append('\n'), Integer.MAX_VALUE);
        return sb.toString();
    }

    private Set<String> petNames() throws Exception {
        return PetsTable.names(dir.resolve("shared.db"));
    }

    /** The first lane whose process has said hello and is in {@code phase}. */
    private static LaneRecorder awaitLaneIn(ContentionRun run, Phase phase) {
        LaneRecorder[] found = new LaneRecorder[1];
        await("a process worker is " + phase).atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (LaneRecorder lane : run.lanes()) {
                if (lane.pid() > 0 && lane.livePhase() == phase) {
                    found[0] = lane;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void sqliteSaysDatabaseIsLockedWithoutTheFileLockAndNeverWithIt() throws Exception {
        ContentionRun off = start(processes(Resource.SQLITE, 3, 2, 800, false));
        RunSummary s = off.awaitSummary(WAIT);
        assertTrue(s.errors() >= 1, s.describe());
        assertEquals("database is locked", s.firstError());
        assertEquals(s.expected() - s.errors(), s.rows(), "each failed transaction was rolled back");
        assertEquals(s.rows(), petNames().size());
        ProcessReport r = off.processReport().orElseThrow();
        assertEquals("ok", r.integrityCheck());
        assertEquals(s.rows(), r.survivingRows());
        Set<Long> pids = new HashSet<>();
        for (ProcessReport.Lane lane : r.lanes()) {
            assertEquals("exited 0", lane.exitStatus());
            assertTrue(lane.pid() > 0 && lane.pid() != ProcessHandle.current().pid());
            assertTrue(lane.startupNanos() > 0);
            pids.add(lane.pid());
            assertEquals(lane.pid(), off.lanes().get(lane.worker() - 1).pid());
        }
        assertEquals(3, pids.size(), "three processes, not threads");
        assertTrue(log(off).contains("ERROR task "), "the log shows the failure");

        ContentionRun on = start(processes(Resource.SQLITE, 3, 2, 50, true));
        RunSummary t = on.awaitSummary(WAIT);
        assertEquals(0, t.errors(), t.describe());
        assertEquals(6, t.rows());
        assertEquals(6, petNames().size());
        assertEquals("ok", on.processReport().orElseThrow().integrityCheck());
    }

    @Test
    void theCounterFileLosesUpdatesWithoutTheFileLockAndNoneWithIt() throws Exception {
        RunSummary off = start(processes(Resource.COUNTER, 2, 4, 300, false)).awaitSummary(WAIT);
        long onDisk = Long.parseLong(Files.readString(dir.resolve("counter.txt")).trim());
        assertEquals(off.actual(), onDisk);
        assertTrue(off.lost() > 0, off.describe());
        assertTrue(off.detectedOverwrites() > 0, off.describe());
        assertEquals(0, off.errors());

        ContentionRun run = start(processes(Resource.COUNTER, 3, 3, 20, true));
        RunSummary on = run.awaitSummary(WAIT);
        assertEquals(9, on.actual(), on.describe());
        assertEquals(0, on.lost());
        assertEquals(0, on.detectedOverwrites());
        assertEquals(9, Long.parseLong(Files.readString(dir.resolve("counter.txt")).trim()));
        assertEquals(9, run.processReport().orElseThrow().counterValue());
    }

    @Test
    void sigkillInTheMiddleOfATransactionLeavesAnIntactDatabaseWithoutItsRow() throws Exception {
        ContentionRun run = start(processes(Resource.SQLITE, 2, 2, 1_000, true).withBusyTimeout(Duration.ofSeconds(5)));
        LaneRecorder victim = awaitLaneIn(run, Phase.HOLDING);
        int task = victim.liveTask();
        assertTrue(run.kill(victim.worker()));
        RunSummary s = run.awaitSummary(WAIT);

        assertEquals(List.of(victim.worker()), s.killedWorkers());
        assertEquals(1, s.abandoned(), s.describe());
        assertEquals(LaneState.KILLED, victim.state());
        ProcessReport r = run.processReport().orElseThrow();
        assertEquals("ok", r.integrityCheck());
        assertEquals(s.rows(), r.survivingRows());
        assertEquals(s.completed(), s.rows(), "every finished task committed; the killed one did not");
        assertFalse(petNames().contains("pet-" + victim.worker() + "-" + task),
                "the dead process's open transaction was rolled back");
        ProcessReport.Lane dead = r.lanes().get(victim.worker() - 1);
        assertEquals("killed by signal 9", dead.exitStatus());
        assertTrue(dead.killed());
        assertFalse(dead.killedFromOutside());
        String text = log(run);
        assertTrue(text.contains("task " + task + ": killed by signal 9, task abandoned, its transaction was never"
                + " committed"), text);
        assertTrue(text.contains("after the run: integrity_check ok; " + s.rows() + " of 4 rows"), text);
    }

    @Test
    void aWorkerKilledFromOutsideIsReportedAsAKillAndTheRunStillSummarises() throws Exception {
        ContentionRun run = start(processes(Resource.COUNTER, 2, 3, 300, true));
        LaneRecorder victim = awaitLaneIn(run, Phase.HOLDING);
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(victim.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
        RunSummary s = run.awaitSummary(WAIT);

        assertEquals(List.of(victim.worker()), s.killedWorkers());
        ProcessReport.Lane dead = run.processReport().orElseThrow().lanes().get(victim.worker() - 1);
        assertEquals("killed by signal 9", dead.exitStatus());
        assertTrue(dead.killedFromOutside());
        assertTrue(run.markers().stream().anyMatch(m -> m.kind() == Marker.Kind.KILL
                && m.text().contains("killed by signal 9 from outside StreamLab")), run.markers().toString());
        assertEquals(1, s.abandoned(), "the task it held was lost");
        assertEquals(s.actual(), s.expected() - s.abandoned() - s.notRun(), s.describe());
    }

    @Test
    void killAllKillsEveryProcessAndTheSummarySaysWhatSurvived() throws Exception {
        ContentionRun run = start(processes(Resource.SQLITE, 3, 3, 300, true).withBusyTimeout(Duration.ofSeconds(5)));
        await("a first commit").atMost(WAIT).pollInterval(Duration.ofMillis(5))
                .until(() -> run.lanes().stream().mapToLong(LaneRecorder::completed).sum() >= 1
                        && run.lanes().stream().allMatch(l -> l.pid() > 0));
        assertEquals(3, run.killAll());
        RunSummary s = run.awaitSummary(WAIT);

        assertEquals(List.of(1, 2, 3), s.killedWorkers());
        ProcessReport r = run.processReport().orElseThrow();
        assertEquals("ok", r.integrityCheck());
        assertTrue(r.survivingRows() >= 1 && r.survivingRows() < 9, r.toString());
        assertEquals(s.completed(), r.survivingRows(), "every commit before the crash survived, nothing else");
        assertEquals(r.survivingRows(), petNames().size());
        r.lanes().forEach(l -> assertEquals("killed by signal 9", l.exitStatus()));
        assertEquals(1, run.markers().stream().filter(m -> m.kind() == Marker.Kind.KILL).count());
        String text = log(run);
        assertTrue(text.contains("all 3 workers killed at once with SIGKILL (the machine died)"), text);
        assertTrue(text.contains("after the run: integrity_check ok; " + r.survivingRows() + " of 9 rows committed"
                + " and survived"), text);
    }

    @Test
    void stopEndsEveryChildWithinASecondEvenWhileTheyStart() throws Exception {
        ContentionRun starting = start(processes(Resource.COUNTER, 2, 1_000, 200, true));
        List<ProcessHandle> early = ProcessHandle.current().children().toList();
        long t0 = System.nanoTime();
        CompletableFuture<Void> ended = starting.requestStop();
        assertTrue(System.nanoTime() - t0 < 100_000_000L, "requestStop returns at once");
        await("the starting children ended").atMost(Duration.ofSeconds(1)).until(ended::isDone);
        assertTrue(early.size() >= 2);
        early.forEach(p -> assertFalse(p.isAlive(), "pid " + p.pid()));

        ContentionRun run = start(processes(Resource.COUNTER, 2, 1_000, 200, true));
        await("both said hello").atMost(WAIT).until(() -> run.lanes().stream().allMatch(l -> l.pid() > 0));
        List<ProcessHandle> children = run.lanes().stream()
                .map(l -> ProcessHandle.of(l.pid()).orElseThrow()).toList();
        long s0 = System.nanoTime();
        assertTrue(run.stop(Duration.ofSeconds(1)), "stop returned within a second");
        assertTrue(System.nanoTime() - s0 < 1_100_000_000L);
        children.forEach(p -> assertFalse(p.isAlive(), "pid " + p.pid()));
        RunSummary s = run.awaitSummary(WAIT);
        assertTrue(s.stopped());
        assertTrue(s.killedWorkers().isEmpty(), "a stop is not a kill");
        run.lanes().forEach(l -> assertEquals(LaneState.STOPPED, l.state()));
    }

    @Test
    void aChildThatWritesAMalformedLineIsCutOffAndTheRunEnds() throws Exception {
        System.setProperty(ProcessWorkers.JVM_OPTIONS + ".1", "-D" + WorkerMain.FAULT + "=garbage");
        ContentionRun run = start(processes(Resource.COUNTER, 2, 2, 0, true));
        RunSummary s = run.awaitSummary(WAIT);

        ProcessReport r = run.processReport().orElseThrow();
        String status = r.lanes().get(0).exitStatus();
        assertTrue(status.startsWith("cut off: malformed event line 'this is not an event'"), status);
        assertFalse(ProcessHandle.of(r.lanes().get(0).pid()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals("exited 0", r.lanes().get(1).exitStatus());
        assertEquals(1, run.lanes().get(0).completed(), "its first task, before the bad line, counts");
        assertEquals(status, s.firstError());
        assertTrue(log(run).contains("worker-1 ERROR pid " + r.lanes().get(0).pid() + " cut off: malformed"));
    }

    @Test
    void aChildThatCannotStartIsReportedOnItsLaneWithTheReason() throws Exception {
        System.setProperty(ProcessWorkers.JVM_OPTIONS + ".2", "-Xmx1k");
        ContentionRun run = start(processes(Resource.COUNTER, 2, 2, 0, true));
        RunSummary s = run.awaitSummary(WAIT);
        ProcessReport r = run.processReport().orElseThrow();
        assertEquals("exited 0", r.lanes().get(0).exitStatus());
        String status = r.lanes().get(1).exitStatus();
        assertTrue(status.startsWith("failed to start (exit 1): ") && status.contains("heap"), status);
        assertEquals(-1, r.lanes().get(1).startupNanos());
        assertEquals(2, s.actual());
        assertEquals(2, s.notRun());
        assertEquals(status, s.firstError());

        System.clearProperty(ProcessWorkers.JVM_OPTIONS + ".2");
        System.setProperty(ProcessWorkers.JAVA, dir.resolve("no-java-here").toString());
        ContentionRun none = start(processes(Resource.COUNTER, 1, 1, 0, true));
        RunSummary n = none.awaitSummary(WAIT);
        String why = none.processReport().orElseThrow().lanes().get(0).exitStatus();
        assertTrue(why.startsWith("failed to start: Cannot run program"), why);
        assertNull(n.deadlock());
        assertEquals(1, n.notRun());
    }

    @Test
    void laneTimesAreOnTheRunClockAfterTheStartUp() throws Exception {
        ContentionRun run = start(processes(Resource.COUNTER, 2, 2, 30, true));
        run.awaitSummary(WAIT);
        for (LaneRecorder lane : run.lanes()) {
            assertTrue(lane.startingSince() >= 0);
            assertTrue(lane.startedAt() > lane.startingSince(), "start-up takes time");
            var b = lane.block();
            assertEquals(2, b.count());
            assertTrue(b.start(0) >= lane.startedAt(), "the first task starts after the hello");
            assertTrue(b.end(1) <= run.elapsedNanos(), "and ends before the run did");
            assertTrue(b.tailStart(0) - b.acquired(0) >= 30_000_000L, "the hold is on the lane");
        }
    }
}
