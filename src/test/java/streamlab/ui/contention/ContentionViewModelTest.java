package streamlab.ui.contention;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.Phase;
import streamlab.contention.Resource;

/** The Contention tab's view model without a window: the FX thread is the test thread, as a direct executor. */
class ContentionViewModelTest {

    @TempDir
    Path dir;

    private ContentionViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            ContentionRun run = vm.runProperty().get();
            vm.close();
            // close() does not wait; the next test class may count threads, so this one leaves none behind.
            if (run != null) {
                assertTrue(run.join(Duration.ofSeconds(1)), "the run's threads end after close");
            }
        }
    }

    @Test
    void aSecondStartWhileTheFirstIsLaunchingStartsNoSecondRun() {
        List<Runnable> background = new ArrayList<>();
        vm = new ContentionViewModel(dir, background::add, Runnable::run);
        List<ContentionRun> attached = new ArrayList<>();
        vm.runProperty().addListener((o, was, r) -> attached.add(r));

        CompletableFuture<ContentionRun> first = vm.start();
        assertTrue(vm.launchingProperty().get(), "Start is disabled while the launch is under way");
        assertSame(first, vm.start(), "a start during the launch is handed that launch");
        vm.runAgain();
        vm.startDeadlock();
        // The launches run in the order they were asked for; only one may reach the engine.
        new ArrayList<>(background).forEach(Runnable::run);

        assertEquals(1, attached.size(), "one run for four start requests during one launch: " + attached);
        assertEquals(1, background.size(), "one launch handed to the background: " + background.size());
        assertFalse(vm.launchingProperty().get(), "Start is enabled again once the run has started");
        assertSame(attached.get(0), first.getNow(null));
        assertTrue(vm.runningProperty().get());
    }

    @Test
    void runAgainDuringARunLeavesTheTabRunningTheNewRun() throws Exception {
        List<Runnable> background = new ArrayList<>();
        vm = new ContentionViewModel(dir, background::add, Runnable::run);
        vm.tasksProperty().set(100);
        vm.holdPositionProperty().set(ContentionViewModel.positionFor(Duration.ofSeconds(1)));
        vm.start();
        background.remove(0).run();
        ContentionRun first = vm.runProperty().get();

        vm.runAgain();
        // The first run ends (Run again stopped it) while the second is still being launched.
        first.completion().handle((s, e) -> s).get(5, TimeUnit.SECONDS);
        vm.tick();
        assertTrue(vm.runningProperty().get(), "the tab stays busy while the next run is launched");
        background.remove(0).run();

        ContentionRun second = vm.runProperty().get();
        assertNotSame(first, second);
        assertTrue(second.isRunning());
        vm.tick();
        assertTrue(vm.runningProperty().get(), "Stop stays enabled for the new run");
    }

    @Test
    void aFailedRunEndsItsRunStateShowsTheErrorOnceAndAllowsStartAgain() throws Exception {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        vm.resourceProperty().set(Resource.SQLITE);
        vm.threadsProperty().set(1);
        vm.tasksProperty().set(1);
        vm.holdPositionProperty().set(ContentionViewModel.positionFor(Duration.ofMillis(300)));
        vm.start().get();
        ContentionRun run = vm.runProperty().get();
        LaneRecorder lane = run.lanes().get(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> lane.livePhase() == Phase.HOLDING);
        // The file is swapped for a folder mid-run: the final row count cannot open it, so the run fails.
        Path db = dir.resolve("shared.db");
        Files.delete(db);
        Files.createDirectory(db);
        await().atMost(Duration.ofSeconds(10)).until(() -> run.completion().isDone());
        assertTrue(run.completion().isCompletedExceptionally(), "the run failed");

        assertDoesNotThrow(vm::tick, "a failed run is reported, not thrown from the frame");
        assertFalse(vm.runningProperty().get(), "a failed run is no longer running");
        assertFalse(vm.launchingProperty().get(), "Start is enabled");
        String status = vm.statusProperty().get();
        assertTrue(status.startsWith("The run failed: "), status);
        assertTrue(status.contains("shared.db"), status);
        List<String> errorLines = errorLines();
        assertEquals(1, errorLines.size(), "the failure is logged once: " + errorLines);

        javafx.beans.value.ChangeListener<String> unchanged = (o, was, now) -> {
            throw new AssertionError("the error is shown once, then left alone: " + now);
        };
        vm.statusProperty().addListener(unchanged);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(vm::tick);
        }
        vm.statusProperty().removeListener(unchanged);
        assertEquals(errorLines, errorLines());

        vm.resourceProperty().set(Resource.COUNTER);
        vm.holdPositionProperty().set(0);
        ContentionRun next = vm.start().get();
        assertNotSame(run, next, "Start works again after a failed run");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            vm.tick();
            return !vm.runningProperty().get();
        });
        assertTrue(vm.statusProperty().get().startsWith("Finished: "), vm.statusProperty().get());
    }

    private List<String> errorLines() {
        return vm.runLog().stream().filter(l -> l.contains(" - run - ERROR - "))
                .collect(Collectors.toList());
    }

    @Test
    void stopReturnsAtOnceAndEveryWorkerEndsWithinOneSecond() throws Exception {
        Set<Thread> before = workerThreads();
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        // SQLite with the lock off: one worker holds, the others sit in SQLite's busy wait, which a thread can
        // leave only between 100 ms slices. A stop that joined them would block its caller for most of a slice.
        vm.resourceProperty().set(Resource.SQLITE);
        vm.lockOnProperty().set(false);
        vm.threadsProperty().set(8);
        vm.tasksProperty().set(100);
        vm.busyTimeoutMsProperty().set(60_000);
        vm.holdPositionProperty().set(100);
        vm.start().get();
        ContentionRun run = vm.runProperty().get();
        await().atMost(Duration.ofSeconds(5)).until(() -> run.lanes().stream()
                .filter(l -> l.livePhase() == Phase.WAITING_FOR_DB).count() == 7);
        Set<Thread> workers = workerThreads();
        workers.removeAll(before);
        assertEquals(8, workers.size(), "the run's workers: " + workers);

        long t0 = System.nanoTime();
        CompletableFuture<Void> stopped = vm.stop();
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        boolean someAliveAtReturn = workers.stream().anyMatch(Thread::isAlive);
        long endMs;
        while (true) {
            endMs = (System.nanoTime() - t0) / 1_000_000;
            if (workers.stream().noneMatch(Thread::isAlive) || endMs > 5_000) {
                break;
            }
            Thread.onSpinWait();
        }
        assertTrue(someAliveAtReturn, "stop() returned before the workers ended: it did not wait for them");
        assertTrue(stopMs < 100, "stop() returned after " + stopMs + " ms; it must not wait for the workers");
        assertTrue(endMs < 1_000, "every worker-* thread ended " + endMs + " ms after stop(); the limit is 1 s");

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            vm.tick();
            return !vm.runningProperty().get();
        });
        stopped.get(1, TimeUnit.SECONDS);
        assertNotNull(vm.summaryProperty().get());
        assertTrue(vm.summaryProperty().get().stopped());
    }

    private static Set<Thread> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("worker-")).collect(Collectors.toSet());
    }
}
