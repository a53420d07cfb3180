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
import org.junit.jupiter.api.Test;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.Marker;
import streamlab.contention.Phase;
import streamlab.contention.Resource;
import streamlab.contention.RunSummary;

/** The Contention tab's view model without a window: the FX thread is the test thread, as a direct executor. */
class ContentionViewModelTest extends ContentionViewModelTestBase {

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
        // SQLite with the lock off: one worker holds, the others sit in SQLite's busy wait, which a thread can
        // leave only between 100 ms slices. A stop that joined them would block its caller for most of a slice.
        sqliteWithoutTheLock(8, 100, 60_000);
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

    @Test
    void withoutTheLockSqlitesWaitIsShownAsTheMaxDatabaseWaitNotAsNoWaitAtAll() throws Exception {
        sqliteWithoutTheLock(3, 1, 5_000);
        // About 100 ms: each worker holds its transaction while the others wait for the database.
        assertTrue(vm.setHoldText("100ms"));
        ContentionRun r = runToEnd(vm.start());
        RunSummary s = vm.summaryProperty().get();
        assertEquals(0, s.maxLockWaitNanos(), "no app lock was taken: " + s.describe());
        assertTrue(s.maxDbWaitNanos() > Duration.ofMillis(50).toNanos(), s.describe());
        assertEquals(ContentionViewModel.DB_WAIT, vm.maxWaitCaptionProperty().get());
        assertEquals(streamlab.contention.Durations.formatNanos(s.maxDbWaitNanos()), vm.maxWaitProperty().get());
        assertEquals(3, r.lanes().size());
    }

    /** A view model on the test thread set for SQLite with the lock off. */
    private void sqliteWithoutTheLock(int threads, int tasks, int busyTimeoutMs) {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        vm.resourceProperty().set(Resource.SQLITE);
        vm.lockOnProperty().set(false);
        vm.threadsProperty().set(threads);
        vm.tasksProperty().set(tasks);
        vm.busyTimeoutMsProperty().set(busyTimeoutMs);
    }

    /** Starts a run of {@code threads} workers with {@code tasks} tasks each and ticks until it has ended. */
    private ContentionRun runToEnd(int threads, int tasks) throws Exception {
        vm.threadsProperty().set(threads);
        vm.tasksProperty().set(tasks);
        return runToEnd(vm.start());
    }

