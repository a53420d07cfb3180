package streamlab.ui.contention;

import java.util.List;
import java.util.function.Function;
import javafx.animation.AnimationTimer;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.util.StringConverter;
import streamlab.contention.Durations;
import streamlab.contention.LockKind;
import streamlab.contention.Phase;
import streamlab.contention.Resource;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;
import streamlab.contention.WorkerKind;
import streamlab.text.DurationText;
import streamlab.ui.AppContext;
import streamlab.ui.LabTab;
import streamlab.ui.LabView;
import streamlab.ui.Settings;
import streamlab.ui.ZoomSizes;

/** Confined to the FX Application Thread: controller of the Contention tab, binding its controls to the view model. */
public final class ContentionView implements LabView {

    private final AppContext context;
    private final ContentionViewModel model;
    private final AnimationTimer frames;

    @FXML
    private Node root;
    @FXML
    private Spinner<Integer> threads;
    @FXML
    private Spinner<Integer> tasks;
    @FXML
    private Slider hold;
    @FXML
    private Label holdValue;
    @FXML
    private TextField holdText;
    @FXML
    private ToggleButton lockToggle;
    @FXML
    private ComboBox<LockKind> lockKind;
    @FXML
    private ComboBox<Resource> resource;
    @FXML
    private Spinner<Integer> busyTimeout;
    @FXML
    private ComboBox<WorkerKind> workers;
    @FXML
    private Node lockKindField;
    @FXML
    private Button killAllButton;
    @FXML
    private Node deadlockBox;
    @FXML
    private Spinner<Integer> killWorker;
    @FXML
    private Button startButton;
    @FXML
    private Button stopButton;
    @FXML
    private Button againButton;
    @FXML
    private Button killButton;
    @FXML
    private Button deadlockButton;
    @FXML
    private Button courseButton;
    /** The hold of the course's long run; tests shorten it. */
    java.time.Duration courseHold = streamlab.contention.CourseRuns.COURSE_HOLD;
    @FXML
    private Button exportButton;
    @FXML
    private Label statusText;
    @FXML
    private Label expectedFigure;
    @FXML
    private Label actualFigure;
    @FXML
    private Label lostFigure;
    @FXML
    private Label lostDetail;
    @FXML
    private Label errorsFigure;
    @FXML
    private Label maxWaitFigure;
    @FXML
    private Label maxWaitCaption;
    @FXML
    private Label throughputFigure;
    @FXML
    private FlowPane figures;
    @FXML
    private FlowPane actions;
    @FXML
    private FlowPane legend;
    @FXML
    private ToggleButton orderToggle;
    @FXML
    private ToggleButton followToggle;
    @FXML
    private TimelineCanvas timeline;
    @FXML
    private javafx.scene.control.SplitPane mainSplit;
    @FXML
    private TableView<HistoryRow> historyTable;
    @FXML
    private ListView<String> logList;

