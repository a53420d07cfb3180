package streamlab.ui.contention;

import com.opencsv.CSVWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import streamlab.contention.ContentionEngine;
import streamlab.contention.ContentionRun;
import streamlab.contention.CourseRuns;
import streamlab.contention.Durations;
import streamlab.contention.LaneRecorder;
import streamlab.contention.LockKind;
import streamlab.contention.LogEvent;
import streamlab.contention.Marker;
import streamlab.contention.Phase;
import streamlab.contention.Resource;
import streamlab.contention.RunLog;
import streamlab.contention.RunOptions;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;
import streamlab.contention.SegmentBlock;
import streamlab.contention.WorkerKind;
import streamlab.contention.process.ProcessReport;
import streamlab.report.ReportHeader;
import streamlab.text.DurationText;
import streamlab.ui.LabTab;
import streamlab.ui.export.ExportBundle;

/**
 * Confined to the FX Application Thread: the Contention tab's state and commands, without controls.
 *
 * <p>The engine's workers are only read through {@link #tick()}, once per frame. Nothing here waits for a thread:
 * starting runs on the background executor, and Stop asks the run to stop and is told when it has.
 */
public final class ContentionViewModel implements LabTab.Controls, AutoCloseable {

    /** Log lines kept on screen; the export keeps every line the run logged. */
    static final int VISIBLE_LOG_LINES = 5_000;
    private static final int LOG_LINES_PER_FRAME = 2_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final String COURSE_DB = "shared.db";
    /** Runs whose lanes and summary are kept, so that selecting their history row shows them again. */
    static final int KEPT_RUNS = 20;
    /** Why the deadlock demo is refused with process workers. */
    static final String DEADLOCK_NEEDS_THREADS = "The deadlock demo runs threads: its two locks live in one JVM,"
            + " and processes share no memory. Choose Workers: threads for it.";
    /** What the order column means, for its tooltip and the guide. */
    static final String ORDER_RULE = "The workers in the order their last task finished (worker 2 before worker 1"
            + " means worker 2 was done first), compared with the previous run of the same scenario.";

    private final ContentionEngine engine = new ContentionEngine();
    private final Path outDir;
    private final Executor background;
    private final Executor fx;

    private final IntegerProperty threads = new SimpleIntegerProperty(3);
    private final IntegerProperty tasks = new SimpleIntegerProperty(2);
    /** Slider position 0–100; the hold grows with its cube, so small holds get fine steps. */
    private final DoubleProperty holdPosition = new SimpleDoubleProperty(0);
    private final BooleanProperty lockOn = new SimpleBooleanProperty(true);
    private final ObjectProperty<LockKind> lockKind = new SimpleObjectProperty<>(LockKind.REENTRANT);
    /** The hold itself: the slider's position rounded, or exactly what was typed. */
    private final ReadOnlyObjectWrapper<Duration> holdValue = new ReadOnlyObjectWrapper<>(Duration.ZERO);
    /** True while a typed hold moves the slider, so that the slider's rounding does not replace it. */
    private boolean settingHold;
    private final ObjectProperty<Resource> resource = new SimpleObjectProperty<>(Resource.COUNTER);
    private final IntegerProperty busyTimeoutMs = new SimpleIntegerProperty(5_000);
    private final IntegerProperty killWorker = new SimpleIntegerProperty(1);
    private final ObjectProperty<WorkerKind> workers = new SimpleObjectProperty<>(WorkerKind.THREAD);

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    /** A run is being prepared and started on the background executor; Start waits for it. */
    private final ReadOnlyBooleanWrapper launching = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ContentionRun> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper expected = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper actual = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper lost = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper lostDetail = new ReadOnlyStringWrapper("Lost");
    private final ReadOnlyStringWrapper errors = new ReadOnlyStringWrapper("–");
    static final String LOCK_WAIT = "Max lock wait";
    static final String DB_WAIT = "Max database wait";
    private final ReadOnlyStringWrapper maxWait = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper maxWaitCaption = new ReadOnlyStringWrapper(LOCK_WAIT);
    private final ReadOnlyStringWrapper throughput = new ReadOnlyStringWrapper("–");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper courseRunning = new ReadOnlyBooleanWrapper(false);
    /** True while the deadlock demo runs: the lock toggle shows the locks it takes, and cannot be switched. */
    private final ReadOnlyBooleanWrapper demoRunning = new ReadOnlyBooleanWrapper(false);
    private boolean lockBeforeDemo;
    /** The run the timeline and the figures show: the current run, a course run, or one picked in the history. */
    private final ReadOnlyObjectWrapper<ContentionRun> shownRun = new ReadOnlyObjectWrapper<>();
    /** The history row of the run shown, or null while a run that has none yet is shown. */
    private final ReadOnlyObjectWrapper<HistoryRow> shownRow = new ReadOnlyObjectWrapper<>();
    /** The last {@link #KEPT_RUNS} runs' data, by history number; older rows keep their text only. */
    private final LinkedHashMap<Integer, Kept> kept = new LinkedHashMap<>();
    /** The newest order of each scenario, for the next run of it to compare with. */
    private final Map<Scenario, String> lastOrders = new HashMap<>();
    /** The holds set during the current run, in order. */
    private final List<Duration> holdChanges = new ArrayList<>();
    /** The course run under way, stopped when the tab closes; written by the background thread. */
    private volatile ContentionRun courseLive;
    /** Set by {@link #close()} on any thread, so that the course runs do not start their second run after it. */
    private volatile boolean closed;
    private final ObservableList<HistoryRow> history = FXCollections.observableArrayList();
    private final ObservableList<String> logLines = FXCollections.observableArrayList();