    /** Starts a run and ticks until it has ended, as the frames would; returns the run. */
    private ContentionRun runToEnd(CompletableFuture<ContentionRun> started) throws Exception {
        ContentionRun r = started.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            vm.tick();
            return !vm.runningProperty().get();
        });
        return r;
    }

    private static String lastTaskOrder(RunSummary s) {
        java.util.LinkedHashMap<String, Integer> last = new java.util.LinkedHashMap<>();
        for (int i = 0; i < s.completionOrder().size(); i++) {
            last.put(s.completionOrder().get(i).split(":")[0], i);
        }
        return last.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
                .map(java.util.Map.Entry::getKey).collect(Collectors.joining("-"));
    }

    @Test
    void historyShowsTheWorkersOrderAndWhetherItChangedFromTheSameScenarioBefore() throws Exception {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        ContentionRun three = runToEnd(3, 4);
        HistoryRow row = vm.history().get(0);
        RunSummary s = three.completion().get();
        assertEquals(lastTaskOrder(s), row.order(), "the order in which each worker's last task finished");
        assertEquals(3, row.order().split("-").length, row.order());
        assertEquals(HistoryRow.Change.FIRST, row.change());
        assertEquals(row.order(), row.orderText());

        // One worker, twice: the order cannot change.
        vm.threadsProperty().set(1);
        runToEnd(vm.start());
        runToEnd(vm.runAgain());
        HistoryRow same = vm.history().get(0);
        assertEquals("1 → 1", same.orderText());
        assertEquals(HistoryRow.Change.SAME, same.change());
        assertEquals("same", same.change().text());
        assertEquals(HistoryRow.Change.FIRST, vm.history().get(1).change(), "a new scenario has nothing before it");

        // Two workers; in the second run the worker holding the lock is killed, so only the other one finishes.
        vm.threadsProperty().set(2);
        vm.tasksProperty().set(1);
        vm.holdPositionProperty().set(ContentionViewModel.positionFor(Duration.ofMillis(400)));
        runToEnd(vm.start());
        String before = vm.history().get(0).order();
        assertEquals(3, before.length(), before);
        ContentionRun second = vm.runAgain().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> second.lanes().stream()
                .anyMatch(l -> l.livePhase() == Phase.HOLDING));
        int holder = second.lanes().stream().filter(l -> l.livePhase() == Phase.HOLDING).findFirst()
                .orElseThrow().worker();
        vm.killWorkerProperty().set(holder);
        vm.kill();
        runToEnd(CompletableFuture.completedFuture(second));
        HistoryRow changed = vm.history().get(0);
        assertEquals(String.valueOf(3 - holder), changed.order(), "only the worker not killed finished");
        assertEquals(before + " → " + (3 - holder), changed.orderText());
        assertEquals(HistoryRow.Change.CHANGED, changed.change());
        assertTrue(vm.statusProperty().get().contains("order " + changed.orderText() + " (changed)"),
                vm.statusProperty().get());
    }

    @Test
    void selectingAHistoryRowShowsThatRunsTimelineAndFiguresAgainForTheLastTwentyRuns() throws Exception {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        ContentionRun small = runToEnd(1, 2);
        ContentionRun big = runToEnd(3, 5);
        assertSame(big, vm.shownRunProperty().get(), "a finished run stays shown");
        assertEquals("15", vm.expectedProperty().get());

        HistoryRow first = vm.history().get(1);
        assertTrue(vm.showHistory(first));
        assertSame(small, vm.shownRunProperty().get(), "the timeline gets the first run's lanes again");
        assertSame(first, vm.shownRowProperty().get());
        assertEquals("2", vm.expectedProperty().get());
        assertEquals("2", vm.actualProperty().get());
        assertEquals("0", vm.lostProperty().get());
        assertSame(big.completion().get(), vm.summaryProperty().get(), "Export still takes the last run");

        assertTrue(vm.showHistory(vm.history().get(0)));
        assertSame(big, vm.shownRunProperty().get());
        assertEquals("15", vm.expectedProperty().get());

        vm.threadsProperty().set(1);
        vm.tasksProperty().set(1);
        for (int i = 0; i < ContentionViewModel.KEPT_RUNS - 1; i++) {
            runToEnd(vm.start());
        }
        assertEquals(ContentionViewModel.KEPT_RUNS + 1, vm.history().size());
        HistoryRow oldest = vm.history().get(vm.history().size() - 1);
        assertEquals(1, oldest.number());
        assertFalse(oldest.kept(), "the run before the last twenty keeps its row only");
        assertTrue(vm.history().get(vm.history().size() - 2).kept());
        ContentionRun shown = vm.shownRunProperty().get();
        assertFalse(vm.showHistory(oldest));
        assertSame(shown, vm.shownRunProperty().get());
        assertTrue(vm.statusProperty().get().contains("no longer kept"), vm.statusProperty().get());
    }

    @Test
    void courseRunsBecomeTwoHistoryRowsTheLongComparedWithTheQuick() throws Exception {
        List<Runnable> background = new ArrayList<>();
        vm = new ContentionViewModel(dir, background::add, Runnable::run);
        CompletableFuture<Path> course = vm.courseRuns(Duration.ofMillis(40));
        assertTrue(vm.courseRunningProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Course runs 1 of 2"), vm.statusProperty().get());
        assertTrue(vm.start().isCompletedExceptionally(), "no run starts during the course runs");
        assertTrue(background.size() == 1, "only the course runs went to the background");
        background.remove(0).run();
        Path folder = course.get(30, TimeUnit.SECONDS);

        assertFalse(vm.courseRunningProperty().get());
        assertEquals(2, vm.history().size());
        HistoryRow slow = vm.history().get(0);
        HistoryRow quick = vm.history().get(1);
        assertEquals("course: quick tasks", quick.label());
        assertEquals("course: long tasks", slow.label());
        assertEquals("0", quick.hold());
        assertEquals("40 ms", slow.hold());
        assertEquals("off", slow.lock());
        assertEquals(6, quick.actual());
        assertEquals(quick.order(), slow.previousOrder(), "the long run is compared with the quick one");
        assertEquals(quick.order().equals(slow.order()) ? HistoryRow.Change.SAME : HistoryRow.Change.CHANGED,
                slow.change());
        assertSame(slow, vm.shownRowProperty().get(), "the long run is shown when they end");
        assertEquals(slow.lost(), Long.parseLong(vm.lostProperty().get()));
        assertTrue(vm.statusProperty().get().contains("Course runs: " + slow.orderText() + ", " + slow.change().text()),
                vm.statusProperty().get());
        assertTrue(Files.exists(folder.resolve("out3.txt")));
        assertTrue(vm.logLines().get(vm.logLines().size() - 1).startsWith("Summary: expected 6"),
                "the log shows the long run's lines: " + vm.logLines());

        assertTrue(vm.showHistory(quick));
        assertEquals("6", vm.actualProperty().get());
        assertEquals(3, vm.shownRunProperty().get().lanes().size());
    }

    @Test
    void aHoldChangeDuringARunIsOneMarkerPerCommitNotOnePerSliderStep() throws Exception {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        vm.threadsProperty().set(1);
        vm.tasksProperty().set(3);
        vm.holdPositionProperty().set(ContentionViewModel.positionFor(Duration.ofMillis(300)));
        ContentionRun r = vm.start().get(10, TimeUnit.SECONDS);
        // A drag: the slider passes through many values before it is released.
        for (double p = 30; p >= 10; p -= 2) {
            vm.holdPositionProperty().set(p);
        }
        assertEquals(0, holdMarkers(r), "nothing reaches the run while the slider moves");
        vm.commitHold();
        vm.commitHold();
        assertEquals(1, holdMarkers(r), "one drag, one marker: " + r.markers());
        Duration released = ContentionViewModel.holdAt(10);
        assertEquals(released.toNanos(), r.holdNanos());
        runToEnd(CompletableFuture.completedFuture(r));
        assertEquals("300 ms → " + streamlab.contention.Durations.format(released), vm.history().get(0).hold());
    }

    private static long holdMarkers(ContentionRun r) {
        return r.markers().stream().filter(m -> m.kind() == Marker.Kind.HOLD).count();
    }

    @Test
    void aTypedHoldIsExactAndUsesTheAppsDurationGrammar() {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        assertTrue(vm.setHoldText("3 s"));
        assertEquals(Duration.ofSeconds(3), vm.hold());
        assertEquals(Duration.ofSeconds(3), vm.scenario().hold());
        assertEquals(ContentionViewModel.positionFor(Duration.ofSeconds(3)), vm.holdPositionProperty().get(), 1e-9);
        assertTrue(vm.setHoldText("1.25ms"));
        assertEquals(Duration.ofNanos(1_250_000), vm.hold(), "exact, where the slider would round to 1.3 ms");

        assertFalse(vm.setHoldText("3"));
        assertEquals(Duration.ofNanos(1_250_000), vm.hold(), "a refused text leaves the hold as it was");
        assertTrue(vm.statusProperty().get().contains("unit"), vm.statusProperty().get());
        assertFalse(vm.setHoldText("6 s"));
        assertEquals(Duration.ofNanos(1_250_000), vm.hold());

        vm.holdPositionProperty().set(ContentionViewModel.positionFor(Duration.ofMillis(20)));
        assertEquals(Duration.ofMillis(20), vm.hold(), "moving the slider again takes its value");
    }

    @Test
    void theLockToggleShowsTheDeadlockDemosLockAndComesBackAfterIt() throws Exception {
        vm = new ContentionViewModel(dir, Runnable::run, Runnable::run);
        vm.lockOnProperty().set(false);
        ContentionRun demo = vm.startDeadlock().get(10, TimeUnit.SECONDS);
        assertTrue(demo.scenario().deadlock());
        assertTrue(vm.demoRunningProperty().get());
        assertTrue(vm.lockOnProperty().get(), "the toggle shows the locks the demo takes");
        vm.toggleLock();
        assertTrue(vm.lockOnProperty().get(), "the toggle cannot be switched during the demo");
        await().atMost(Duration.ofSeconds(10)).until(() -> demo.deadlock() != null);
        vm.stop();
        runToEnd(CompletableFuture.completedFuture(demo));
        assertFalse(vm.demoRunningProperty().get());
        assertFalse(vm.lockOnProperty().get(), "the user's setting is back after the demo");
    }

    private static Set<Thread> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("worker-")).collect(Collectors.toSet());
    }
}