    public ContentionView(AppContext context) {
        this.context = context;
        this.model = new ContentionViewModel(context.outDir(), context.io("contention"), context.fx());
        // One drain per frame: the workers never call into the FX thread themselves.
        this.frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                model.tick();
                timeline.redraw();
            }
        };
        // The timer stops on the FX thread before the executors shut down, so no frame hands them work.
        context.onCloseFx(frames::stop);
        context.onClose(model);
    }

    /** The view model, for tests. */
    public ContentionViewModel model() {
        return model;
    }

    /** The timeline control, for tests. */
    public TimelineCanvas timeline() {
        return timeline;
    }

    @FXML
    private void initialize() {
        Settings settings = context.settings();
        model.threadsProperty().set(clamp(settings.get(ContentionSettings.THREADS), 1, Scenario.MAX_THREADS));
        model.tasksProperty().set(clamp(settings.get(ContentionSettings.TASKS), 1, Scenario.MAX_TASKS));
        model.holdPositionProperty().set(Math.max(0, Math.min(100, settings.get(ContentionSettings.HOLD))));
        model.lockOnProperty().set(settings.get(ContentionSettings.LOCK_ON));
        model.busyTimeoutMsProperty().set(clamp(settings.get(ContentionSettings.BUSY_MS), 0, 60_000));
        model.lockKindProperty().set(settings.get(ContentionSettings.LOCK_KIND));
        model.resourceProperty().set(settings.get(ContentionSettings.RESOURCE));
        model.workersProperty().set(settings.get(ContentionSettings.WORKERS));

        bindSpinner(threads, 1, Scenario.MAX_THREADS, 1, model.threadsProperty().get());
        threads.valueProperty().addListener((o, a, v) -> model.threadsProperty().set(v));
        bindSpinner(tasks, 1, Scenario.MAX_TASKS, 1, model.tasksProperty().get());
        tasks.valueProperty().addListener((o, a, v) -> model.tasksProperty().set(v));
        bindSpinner(busyTimeout, 0, 60_000, 50, model.busyTimeoutMsProperty().get());
        busyTimeout.valueProperty().addListener((o, a, v) -> model.busyTimeoutMsProperty().set(v));
        bindSpinner(killWorker, 1, Scenario.MAX_THREADS, 1, 1);
        killWorker.valueProperty().addListener((o, a, v) -> model.killWorkerProperty().set(v));

        hold.setValue(model.holdPositionProperty().get());
        hold.valueProperty().bindBidirectional(model.holdPositionProperty());
        bindHold();

        lockToggle.selectedProperty().bindBidirectional(model.lockOnProperty());
        lockToggle.textProperty().bind(lockToggle.selectedProperty().map(on -> on ? "Lock ON" : "Lock OFF"));
        // The deadlock demo takes its two locks whatever the toggle says: the toggle shows that, and waits.
        lockToggle.disableProperty().bind(model.demoRunningProperty());
        lockKind.getItems().setAll(LockKind.values());
        lockKind.setConverter(converter(LockKind::label));
        lockKind.valueProperty().bindBidirectional(model.lockKindProperty());
        resource.getItems().setAll(Resource.values());
        resource.setConverter(converter(r -> r == Resource.SQLITE ? "SQLite file (pets table)" : "shared counter"));
        resource.valueProperty().bindBidirectional(model.resourceProperty());
        busyTimeout.disableProperty().bind(resource.valueProperty().isNotEqualTo(Resource.SQLITE));
        workers.getItems().setAll(WorkerKind.values());
        workers.setConverter(converter(k -> k == WorkerKind.PROCESS ? "processes" : "threads"));
        workers.valueProperty().bindBidirectional(model.workersProperty());
        var processes = model.workersProperty().isEqualTo(WorkerKind.PROCESS);

        var running = model.runningProperty();
        // A second launch while one is under way would race it to the engine.
        var busy = model.launchingProperty().or(model.courseRunningProperty());
        startButton.disableProperty().bind(busy);
        againButton.disableProperty().bind(busy);
        deadlockButton.disableProperty().bind(busy.or(processes));
        stopButton.disableProperty().bind(running.not());
        killButton.disableProperty().bind(running.not());
        killAllButton.disableProperty().bind(running.not());
        workers.disableProperty().bind(running);
        exportButton.disableProperty().bind(model.runProperty().isNull());
        courseButton.disableProperty().bind(model.courseRunningProperty().or(running));
        lockKind.disableProperty().bind(running.or(processes));
        resource.disableProperty().bind(running);
        threads.disableProperty().bind(running);
        tasks.disableProperty().bind(running);

        expectedFigure.textProperty().bind(model.expectedProperty());
        actualFigure.textProperty().bind(model.actualProperty());
        lostFigure.textProperty().bind(model.lostProperty());
        lostDetail.textProperty().bind(model.lostDetailProperty());
        errorsFigure.textProperty().bind(model.errorsProperty());
        maxWaitFigure.textProperty().bind(model.maxWaitProperty());
        maxWaitCaption.textProperty().bind(model.maxWaitCaptionProperty());
        throughputFigure.textProperty().bind(model.throughputProperty());
        statusText.textProperty().bind(model.statusProperty());
        // The status can be longer than its room: the tooltip has it whole.
        Tooltip statusTip = new Tooltip();
        statusTip.setWrapText(true);
        statusTip.setMaxWidth(480);
        statusTip.textProperty().bind(model.statusProperty());
        statusText.setTooltip(statusTip);
        lostFigure.textProperty().addListener((o, a, v) -> lostFigure.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("bad"), !"0".equals(v) && !"…".equals(v) && !"–".equals(v)));

        followToggle.selectedProperty().bindBidirectional(timeline.followProperty());
        model.shownRunProperty().addListener((o, a, r) -> timeline.setRun(r));
        orderToggle.selectedProperty().bindBidirectional(timeline.orderViewProperty());
        followToggle.disableProperty().bind(orderToggle.selectedProperty());
        buildLegend();
        buildHistoryColumns();
        followZoom();
        minHeightOfItsLines(figures);
        // The buttons go on a second line at a large zoom instead of running past the window's edge.
        minHeightOfItsLines(actions);
        keepSplitAboveMinimums();
        logList.setItems(model.logLines());
        model.logLines().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!model.logLines().isEmpty()) {
                logList.scrollTo(model.logLines().size() - 1);
            }
        });

        longTooltips();
        saveOnChange(settings);
        frames.start();
    }

    /**
     * The hold's three faces: the slider, its value, and a field to type it in. The run gets a new hold once per
     * change: when a drag ends, on a key or a click on the track, and when a typed value is entered.
     */
    private void bindHold() {
        holdValue.textProperty().bind(model.holdValueProperty().map(Durations::format));
        holdText.setText(Durations.format(model.hold()));
        model.holdValueProperty().addListener((o, a, v) -> {
            if (!holdText.isFocused()) {
                holdText.setText(Durations.format(v));
            }
        });
        hold.valueChangingProperty().addListener((o, a, changing) -> {
            if (!changing) {
                model.commitHold();
            }
        });
        hold.valueProperty().addListener((o, a, v) -> {
            if (!hold.isValueChanging()) {
                model.commitHold();
            }
        });
        holdText.setOnAction(e -> typedHold());
        holdText.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                typedHold();
            }
        });
    }

    private void typedHold() {
        if (!holdText.getText().equals(Durations.format(model.hold())) && !model.setHoldText(holdText.getText())) {
            holdText.setText(Durations.format(model.hold()));
        }
    }

    /** Tooltips too long for the FXML's line width; they explain the concept behind each control. */
    private void longTooltips() {
        tip(threads, "How many workers run at the same time (1 to 64). Each worker is one lane on the timeline.");
        tip(hold, "How long a task works between reading the value and writing it back (or between INSERT and"
                + " COMMIT). Longer holds mean more overlap between workers. Fine steps near 0, up to 5 s. "
                + "Can be changed during a run: one change per drag, key or typed value. A task takes the hold "
                + "that is current when it gets the lock, so a task already waiting uses the new value.");
        tip(holdText, "Type the hold exactly, as " + DurationText.RULE + " (0 to 5 s), then Enter. The course "
                + "uses 3 s. Like the slider, it applies during a run to each task that gets the lock after it.");
        tip(lockToggle, "Lock on: one worker at a time does read-hold-write, so no update is lost. Lock off: "
                + "workers overlap and overwrite each other. You can switch it during a run: each worker "
                + "follows from its next task, and the timeline shows a vertical line. During the deadlock demo "
                + "it shows ON, the demo's two locks, and comes back to your setting when the demo ends.");
        tip(lockKind, "ReentrantLock: a waiting worker can be overtaken. Fair: the longest waiter goes next. "
                + "synchronized: Java's built-in monitor. AtomicLong CAS: no lock at all, a failed compare-"
                + "and-set retries the task.");
        tip(resource, "Shared counter: read, hold, write value + 1. SQLite: each worker has its own connection to"
                + " out/shared.db and does BEGIN, INSERT a pet, hold, COMMIT.");
        tip(busyTimeout, "How long SQLite waits for another connection's write lock before giving up with 'database "
                + "is locked' (Python's sqlite3 waits 5 s).");
        tip(workers, "Threads share one JVM's memory: they start in microseconds, the lock is a Java lock and a kill "
                + "interrupts the thread. Processes are child JVMs, each in its own address space: they share only "
                + "the file (the counter file or out/shared.db), each takes hundreds of milliseconds or more to "
                + "start (the grey 'starting JVM' bar), the lock is an OS file lock, and a kill is SIGKILL: the "
                + "process dies at once, with no cleanup. Each lane shows its process id (pid).");
        tip(killAllButton, "The machine dies: SIGKILL to every process of a process run at once (for a thread run, "
                + "every thread is killed). When the run ends the status line and the log say what survived: "
                + "SQLite's integrity check and the rows committed, or the counter file's value.");
        processOnlyTip(lockKindField, model.workersProperty(), "Processes use an OS file lock (a lock on <file>.lock): the Java "
                + "lock kinds apply to threads only.");
        processOnlyTip(deadlockBox, model.workersProperty(), ContentionViewModel.DEADLOCK_NEEDS_THREADS);
        tip(killButton, "What if a process dies? The worker abandons its task: a counter increment is lost, an "
                + "SQLite transaction rolls back, the lock is released and the others go on.");
        tip(courseButton, "Runs the course's two experiments one after the other: quick tasks (3 workers, 2 tasks, "
                + "no hold, lock on) and long tasks (3 second hold, no lock). Their logs are saved as out0.txt and "
                + "out3.txt in out/contention-course-<time>/, ready for the report. Both runs appear in the run history, "
                + "the long run's worker order compared with the quick run's; select a row to see its timeline.");
        tip(deadlockButton, "Two workers take lock A and lock B in opposite order and wait for each other forever. "
                + "StreamLab detects the cycle (ThreadMXBean); press Stop to recover.");
        tip(orderToggle, "Time | Order (Alt+M, or O on the timeline). Time: each task sits where it happened, so you "
                + "see how long it waited and held. Order: time is left out and the tasks stand side by side in the "
                + "order they took the lock, one slot each. With the lock on the writes form a staircase, one worker "
                + "after another; with it off the bars overlap, and each lost update is linked to the write it "
                + "overwrote. The strip below shows the order the tasks finished in, in worker colours.");
        tip(lostFigure, "Lost = expected − actual: overwritten updates, failed tasks, abandoned and never-run "
                + "tasks.");
        tip(historyTable, "Each finished run with its settings and results. " + ContentionViewModel.ORDER_RULE
                + " Select a row to see that run's timeline and figures again (the last "
                + ContentionViewModel.KEPT_RUNS + " runs).");
        tip(exportButton, "Export run (Ctrl+E): out/contention-<time>/ with report.md, screenshot.png, the whole "
                + "run log (run-log.txt) and every phase (events.csv).");
    }

    private static void tip(javafx.scene.control.Control control, String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(440);
        control.setTooltip(t);
    }

    private void saveOnChange(Settings settings) {
        model.threadsProperty().addListener((o, a, v) -> settings.put(ContentionSettings.THREADS, v.intValue()));
        model.tasksProperty().addListener((o, a, v) -> settings.put(ContentionSettings.TASKS, v.intValue()));
        hold.valueChangingProperty().addListener((o, a, changing) -> {
            if (!changing) {
                settings.put(ContentionSettings.HOLD, hold.getValue());
            }
        });
        // A key, a click on the track or a typed hold moves the slider without a drag.
        hold.valueProperty().addListener((o, a, v) -> {
            if (!hold.isValueChanging()) {
                settings.put(ContentionSettings.HOLD, v.doubleValue());
            }
        });
        model.lockOnProperty().addListener((o, a, v) -> {
            // The deadlock demo shows its own lock; the user's setting is the one to keep.
            if (!model.demoRunningProperty().get()) {
                settings.put(ContentionSettings.LOCK_ON, v);
            }
        });
        model.busyTimeoutMsProperty().addListener((o, a, v) -> settings.put(ContentionSettings.BUSY_MS, v.intValue()));
        settings.track(ContentionSettings.LOCK_KIND, model.lockKindProperty());
        settings.track(ContentionSettings.RESOURCE, model.resourceProperty());
        settings.track(ContentionSettings.WORKERS, model.workersProperty());
    }

    /** Widths set in pixels grow with the zoom, so that values and column titles keep their room. */
    private void followZoom() {
        List<javafx.beans.property.DoubleProperty> sizes = new java.util.ArrayList<>(List.of(
                threads.prefWidthProperty(), tasks.prefWidthProperty(), hold.prefWidthProperty(),
                lockKind.prefWidthProperty(), resource.prefWidthProperty(), busyTimeout.prefWidthProperty(),
                killWorker.prefWidthProperty(), holdText.prefWidthProperty(), workers.prefWidthProperty()));
        TableColumn<HistoryRow, ?> number = historyTable.getColumns().get(0);
        sizes.add(number.minWidthProperty());
        sizes.add(number.maxWidthProperty());
        sizes.add(number.prefWidthProperty());
        ZoomSizes.follow(statusText, sizes);
    }

    /**
     * Keeps the divider between the timeline and the history where both get at least their minimum height. At a
     * large zoom the SplitPane would otherwise give the timeline area less than its figures and legend need, and
     * centre it, so that its top slid under the buttons. The position asked for (0.66, or where it was dragged) comes
     * back once there is room.
     */
    private void keepSplitAboveMinimums() {
        double[] wanted = {mainSplit.getDividerPositions()[0]};
        boolean[] dragging = {false};
        javafx.scene.control.SplitPane.Divider divider = mainSplit.getDividers().get(0);
        // Only a drag says where the user wants the divider; the SplitPane moves it too when it is resized.
        mainSplit.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> dragging[0] = true);
        mainSplit.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_RELEASED, e -> dragging[0] = false);
        divider.positionProperty().addListener((o, was, now) -> {
            if (dragging[0]) {
                wanted[0] = now.doubleValue();
            }
        });
        javafx.beans.InvalidationListener clamp = o -> {
            double h = mainSplit.getHeight();
            if (h <= 0) {
                return;
            }
            double w = mainSplit.getWidth();
            double top = ((javafx.scene.layout.Region) mainSplit.getItems().get(0)).minHeight(w);
            double bottom = ((javafx.scene.layout.Region) mainSplit.getItems().get(1)).minHeight(w);
            // The divider's own thickness is shared between the two sides.
            double lo = (top + 6) / h;
            double hi = 1 - (bottom + 6) / h;
            double p = lo > hi ? lo : Math.max(lo, Math.min(hi, wanted[0]));
            if (!dragging[0] && Math.abs(p - divider.getPosition()) > 1e-4) {
                divider.setPosition(p);
            }
        };
        // After each layout: the minimums change with the zoom and the text, not only with the size.
        mainSplit.needsLayoutProperty().addListener((o, was, needs) -> {
            if (!needs) {
                clamp.invalidated(o);
            }
        });
    }

    /**
     * Makes a flow's minimum height that of all its lines at its width. The SplitPane asks its items for their
     * minimum without a width, and a flow then answers with one line: at a large zoom the tab would be given too
     * little height, and the timeline area would slide under the buttons instead of the tab scrolling.
     */
    private static void minHeightOfItsLines(FlowPane flow) {
        flow.needsLayoutProperty().addListener((o, was, needs) -> {
            double w = flow.getWidth();
            if (!needs && w > 0) {
                double h = flow.prefHeight(w);
                if (Math.abs(h - flow.getMinHeight()) > 0.5) {
                    flow.setMinHeight(h);
                }
            }
        });
    }

    private void buildLegend() {
        minHeightOfItsLines(legend);
        List<Node> items = new java.util.ArrayList<>();
        for (Phase p : Phase.values()) {
            if (p == Phase.IDLE || p == Phase.ERROR) {
                continue;
            }
            Rectangle r = new Rectangle(18, p == Phase.WAITING || p == Phase.WAITING_FOR_DB ? 5 : 12,
                    TimelineCanvas.colour(p));
            items.add(legendItem(r, switch (p) {
                case WAITING -> "waiting for the lock";
                case HOLDING -> "holding";
                case WRITING -> "write / commit";
                default -> TimelineCanvas.name(p);
            }));
        }
        Rectangle stretched = new Rectangle(8, 12);
        stretched.getStyleClass().add("legend-stretched");
        HBox stretchedItem = legendItem(stretched, "shorter than shown");
        Tooltip.install(stretchedItem, wrapped("The phase took less than a few pixels (at hold 0, nanoseconds): "
                + "it is drawn wider than it lasted, striped, so that every hold and write stays visible."));
        items.add(stretchedItem);
        Polygon lostMark = new Polygon(0, 0, 14, 0, 7, 13);
        lostMark.setFill(TimelineCanvas.LOST);
        lostMark.getStyleClass().add("legend-lost");
        HBox lost = legendItem(lostMark, "lost update");
        Tooltip.install(lost, wrapped("A write over a value another worker wrote after this task read: that "
                + "worker's update is lost. The dashed line comes from the write that was overwritten."));
        items.add(lost);
        Label cross = new Label("✕");
        cross.getStyleClass().add("legend-error");
        items.add(legendItem(cross, "error (database is locked)"));
        Line lockLine = new Line(0, 0, 0, 14);
        lockLine.setStroke(TimelineCanvas.LOCK_LINE);
        lockLine.setStrokeWidth(2);
        items.add(legendItem(lockLine, "lock / hold change"));
        Rectangle starting = new Rectangle(18, 12);
        starting.getStyleClass().add("legend-starting");
        HBox startingItem = legendItem(starting, "starting JVM");
        Tooltip.install(startingItem, wrapped("A process worker from its spawn until its JVM has started and opened "
                + "the file: threads have no such phase."));
        // Only a process run has it.
        startingItem.visibleProperty().bind(model.shownRunProperty().map(
                r -> r.workerKind() == WorkerKind.PROCESS).orElse(false));
        startingItem.managedProperty().bind(startingItem.visibleProperty());
        items.add(startingItem);
        legend.getChildren().addAll(items);
    }

    /**
     * A tooltip on the box around a control that processes disable, shown only while processes are chosen: a
     * disabled control shows no tooltip of its own, its parent does.
     */
    private static void processOnlyTip(Node box, ObservableValue<WorkerKind> workers, String why) {
        Tooltip t = wrapped(why);
        javafx.beans.InvalidationListener apply = o -> {
            if (workers.getValue() == WorkerKind.PROCESS) {
                Tooltip.install(box, t);
            } else {
                Tooltip.uninstall(box, t);
            }
        };
        workers.addListener(apply);
        apply.invalidated(workers);
    }

    private static Tooltip wrapped(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(440);
        return t;
    }

    private static HBox legendItem(javafx.scene.Node glyph, String text) {
        HBox box = new HBox(5, glyph, new Label(text));
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.getStyleClass().add("legend-item");
        return box;
    }

    /**
     * Four columns that wrap their text, so the history never scrolls sideways and no text is cut at any zoom. Each
     * row's tooltip has the whole order and says whether its timeline is still kept.
     */
    private void buildHistoryColumns() {
        TableColumn<HistoryRow, Integer> number = column("#", 40, HistoryRow::number);
        number.setMinWidth(40);
        number.setMaxWidth(40);
        List<TableColumn<HistoryRow, HistoryRow>> flexible = List.of(
                wrapping("Run", r -> (r.label().isEmpty() ? "" : r.label() + "\n") + r.settingsText() + "\n"
                        + r.compareText()),
                wrapping("Result", HistoryRow::resultText),
                wrapping("Order", r -> r.change() == HistoryRow.Change.UNKNOWN ? "n/a"
                        : r.orderText() + "\n" + r.change().text()));
        // The text columns share the table's width in fixed parts, a function of that width and the zoom only:
        // a resize policy would share it from the widths before, and zooming in and out would leave them changed.
        double[] parts = {0.38, 0.34, 0.28};
        for (int i = 0; i < parts.length; i++) {
            double part = parts[i];
            // Whole pixels, so that the same width always lays out the same way.
            flexible.get(i).prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                    () -> Math.max(60, Math.floor((historyTable.getWidth() - number.getWidth() - 24) * part)),
                    historyTable.widthProperty(), number.widthProperty()));
        }
        List<TableColumn<HistoryRow, ?>> columns = new java.util.ArrayList<>(List.of(number));
        columns.addAll(flexible);
        historyTable.getColumns().setAll(columns);
        historyTable.setItems(model.history());
        historyTable.setPlaceholder(new Label("No runs yet: press Start."));
        historyTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(HistoryRow row, boolean empty) {
                super.updateItem(row, empty);
                setTooltip(empty || row == null ? null : rowTip(row));
            }
        });
        historyTable.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
            if (row != null) {
                model.showHistory(row);
            }
        });
        model.shownRowProperty().addListener((o, was, row) -> {
            if (row != null && historyTable.getSelectionModel().getSelectedItem() != row) {
                historyTable.getSelectionModel().select(row);
            } else if (row == null) {
                historyTable.getSelectionModel().clearSelection();
            }
        });
    }

    private static Tooltip rowTip(HistoryRow row) {
        Tooltip t = new Tooltip("Run " + row.number() + (row.label().isEmpty() ? "" : " (" + row.label() + ")")
                + ": " + row.settingsText() + "\n" + row.compareText() + "\n" + row.resultText() + "\nWorker order " + row.orderText() + ": "
                + row.change().text() + ".\n" + ContentionViewModel.ORDER_RULE
                + (row.kept() ? "\nSelect the row to see its timeline and figures."
                : "\nOnly the last " + ContentionViewModel.KEPT_RUNS + " runs keep their timeline and figures; "
                + "this one keeps its row only."));
        t.setWrapText(true);
        t.setMaxWidth(480);
        return t;
    }

    private static TableColumn<HistoryRow, HistoryRow> wrapping(String title, Function<HistoryRow, String> text) {
        TableColumn<HistoryRow, HistoryRow> c = new TableColumn<>(title);
        c.setSortable(false);
        c.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final Text content = new Text();

            {
                content.getStyleClass().add("history-text");
                content.wrappingWidthProperty().bind(col.widthProperty().subtract(14));
                setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            }

            @Override
            protected void updateItem(HistoryRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                } else {
                    content.setText(text.apply(row));
                    setGraphic(content);
                }
            }
        });
        return c;
    }

    private static <T> TableColumn<HistoryRow, T> column(String title, double width, Function<HistoryRow, T> get) {
        TableColumn<HistoryRow, T> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> (ObservableValue<T>) new SimpleObjectProperty<>(get.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    private static void bindSpinner(Spinner<Integer> spinner, int min, int max, int step, int value) {
        SpinnerValueFactory.IntegerSpinnerValueFactory f =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, clamp(value, min, max), step);
        spinner.setValueFactory(f);
        spinner.setEditable(true);
        // Typed text counts when focus leaves, not only on Enter; junk falls back to the last good value.
        spinner.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                commit(spinner, min, max);
            }
        });
        spinner.getEditor().setOnAction(e -> commit(spinner, min, max));
    }

    private static void commit(Spinner<Integer> spinner, int min, int max) {
        String text = spinner.getEditor().getText().replace(",", "").trim();
        try {
            spinner.getValueFactory().setValue(clamp(Integer.parseInt(text), min, max));
        } catch (NumberFormatException e) {
            spinner.getEditor().setText(String.valueOf(spinner.getValue()));
        }
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }

    private static <T> StringConverter<T> converter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @FXML
    private void start() {
        commit(threads, 1, Scenario.MAX_THREADS);
        commit(tasks, 1, Scenario.MAX_TASKS);
        model.start();
    }

    @FXML
    private void stop() {
        model.stop();
    }

    @FXML
    private void runAgain() {
        model.runAgain();
    }

    @FXML
    private void kill() {
        commit(killWorker, 1, Scenario.MAX_THREADS);
        model.kill();
    }

    @FXML
    private void killAll() {
        model.killAll();
    }

    @FXML
    private void deadlock() {
        model.startDeadlock();
    }

    @FXML
    private void fit() {
        timeline.fit();
    }

    /** The tab's Export button does what Ctrl+E does: one export pipeline, the window's. */
    @FXML
    private void export() {
        context.requestExport();
    }

    /** Runs the course's quick and long runs in the background. Completes with the folder. */
    @FXML
    java.util.concurrent.CompletableFuture<java.nio.file.Path> courseRuns() {
        return model.courseRuns(courseHold);
    }

    @Override
    public LabTab.Controls controls() {
        return model;
    }

    @FXML
    private void openOut() {
        context.open(context.outDir());
    }
}