    private final List<String> runLines = new ArrayList<>();
    private Scenario lastScenario;
    private boolean summarised;
    /** The launch in progress, handed to start requests that come while it lasts. */
    private CompletableFuture<ContentionRun> pendingLaunch;
    /** Stop was pressed during a launch: the run stops as soon as it has started. */
    private boolean stopAfterLaunch;
    /** The course runs under way, handed to requests that come while they last. */
    private CompletableFuture<Path> pendingCourse;
    /** The quick course run's history row, which the long one compares with. */
    private HistoryRow courseQuickRow;

    /**
     * @param outDir     where the SQLite file and the course runs go
     * @param background runs slow work (preparing SQLite, the course runs), one task at a time
     * @param fx         runs code on the FX Application Thread ({@code Platform::runLater}; tests may pass another)
     */
    public ContentionViewModel(Path outDir, Executor background, Executor fx) {
        this.outDir = outDir;
        this.background = background;
        this.fx = fx;
        lockOn.addListener((obs, was, on) -> {
            ContentionRun r = run.get();
            if (r != null && r.isRunning() && !r.scenario().deadlock() && !demoRunning.get()) {
                r.setLockOn(on);
            }
        });
        // The run gets a new hold only when it is committed (commitHold): a drag of the slider is one change.
        holdPosition.addListener((obs, was, now) -> {
            if (!settingHold) {
                holdValue.set(holdAt(now.doubleValue()));
            }
        });
    }

    /** One kept run: its lanes (through the run) and its summary. */
    private record Kept(ContentionRun run, RunSummary summary) {
    }

    public IntegerProperty threadsProperty() {
        return threads;
    }

    public IntegerProperty tasksProperty() {
        return tasks;
    }

    public DoubleProperty holdPositionProperty() {
        return holdPosition;
    }

    /** The hold the next task takes: the slider's value, or exactly the value typed. */
    public ReadOnlyObjectProperty<Duration> holdValueProperty() {
        return holdValue.getReadOnlyProperty();
    }

    /**
     * Sets the hold as typed, in the app's duration grammar ("3 s", "250ms", "0"), and commits it. A text that does
     * not read leaves the hold as it was, shows why in the status line and returns false.
     */
    public boolean setHoldText(String text) {
        Duration d;
        try {
            d = DurationText.parse(text, Scenario.MAX_HOLD, "the hold");
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return false;
        }
        settingHold = true;
        try {
            holdPosition.set(positionFor(d));
        } finally {
            settingHold = false;
        }
        holdValue.set(d);
        commitHold();
        return true;
    }

    /**
     * Hands the hold to the running run, once per change the user made (a drag, a key press, a typed value): each
     * commit that changes it is one marker on the timeline. A task takes the hold that is current when it gets the
     * lock, so a task already waiting uses the new value.
     */
    public void commitHold() {
        ContentionRun r = run.get();
        Duration now = hold();
        if (r == null || !r.isRunning() || r.scenario().deadlock() || r.holdNanos() == now.toNanos()) {
            return;
        }
        String from = Durations.formatNanos(r.holdNanos());
        r.setHold(now);
        holdChanges.add(now);
        status.set("Hold " + from + " → " + Durations.format(now) + ": from each task that gets the lock after now.");
    }

    /** True while the deadlock demo runs; the lock toggle then shows its locks (on) and is disabled. */
    public ReadOnlyBooleanProperty demoRunningProperty() {
        return demoRunning.getReadOnlyProperty();
    }

