package streamlab.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.testing.PetsTable;

class SqliteContentionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Scenario sqlite(int threads, int tasks, long holdMs, boolean lockOn, long busyMs) {
        return Scenario.defaults().withResource(Resource.SQLITE).withDbPath(dir.resolve("shared.db"))
                .withThreads(threads).withTasks(tasks).withHold(Duration.ofMillis(holdMs)).withLockOn(lockOn)
                .withBusyTimeout(Duration.ofMillis(busyMs));
    }

    private Set<String> petNames() throws Exception {
        return PetsTable.names(dir.resolve("shared.db"));
    }

    @Test
    void withoutLockLongHoldsGetDatabaseIsLockedAndTheRunStillCompletes() throws Exception {
        ContentionRun run = ContentionRun.start(sqlite(3, 1, 1_000, false, 100));
        RunSummary s = run.awaitSummary(WAIT);

        assertTrue(s.errors() >= 1, s.describe());
        assertEquals("database is locked", s.firstError());
        assertEquals(3, s.completed(), "failed tasks finish too, with an error");
        assertEquals(s.expected() - s.errors(), s.rows(), "each failed task's row was rolled back");
        assertEquals(s.rows(), s.actual());
        assertEquals(s.rows(), petNames().size());
        int errorRecords = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            for (int i = 0; i < b.count(); i++) {
                if (b.outcome(i) == Outcome.FAILED) {
                    errorRecords++;
                    assertEquals(Phase.ERROR, b.tailPhase(i));
                    assertFalse(petNames().contains("pet-" + lane.worker() + "-" + b.firstTask(i)));
                }
            }
        }
        assertEquals(s.errors(), errorRecords);
        StringBuilder log = new StringBuilder();
        run.log().drain(e -> log.append(e.level()).append(' ').append(e.message()).append('\n'), 1000);
        assertTrue(log.toString().contains("ERROR task 1: database is locked after waiting"), log.toString());
    }

    @Test
    void withoutLockDatabaseIsLockedIsAnErrorAfterAWaitForTheDatabaseNotForTheLock() throws Exception {
        ContentionRun run = ContentionRun.start(sqlite(3, 1, 1_000, false, 100));
        RunSummary s = run.awaitSummary(WAIT);

        assertTrue(s.errors() >= 1, s.describe());
        assertEquals(0, s.maxLockWaitNanos(), "no task waited for the app's lock: " + s.describe());
        assertTrue(s.maxDbWaitNanos() >= 100_000_000L, "the busy timeout was waited out: " + s.describe());
        int failed = 0;
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            assertEquals(1, b.count());
            assertEquals(Phase.WAITING_FOR_DB, b.waitPhase(0), "without the lock a task waits for the database");
            if (b.outcome(0) == Outcome.FAILED) {
                failed++;
                assertEquals(Phase.ERROR, b.tailPhase(0));
                assertEquals(1, b.errors(0));
                assertEquals(0, b.seq(0), "a failed task wrote nothing");
                assertTrue(b.acquired(0) - b.start(0) >= 100_000_000L, "it waited the busy timeout first");
                assertTrue(b.end(0) >= b.tailStart(0) && b.tailStart(0) >= b.acquired(0));
            } else {
                assertEquals(Outcome.DONE, b.outcome(0));
                assertTrue(b.seq(0) > 0, "a commit has its place in the write order");
            }
            assertEquals(0, lane.maxWaitNanos(), "worker-" + lane.worker() + " never waited for the lock");
        }
        assertEquals(s.errors(), failed);
        List<String> log = new java.util.ArrayList<>();
        run.log().drain(e -> log.add(e.level() + " " + e.message()), 1000);
        assertTrue(log.stream().anyMatch(l -> l.matches("ERROR task 1: database is locked after waiting .* for the "
                + "database; transaction rolled back")), String.join("\n", log));
    }

    @Test
    void withTheLockOnCommitsTakeTheirPlacesInTheOrderTheyTookTheLock() throws Exception {
        ContentionRun run = ContentionRun.start(sqlite(3, 4, 5, true, 1_000));
        RunSummary s = run.awaitSummary(WAIT);
        assertEquals(12, s.rows());
        java.util.TreeMap<Long, Long> rowBySeq = new java.util.TreeMap<>();
        for (LaneRecorder lane : run.lanes()) {
            SegmentBlock b = lane.block();
            for (int i = 0; i < b.count(); i++) {
                assertEquals(Phase.WAITING, b.waitPhase(i), "with the lock on, the wait is for the lock");
                rowBySeq.put(b.seq(i), b.read(i));
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), List.copyOf(rowBySeq.keySet()));
        // Row ids are given in the order of the inserts, which the lock serialises: the same order.
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), List.copyOf(rowBySeq.values()));
    }

    @Test
    void withTheLockOnEveryRowLands() throws Exception {
        for (LockKind kind : LockKind.values()) {
            RunSummary s = ContentionRun.start(sqlite(3, 2, 20, true, 100).withLockKind(kind)).awaitSummary(WAIT);
            assertEquals(0, s.errors(), kind + ": " + s.describe());
            assertEquals(6, s.rows());
            assertEquals(0, s.lost());
            assertEquals(Set.of("pet-1-1", "pet-1-2", "pet-2-1", "pet-2-2", "pet-3-1", "pet-3-2"), petNames());
        }
    }

    @Test
    void tableIsRecreatedForEachRun() throws Exception {
        ContentionRun.start(sqlite(2, 2, 0, true, 1000)).awaitSummary(WAIT);
        RunSummary second = ContentionRun.start(sqlite(1, 3, 0, true, 1000)).awaitSummary(WAIT);
        assertEquals(3, second.rows());
        assertEquals(Set.of("pet-1-1", "pet-1-2", "pet-1-3"), petNames());
    }

    @Test
    void killedWorkersTransactionIsRolledBack() throws Exception {
        ContentionRun run = ContentionRun.start(sqlite(3, 2, 300, true, 5_000));
        int victim = Await.workerIn(run, Phase.HOLDING);
        assertTrue(run.kill(victim));
        RunSummary s = run.awaitSummary(WAIT);
        SegmentBlock last = run.lanes().get(victim - 1).block();
        int task = last.firstTask(last.count() - 1);
        assertEquals(Outcome.ABANDONED, last.outcome(last.count() - 1));

        assertFalse(petNames().contains("pet-" + victim + "-" + task), "the abandoned insert was rolled back");
        assertEquals(1, s.abandoned());
        assertEquals(6 - 1 - (2 - task), s.rows());
        assertEquals(0, s.errors());
        assertEquals(List.of(victim), s.killedWorkers());
    }

    @Test
    void stopReturnsWithinOneSecondEvenWhileSqliteWaitsForItsLock() throws Exception {
        ContentionRun run = ContentionRun.start(sqlite(3, 5, 5_000, false, 5_000));
        Await.workerIn(run, Phase.HOLDING);
        await("two workers wait inside SQLite's busy wait").atMost(WAIT).pollInterval(Duration.ofMillis(2))
                .until(() -> run.lanes().stream().filter(l -> l.livePhase() == Phase.WAITING_FOR_DB).count() == 2);
        assertTrue(run.stop(Duration.ofSeconds(1)));
        RunSummary s = run.awaitSummary(WAIT);
        assertTrue(s.stopped());
        assertEquals(0, s.rows(), "the holder's open transaction was rolled back");
    }

    @Test
    void unwritableDatabasePathIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Scenario bad = sqlite(1, 1, 0, true, 100).withDbPath(file.resolve("shared.db"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContentionRun.start(bad));
        assertTrue(e.getMessage().contains("Choose a writable path"), e.getMessage());
    }
}
