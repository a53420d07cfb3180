package streamlab.ui.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.Resource;
import streamlab.contention.WorkerKind;

/** A process run from the Contention tab's view model, on real child JVMs; the FX thread is the test thread. */
class ContentionProcessViewModelTest extends ContentionViewModelTestBase {

    @Override
    Duration workersEndWithin() {
        return Duration.ofSeconds(2);
    }

    @Test
    void aProcessRunEndsWithAPidOnEachLaneAndAHistoryRowSayingProcesses() throws Exception {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        vm.workersProperty().set(WorkerKind.PROCESS);
        vm.resourceProperty().set(Resource.SQLITE);
        vm.threadsProperty().set(3);
        vm.tasksProperty().set(2);
        vm.lockOnProperty().set(true);
        assertEquals(WorkerKind.PROCESS, vm.scenario().workers(), "the choice reaches the scenario");

        ContentionRun run = vm.start().get(30, TimeUnit.SECONDS);
        assertEquals(WorkerKind.PROCESS, run.workerKind());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            vm.tick();
            return !vm.history().isEmpty();
        });

        Set<Long> pids = new HashSet<>();
        for (LaneRecorder lane : run.lanes()) {
            assertTrue(lane.pid() > 0, "worker-" + lane.worker() + " has its child's pid: " + lane.pid());
            assertTrue(lane.pid() != ProcessHandle.current().pid(), "a child's pid, not this JVM's");
            assertTrue(lane.startingSince() >= 0 && lane.startedAt() > lane.startingSince(),
                    "the lane's starting phase: " + lane.startingSince() + " to " + lane.startedAt());
            pids.add(lane.pid());
        }
        assertEquals(3, pids.size(), "three children, three pids: " + pids);
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " ended");
        }

        HistoryRow row = vm.history().get(0);
        assertEquals("processes", row.workers());
        assertEquals("OS file lock", row.lock(), "processes take an OS file lock, not the threads' lock kind");
        long slowest = run.lanes().stream().mapToLong(l -> l.startedAt() - l.startingSince()).max().orElseThrow();
        assertTrue(row.startupNanos() > 0, "the slowest child's start-up: " + row.startupNanos());
        // The report measures spawn to hello arrival, the lanes spawn to the hello's own time: close, not equal.
        assertTrue(Math.abs(row.startupNanos() - slowest) < 500_000_000L, row.startupNanos() + " vs " + slowest);
        assertTrue(row.compareText().startsWith("processes · start-up "), row.compareText());
        assertEquals(6, row.actual(), "six rows with the lock on");
        assertTrue(vm.statusProperty().get().contains("integrity_check ok · 6 of 6 rows committed and survived"),
                vm.statusProperty().get());
    }

    @Test
    void theDeadlockDemoIsRefusedForProcessesWithTheReason() {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        vm.workersProperty().set(WorkerKind.PROCESS);
        assertTrue(vm.startDeadlock().isCompletedExceptionally());
        assertEquals(ContentionViewModel.DEADLOCK_NEEDS_THREADS, vm.statusProperty().get());
        assertTrue(vm.runProperty().get() == null, "no run started");
    }
}