    /** The run the timeline and figures show: the current one, or the one picked in the history. */
    public ReadOnlyObjectProperty<ContentionRun> shownRunProperty() {
        return shownRun.getReadOnlyProperty();
    }

    /** The history row whose run is shown, or null. */
    public ReadOnlyObjectProperty<HistoryRow> shownRowProperty() {
        return shownRow.getReadOnlyProperty();
    }

    /**
     * Shows a finished run again: its timeline and its figures. Only the last {@value #KEPT_RUNS} runs keep their
     * data; for an older row this says so in the status line and returns false.
     */
    public boolean showHistory(HistoryRow row) {
        if (row == null || row.equals(shownRow.get())) {
            return row != null;
        }
        Kept k = kept.get(row.number());
        if (k == null) {
            status.set("Run " + row.number() + " is older than the last " + KEPT_RUNS
                    + " runs: its timeline and figures are no longer kept.");
            return false;
        }
        shownRow.set(row);
        shownRun.set(k.run());
        showFigures(k.summary());
        if (!isBusy()) {
            status.set("Run " + row.number() + (row.label().isEmpty() ? "" : " (" + row.label() + ")") + ": order "
                    + row.orderText() + ", " + row.change().text() + " · " + k.summary().describe());
        }
        return true;
    }

    private boolean isBusy() {
        return running.get() || courseRunning.get();
    }

    public BooleanProperty lockOnProperty() {
        return lockOn;
    }

    public ObjectProperty<LockKind> lockKindProperty() {
        return lockKind;
    }

    public ObjectProperty<Resource> resourceProperty() {
        return resource;
    }

    public IntegerProperty busyTimeoutMsProperty() {
        return busyTimeoutMs;
    }

    public IntegerProperty killWorkerProperty() {
        return killWorker;
    }

    /** Threads in this JVM or OS processes (child JVMs): what the next run's workers are. */
    public ObjectProperty<WorkerKind> workersProperty() {
        return workers;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True while a run is being started; Start, Run again and Deadlock demo are disabled meanwhile. */
    public ReadOnlyBooleanProperty launchingProperty() {
        return launching.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ContentionRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** The last finished run's summary. */
    public ReadOnlyObjectProperty<RunSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty expectedProperty() {
        return expected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty actualProperty() {
        return actual.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lostProperty() {
        return lost.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lostDetailProperty() {
        return lostDetail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorsProperty() {
        return errors.getReadOnlyProperty();
    }

    /** "Max lock wait", or "Max database wait" when the wait for SQLite's own write lock was the longer one. */
    public ReadOnlyStringProperty maxWaitCaptionProperty() {
        return maxWaitCaption.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty maxWaitProperty() {
        return maxWait.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty throughputProperty() {
        return throughput.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ObservableList<HistoryRow> history() {
        return history;
    }

    /** A copy of the whole run log (the list view keeps only the newest lines). */
    public List<String> runLog() {
        return List.copyOf(runLines);
    }

    public ObservableList<String> logLines() {
        return logLines;
    }

    /** The hold: what the slider stands for, or exactly what was typed. */
    public Duration hold() {
        return holdValue.get();
    }

    static Duration holdAt(double position) {
        double f = Math.max(0, Math.min(100, position)) / 100.0;
        double ms = 5_000 * f * f * f;
        double rounded = ms < 10 ? Math.round(ms * 10) / 10.0 : Math.round(ms);
        return Duration.ofNanos(Math.round(rounded * 1e6));
    }

    /** The slider position for a hold, the inverse of {@link #holdAt}. */
    static double positionFor(Duration hold) {
        return 100 * Math.cbrt(hold.toNanos() / 1e6 / 5_000);
    }

    /** The scenario the controls describe. */
    public Scenario scenario() {
        return new Scenario(threads.get(), tasks.get(), hold(), lockOn.get(), lockKind.get(), resource.get(),
                Duration.ofMillis(busyTimeoutMs.get()), outDir.resolve("shared.db"), false, workers.get());
    }

    /** Starts a run with the controls' settings; during a launch, returns that launch and starts nothing. */
    public CompletableFuture<ContentionRun> start() {
        if (launching.get()) {
            return pendingLaunch;
        }
        if (courseRunning.get()) {
            return courseBusy();
        }
        try {
            return launch(scenario());
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs the previous scenario again, to see whether the order changes. */
    public CompletableFuture<ContentionRun> runAgain() {
        return lastScenario == null ? start() : launch(lastScenario);
    }

    /**
     * Starts the deadlock scenario: two workers, locks A and B in opposite order. While it runs the lock toggle shows
     * the lock on, as the demo has it; the toggle's own setting comes back when the demo ends.
     */
    public CompletableFuture<ContentionRun> startDeadlock() {
        if (launching.get()) {
            return pendingLaunch;
        }
        if (courseRunning.get()) {
            return courseBusy();
        }
        if (workers.get() == WorkerKind.PROCESS) {
            status.set(DEADLOCK_NEEDS_THREADS);
            return CompletableFuture.failedFuture(new IllegalStateException(DEADLOCK_NEEDS_THREADS));
        }
        if (!demoRunning.get()) {
            lockBeforeDemo = lockOn.get();
        }
        demoRunning.set(true);
        lockOn.set(true);
        return launch(Scenario.deadlockDemo().withDbPath(outDir.resolve("shared.db")));
    }

    private void endDemo() {
        if (demoRunning.get()) {
            demoRunning.set(false);
            lockOn.set(lockBeforeDemo);
        }
    }

    private CompletableFuture<ContentionRun> courseBusy() {
        status.set("The course runs are under way: wait for them to finish, then start.");
        return CompletableFuture.failedFuture(new IllegalStateException("course runs under way"));
    }

    private CompletableFuture<ContentionRun> launch(Scenario scenario) {
        if (launching.get()) {
            // Two launches would race to the engine, and the later one would stop the run the earlier one started.
            return pendingLaunch;
        }
        ContentionRun old = run.get();
        if (old != null && old.isRunning()) {
            // The engine waits for it to end before starting the next, on the background thread.
            old.requestStop();
        }
        launching.set(true);
        running.set(true);
        stopAfterLaunch = false;
        status.set("Starting: " + scenario.describe());
        // Preparing SQLite touches the disk, and ending the previous run takes time, so both run off the FX thread.
        CompletableFuture<ContentionRun> started = CompletableFuture.supplyAsync(
                () -> engine.start(scenario, RunOptions.defaults()), background);
        CompletableFuture<ContentionRun> launch = started.whenCompleteAsync((r, error) -> {
            launching.set(false);
            if (error != null) {
                running.set(false);
                endDemo();
                status.set(causeOf(error).getMessage());
                return;
            }
            lastScenario = scenario;
            attach(r);
            if (stopAfterLaunch) {
                stop();
            }
        }, fx);
        if (!launch.isDone()) {
            pendingLaunch = launch;
        }
        return launch;
    }

    private static Throwable causeOf(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    private void attach(ContentionRun r) {
        if (!r.scenario().deadlock()) {
            endDemo();
        }
        run.set(r);
        running.set(true);
        summarised = false;
        holdChanges.clear();
        runLines.clear();
        logLines.clear();
        showLive(r);
        status.set("Running: " + r.scenario().describe());
    }

    /** Shows a run that has just started: the timeline follows it, the figures count up from zero. */
    private void showLive(ContentionRun r) {
        shownRow.set(null);
        shownRun.set(r);
        Scenario s = r.scenario();
        expected.set(format(s.expectedTasks()));
        actual.set("0");
        lost.set("…");
        lostDetail.set("Lost (when the run ends)");
        errors.set("0");
        maxWait.set("0");
        maxWaitCaption.set(LOCK_WAIT);
        throughput.set("…");
    }

    /**
     * Asks the run to stop and returns at once; holds and lock waits are interrupted, so the workers end within a
     * second. The future completes on the FX executor once they have (exceptionally after a second if they have
     * not). During a launch, the run stops as soon as it has started.
     */
    public CompletableFuture<Void> stop() {
        if (launching.get()) {
            stopAfterLaunch = true;
            status.set("Stopping as soon as the run has started…");
            return pendingLaunch.thenCompose(r -> r.requestStop());
        }
        ContentionRun r = run.get();
        if (r == null || !r.isRunning()) {
            return CompletableFuture.completedFuture(null);
        }
        status.set("Stopping…");
        // A copy: the timeout must not complete the run's own future.
        return r.requestStop().copy().orTimeout(1, TimeUnit.SECONDS).whenCompleteAsync((v, error) -> {
            if (error != null) {
                status.set("Some workers did not stop within a second.");
            } else if (run.get() == r && !summarised) {
                status.set("Stopped.");
            }
        }, fx);
    }

    /** Kills the chosen worker mid-task. */
    public void kill() {
        ContentionRun r = run.get();
        if (r == null || !r.isRunning()) {
            status.set("Start a run first: Kill worker interrupts a running worker.");
            return;
        }
        int w = killWorker.get();
        if (w > r.lanes().size()) {
            status.set("There is no worker " + w + " in this run: choose 1 to " + r.lanes().size() + ".");
            return;
        }
        boolean process = r.workerKind() == WorkerKind.PROCESS;
        status.set(r.kill(w) ? "Killed worker-" + w + (process ? " (SIGKILL)" : "") + ": its task is abandoned."
                : "worker-" + w + " has already ended.");
    }

    /**
     * Kills every worker at once, as when the machine dies: SIGKILL to every child of a process run, an interrupt
     * to every thread of a thread run. What survived is said when the run ends.
     */
    public void killAll() {
        ContentionRun r = run.get();
        if (r == null || !r.isRunning()) {
            status.set("Start a run first: Kill all kills every running worker.");
            return;
        }
        int n = r.killAll();
        boolean process = r.workerKind() == WorkerKind.PROCESS;
        status.set(n == 0 ? "Every worker has already ended."
                : "Killed " + n + " of " + r.lanes().size() + (process ? " processes (SIGKILL)" : " threads")
                + ": the machine died. What survived is shown when the run ends…");
    }

    /** Called once per frame: drains the log, updates the figures, and records the summary when the run ends. */
    public void tick() {
        ContentionRun course = courseLive;
        if (course != null && shownRun.get() == course && !course.completion().isDone()) {
            updateLiveFigures(course);
        }
        ContentionRun r = run.get();
        if (r == null || summarised) {
            return;
        }
        drainLog(r);
        if (!r.completion().isDone()) {
            if (shownRun.get() == r) {
                updateLiveFigures(r);
            }
            return;
        }
        // The whole rest of the log, through the summary: no later frame looks at this run again.
        while (drainLog(r) > 0) {
            // Bounded by the run's log limit.
        }
        summarised = true;
        // The previous run can end while the next is being launched; the tab is busy until that one has started.
        running.set(launching.get());
        if (r.scenario().deadlock()) {
            endDemo();
        }
        if (r.completion().isCompletedExceptionally()) {
            // Shown once: summarised keeps later frames from looking at this run again.
            Throwable error = causeOf(r.completion().handle((v, e) -> e).join());
            status.set("The run failed: " + error.getMessage());
            return;
        }
        RunSummary s = r.completion().join();
        summary.set(s);
        HistoryRow row = addHistory(s, r, holdText(s.scenario(), holdChanges), "", null);
        show(row, r, s);
        String survived = r.processReport().map(p -> survival(p, s)).orElse("");
        status.set((survived.isEmpty() ? "" : survived + " · ") + "Finished: " + s.describe() + " · order "
                + row.orderText() + (row.change() == HistoryRow.Change.FIRST ? "" : " (" + row.change().text() + ")"));
    }

    private void show(HistoryRow row, ContentionRun r, RunSummary s) {
        shownRow.set(row);
        shownRun.set(r);
        showFigures(s);
    }

    /** Appends up to a frame's worth of log lines, which the run log hands out in the order of events. */
    private int drainLog(ContentionRun r) {
        List<LogEvent> batch = new ArrayList<>();
        r.log().drain(batch::add, LOG_LINES_PER_FRAME);
        if (batch.isEmpty()) {
            return 0;
        }
        List<String> lines = new ArrayList<>(batch.size());
        for (LogEvent e : batch) {
            lines.add(RunLog.format(r.startedAt(), e));
        }
        runLines.addAll(lines);
        logLines.addAll(lines);
        if (logLines.size() > VISIBLE_LOG_LINES) {
            logLines.remove(0, logLines.size() - VISIBLE_LOG_LINES);
        }
        return batch.size();
    }

    private void updateLiveFigures(ContentionRun r) {
        long done = 0;
        long errs = 0;
        long wait = 0;
        long dbWait = 0;
        for (LaneRecorder lane : r.lanes()) {
            done += lane.completed();
            errs += lane.errors();
            wait = Math.max(wait, lane.maxWaitNanos());
            dbWait = Math.max(dbWait, lane.maxDbWaitNanos());
        }
        actual.set(format(r.scenario().resource() == Resource.SQLITE ? done - errs : r.counterValue()));
        errors.set(format(errs));
        showMaxWait(wait, dbWait);
        long elapsed = r.elapsedNanos();
        throughput.set(elapsed > 0 ? formatRate(done * 1e9 / elapsed) : "…");
    }

    private void showMaxWait(long lockWait, long dbWait) {
        boolean db = dbWait > lockWait;
        maxWait.set(Durations.formatNanos(db ? dbWait : lockWait));
        maxWaitCaption.set(db ? DB_WAIT : LOCK_WAIT);
    }

    private void showFigures(RunSummary s) {
        expected.set(format(s.expected()));
        actual.set(format(s.actual()));
        lost.set(format(s.lost()));
        errors.set(format(s.errors()));
        showMaxWait(s.maxLockWaitNanos(), s.maxDbWaitNanos());
        throughput.set(formatRate(s.throughputPerSec()));
        lostDetail.set(s.lost() == 0 ? "Lost: nothing" : "Lost: " + lostParts(s));
    }

    /** The causes of the lost increments that happened, such as "4 overwritten · 1 abandoned". */
    static String lostParts(RunSummary s) {
        List<String> parts = new ArrayList<>();
        long[] counts = {s.lostToOverwrites(), s.errors(), s.abandoned(), s.notRun()};
        String[] names = {" overwritten", " failed", " abandoned", " not run"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                parts.add(format(counts[i]) + names[i]);
            }
        }
        return String.join(" · ", parts);
    }

    /**
     * Adds a finished run to the top of the history, compares its order with the run given (or with the previous run
     * of the same scenario) and keeps its data, forgetting the data of runs older than the last {@value #KEPT_RUNS}.
     */
    private HistoryRow addHistory(RunSummary s, ContentionRun r, String hold, String label, HistoryRow compareWith) {
        Scenario sc = s.scenario();
        String order = workerOrder(s, r);
        Scenario key = sc.withDbPath(outDir.resolve(COURSE_DB));
        String previous = compareWith != null ? compareWith.order() : lastOrders.get(key);
        HistoryRow.Change change;
        if (order == null) {
            change = HistoryRow.Change.UNKNOWN;
        } else if (previous == null || "n/a".equals(previous)) {
            change = HistoryRow.Change.FIRST;
            previous = null;
        } else {
            change = previous.equals(order) ? HistoryRow.Change.SAME : HistoryRow.Change.CHANGED;
        }
        if (order != null) {
            lastOrders.put(key, order);
        }
        int number = history.size() + 1;
        HistoryRow row = new HistoryRow(number, label, sc.threads(), sc.tasks(), hold, lockColumn(sc, r.markers()),
                sc.deadlock() ? "deadlock" : sc.resource() == Resource.SQLITE ? "SQLite" : "counter",
                s.expected(), s.actual(), s.lost(), s.errors(), String.format(Locale.ROOT, "%.1f", s.wallMs()),
                order == null ? "n/a" : order, change == HistoryRow.Change.UNKNOWN ? null : previous, change, true,
                sc.workers() == WorkerKind.PROCESS ? "processes" : "threads", r == null ? 0 : slowestStartup(r),
                s.throughputPerSec(), Math.max(s.maxLockWaitNanos(), s.maxDbWaitNanos()));
        history.add(0, row);
        kept.put(number, new Kept(r, s));
        while (kept.size() > KEPT_RUNS) {
            int oldest = kept.keySet().iterator().next();
            kept.remove(oldest);
            int at = history.size() - oldest;
            history.set(at, history.get(at).forgotten());
        }
        return row;
    }

    /**
     * The workers in the order their last finished task finished, such as "1-2-3", or null when no task finished.
     * Uses the summary's completion order when it is whole, otherwise the lanes' end times.
     */
    static String workerOrder(RunSummary s, ContentionRun r) {
        LinkedHashMap<Integer, Long> last = new LinkedHashMap<>();
        if (s.completionOrderComplete()) {
            List<String> order = s.completionOrder();
            for (int i = 0; i < order.size(); i++) {
                String entry = order.get(i);
                last.put(Integer.parseInt(entry.substring(0, entry.indexOf(':'))), (long) i);
            }
        } else if (r != null) {
            for (LaneRecorder lane : r.lanes()) {
                SegmentBlock b = lane.block();
                for (int i = b.count() - 1; i >= 0; i--) {
                    if (b.outcome(i).finished()) {
                        last.put(lane.worker(), b.end(i));
                        break;
                    }
                }
            }
        }
        if (last.isEmpty()) {
            return null;
        }
        return last.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> String.valueOf(e.getKey())).collect(java.util.stream.Collectors.joining("-"));
    }

    /** The hold as the run had it: its start value, then each change made during the run ("1.2 s → 0"). */
    private static String holdText(Scenario sc, List<Duration> changes) {
        StringBuilder sb = new StringBuilder(Durations.format(sc.hold()));
        for (Duration d : changes) {
            sb.append(" → ").append(Durations.format(d));
        }
        return sb.toString();
    }

    /** The lock as the run had it: "off", the kind, or the sequence of switches such as "off → on". */
    private static String lockColumn(Scenario sc, List<Marker> markers) {
        if (sc.deadlock()) {
            return "A/B";
        }
        // Processes take an OS file lock whatever kind the threads' box shows.
        String on = sc.workers() == WorkerKind.PROCESS ? "OS file lock" : sc.lockKind().label();
        StringBuilder sb = new StringBuilder(sc.lockOn() ? on : "off");
        for (Marker m : markers) {
            if (m.kind() == Marker.Kind.LOCK_ON) {
                sb.append(" → on");
            } else if (m.kind() == Marker.Kind.LOCK_OFF) {
                sb.append(" → off");
            }
        }
        return sb.toString();
    }

    /**
     * What survived a process run, in one line: "killed 3 of 3 · integrity_check ok · 2 of 6 rows survived", or the
     * counter file's value.
     */
    static String survival(ProcessReport p, RunSummary s) {
        long killed = p.lanes().stream().filter(ProcessReport.Lane::killed).count();
        StringBuilder sb = new StringBuilder();
        if (killed > 0) {
            sb.append("killed ").append(killed).append(" of ").append(p.lanes().size()).append(" processes · ");
        }
        if (p.integrityCheck() != null) {
            sb.append("integrity_check ").append(p.integrityCheck()).append(" · ").append(format(p.survivingRows()))
                    .append(" of ").append(format(s.expected())).append(" rows committed and survived");
        } else if (p.counterValue() >= 0) {
            sb.append("counter file ").append(format(p.counterValue())).append(" of ").append(format(s.expected()));
        }
        String text = sb.toString();
        return text.endsWith(" · ") ? text.substring(0, text.length() - 3) : text;
    }

    /** The slowest child's start-up of a process run; 0 for threads, -1 when no child started. */
    static long slowestStartup(ContentionRun r) {
        return r.processReport().map(p -> p.lanes().stream().mapToLong(ProcessReport.Lane::startupNanos).max()
                .orElse(-1)).orElse(0L);
    }

    /** Formats a count with thousands separators, as the figures show it. */
    static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Formats tasks per second, as the throughput figure shows it. */
    static String formatRate(double perSec) {
        return perSec >= 100 ? String.format(Locale.ROOT, "%,.0f/s", perSec)
                : String.format(Locale.ROOT, "%.1f/s", perSec);
    }

    /** One row per phase of each recorded task, then one per marker. Reads only published records. */
    static void writeEvents(ContentionRun r, Writer w) throws IOException {
        try (CSVWriter csv = new CSVWriter(w)) {
            csv.writeNext(new String[] {"kind", "worker", "task", "tasks", "phase", "start_ns", "end_ns",
                "duration_ns", "outcome", "read", "overwritten", "lock", "note"}, false);
            for (LaneRecorder lane : r.lanes()) {
                SegmentBlock b = lane.block();
                int n = b.count();
                for (int i = 0; i < n; i++) {
                    long[][] phases = {{b.start(i), b.acquired(i)}, {b.acquired(i), b.tailStart(i)},
                        {b.tailStart(i), b.end(i)}};
                    Phase[] names = {Phase.WAITING, Phase.HOLDING, b.tailPhase(i)};
                    for (int p = 0; p < 3; p++) {
                        csv.writeNext(new String[] {"phase", String.valueOf(lane.worker()),
                            String.valueOf(b.firstTask(i)), String.valueOf(b.taskCount(i)),
                            names[p].name().toLowerCase(Locale.ROOT), String.valueOf(phases[p][0]),
                            String.valueOf(phases[p][1]), String.valueOf(phases[p][1] - phases[p][0]),
                            b.outcome(i).name().toLowerCase(Locale.ROOT), String.valueOf(b.read(i)),
                            String.valueOf(b.overwritten(i)), b.locked(i) ? "on" : "off",
                            b.lost(i) > 0 ? "lost update" : b.errors(i) > 0 ? "error" : ""}, false);
                    }
                }
            }
            for (Marker m : r.markers()) {
                csv.writeNext(new String[] {"marker", "", "", "", m.kind().name().toLowerCase(Locale.ROOT),
                    String.valueOf(m.atNanos()), String.valueOf(m.atNanos()), "0", "", "", "", "", m.text()}, false);
            }
        }
    }

    /** F5: stops the run under way, or starts one with the controls' settings. */
    @Override
    public void startOrStop() {
        if (running.get()) {
            stop();
        } else {
            start();
        }
    }

    /** Flips the lock; during a run it takes effect at each worker's next task. */
    public void toggleLock() {
        if (demoRunning.get()) {
            status.set("The deadlock demo always takes its two locks: the lock switch comes back when it ends.");
            return;
        }
        lockOn.set(!lockOn.get());
    }

    /** The run for Export run: the last finished run's scenario and summary, or the controls' when none has. */
    @Override
    public ExportBundle exportBundle(ReportHeader header) {
        RunSummary s = summary.get();
        Scenario scenario = s != null ? s.scenario() : scenario();
        return ContentionExport.bundle(scenario, s, run.get(), runLog(), header);
    }

    @Override
    public Map<String, String> keyParameters() {
        Scenario s = scenario();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("threads", String.valueOf(s.threads()));
        p.put("tasks", String.valueOf(s.tasks()));
        p.put("hold", Durations.format(s.hold()));
        p.put("lock", s.lockOn() ? "on" : "off");
        p.put("resource", s.resource().name().toLowerCase(Locale.ROOT));
        p.put("workers", s.workers().name().toLowerCase(Locale.ROOT));
        return p;
    }

    /** True while the course runs are under way. */
    public ReadOnlyBooleanProperty courseRunningProperty() {
        return courseRunning.getReadOnlyProperty();
    }

    /**
     * Runs the course's quick and long runs one after the other on the background executor and writes out0.txt and
     * out3.txt into {@code out/contention-course-<time>/}. Completes with the folder; while they run, returns the
     * same future. The timeline and figures follow each run while it lasts; each becomes a history row, the long
     * run's order compared with the quick run's, and the long run stays shown.
     *
     * @param hold the long run's hold (the course's 3 s; tests shorten it)
     */
    public CompletableFuture<Path> courseRuns(Duration hold) {
        if (pendingCourse != null && !pendingCourse.isDone()) {
            return pendingCourse;
        }
        if (running.get()) {
            status.set("A run is under way: stop it or wait for it to finish, then press Course runs.");
            return CompletableFuture.failedFuture(new IllegalStateException("a run is under way"));
        }
        Path db = outDir.resolve(COURSE_DB);
        Path folder = outDir.resolve("contention-course-" + STAMP.format(LocalDateTime.now()));
        courseRunning.set(true);
        status.set("Course runs 1 of 2: quick tasks (3 workers, 2 tasks, no hold, lock on)…");
        CompletableFuture<Path> written = CompletableFuture.supplyAsync(() -> {
            try {
                var quick = courseRun(CourseRuns.quick(db), "course: quick tasks", false, r -> { });
                if (closed) {
                    throw new CancellationException("the tab closed");
                }
                var slow = courseRun(CourseRuns.slow(db, hold), "course: long tasks", true,
                        r -> status.set("Course runs 2 of 2: long tasks (" + Durations.format(hold)
                                + " hold, no lock)…"));
                CourseRuns.write(folder, quick, slow);
                return folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            } finally {
                courseLive = null;
            }
        }, background);
        pendingCourse = written.whenCompleteAsync((f, error) -> {
            courseRunning.set(false);
            HistoryRow last = shownRow.get();
            status.set(error == null ? (last == null ? "" : "Course runs: " + last.orderText() + ", "
                    + last.change().text() + ". ") + "Saved out0.txt and out3.txt in " + f
                    : "Course runs failed: " + causeOf(error).getMessage());
        }, fx);
        return pendingCourse;
    }

    /**
     * One course run, on the background thread: the run is shown on the FX executor as soon as it starts, and its
     * history row added when it ends, its order compared with the quick run's when {@code afterQuick}.
     */
    private CourseRuns.Outcome courseRun(Scenario scenario, String label, boolean afterQuick,
                                         java.util.function.Consumer<ContentionRun> onFx)
            throws InterruptedException {
        ContentionRun[] started = new ContentionRun[1];
        CourseRuns.Outcome outcome = CourseRuns.run(scenario, r -> {
            started[0] = r;
            courseLive = r;
            fx.execute(() -> {
                showLive(r);
                onFx.accept(r);
            });
        });
        ContentionRun r = started[0];
        fx.execute(() -> {
            HistoryRow row = addHistory(outcome.summary(), r, Durations.format(scenario.hold()), label,
                    afterQuick ? courseQuickRow : null);
            if (!afterQuick) {
                // The FX executor runs these in order, so the long run's row finds the quick one's here.
                courseQuickRow = row;
            }
            show(row, r, outcome.summary());
            logLines.setAll(outcome.log());
        });
        return outcome;
    }

    /** Asks the current run to stop, without waiting for its workers: they end within a second. No run starts after. */
    @Override
    public void close() {
        closed = true;
        ContentionRun course = courseLive;
        if (course != null) {
            course.requestStop();
        }
        engine.closeAsync();
    }
}
