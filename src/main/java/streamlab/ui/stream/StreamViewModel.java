package streamlab.ui.stream;

import com.google.common.util.concurrent.MoreExecutors;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.Property;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import streamlab.stream.CsvInfo;
import streamlab.stream.CsvOptions;
import streamlab.stream.CsvRecord;
import streamlab.stream.CsvSource;
import streamlab.stream.Pacing;
import streamlab.stream.RecordFormat;
import streamlab.stream.SinkStats;
import streamlab.stream.StreamConfig;
import streamlab.stream.StreamConfigBuilder;
import streamlab.stream.StreamEngine;
import streamlab.stream.StreamEvent;
import streamlab.stream.StreamInputException;
import streamlab.stream.StreamSnapshot;
import streamlab.stream.StreamState;
import streamlab.kafka.KafkaClients;
import streamlab.ui.AppContext;
import streamlab.ui.Settings;

/**
 * Confined to the FX Application Thread. The Stream tab's state and commands: the chosen file and its preview, the
 * pacing, format and sink settings, and the live view of a run, refreshed by {@link #tick()} once per frame from the
 * engine's bounded event buffer and snapshot. File and socket work runs on the context's background executor; the
 * engine commands (start, stop, restart, pause, step) run in the order issued on one sequential executor over it, so
 * a stop never blocks the FX thread and never overtakes the start before it.
 */
public final class StreamViewModel implements AutoCloseable {

    /** Rows kept in the recent-records table. */
    public static final int RECENT_ROWS = 200;
    /** Points kept in the chart. */
    public static final int CHART_POINTS = 300;
    static final int MAX_ERRORS = 200;
    static final int MAX_RECENT_FILES = 8;
    static final String DETECT = StreamConfigBuilder.DETECT;
    /** The delimiter choices: detect, or one of these fixed ones. */
    static final List<String> DELIMITERS = List.of(DETECT, ",", ";", "tab", "|");
    private static final long TAIL_EVERY_NANOS = 400_000_000L;
    /** The Kafka output's topic until the user names another. */
    static final String DEFAULT_TOPIC = "readings";
    /** The most partitions the window offers for a topic it creates. */
    static final int MAX_PARTITIONS = 64;

    /**
     * One row of the recent-records table. Immutable.
     *
     * @param sentAtMillis when the record was sent, in milliseconds since the epoch
     * @param gapMillis    milliseconds since the run's previous record, or -1 for its first
     */
    public record RecentRow(long seq, long line, List<String> fields, String message, long sentAtMillis,
                            long gapMillis) {

        public RecentRow(long seq, long line, List<String> fields, String message) {
            this(seq, line, fields, message, 0, -1);
        }
    }

    /** One point of the chart: a record number and the chart column's value. Immutable. */
    public record ChartPoint(long seq, double value) {
    }

    private final AppContext context;
    private final Executor background;
    private final Executor fx;
    /** Runs the engine commands one at a time, in the order issued. */
    private final Executor commands;
    private final StreamEngine engine = new StreamEngine();
    /** The file output when none was chosen: out9.txt in the output folder. */
    private final String defaultOutPath;

    final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    final ObjectProperty<CsvInfo> info = new SimpleObjectProperty<>();
    final BooleanProperty header = new SimpleBooleanProperty(true);
    final StringProperty delimiter = new SimpleStringProperty(DETECT);
    final StringProperty charset = new SimpleStringProperty("UTF-8");

    final StringProperty interval = new SimpleStringProperty("1s-3s");
    final DoubleProperty speed = new SimpleDoubleProperty(1);
    final StringProperty timestampColumn = new SimpleStringProperty("");
    final BooleanProperty reverse = new SimpleBooleanProperty();
    final BooleanProperty loop = new SimpleBooleanProperty();
    final StringProperty limit = new SimpleStringProperty("0");

    final ObjectProperty<RecordFormat.Kind> formatKind = new SimpleObjectProperty<>(RecordFormat.Kind.TEMPLATE);
    final StringProperty template = new SimpleStringProperty("");
    final StringProperty formatPreview = new SimpleStringProperty("");
    final ObjectProperty<StreamConfig.BadRows> badRows = new SimpleObjectProperty<>(StreamConfig.BadRows.SKIP);

    final BooleanProperty fileOn = new SimpleBooleanProperty(true);
    final StringProperty outPath = new SimpleStringProperty();
    final BooleanProperty append = new SimpleBooleanProperty();
    final BooleanProperty udpOn = new SimpleBooleanProperty();
    final StringProperty udpTarget = new SimpleStringProperty("localhost:9999");
    final BooleanProperty tcpOn = new SimpleBooleanProperty();
    final StringProperty tcpTarget = new SimpleStringProperty("localhost:9998");
    final BooleanProperty logOn = new SimpleBooleanProperty();
    final BooleanProperty kafkaOn = new SimpleBooleanProperty();
    final StringProperty kafkaBootstrap = new SimpleStringProperty(KafkaClients.DEFAULT_BOOTSTRAP);
    final StringProperty kafkaTopic = new SimpleStringProperty(DEFAULT_TOPIC);
    /** The key column, or empty for no key (the partitions in turn). */
    final StringProperty kafkaKey = new SimpleStringProperty("");
    final ObjectProperty<Integer> kafkaPartitions = new SimpleObjectProperty<>(1);

    final StringProperty chartColumn = new SimpleStringProperty("");
    final ObservableList<String> numericColumns = FXCollections.observableArrayList();

    final ObjectProperty<StreamState> state = new SimpleObjectProperty<>(StreamState.IDLE);
    final LongProperty sent = new SimpleLongProperty();
    final LongProperty currentSeq = new SimpleLongProperty(-1);
    final DoubleProperty progress = new SimpleDoubleProperty();
    final StringProperty progressText = new SimpleStringProperty("");
    final StringProperty rateText = new SimpleStringProperty("");
    final StringProperty elapsedText = new SimpleStringProperty("");
    final StringProperty nextText = new SimpleStringProperty("");
    final StringProperty behindText = new SimpleStringProperty("");
    final StringProperty status =
            new SimpleStringProperty("Choose a CSV file: Open…, drop it here, or pick a recent one.");
    final BooleanProperty statusIsError = new SimpleBooleanProperty();
    final StringProperty tail = new SimpleStringProperty("");

    final ObservableList<RecentRow> recent = FXCollections.observableArrayList();
    final ObservableList<SinkStats> sinks = FXCollections.observableArrayList();
    final ObservableList<String> errors = FXCollections.observableArrayList();
    final ObservableList<Path> recentFiles = FXCollections.observableArrayList();
    /** The file preview's rows in the order they would be sent: the last rows first when Reverse is on. */
    final ObservableList<CsvRecord> previewRows = FXCollections.observableArrayList();
    /** The chart's points, oldest first, at most {@link #CHART_POINTS}; the view draws them. */
    final ObservableList<ChartPoint> chartPoints = FXCollections.observableArrayList();

    private final AtomicBoolean tailBusy = new AtomicBoolean();
    /** When the run's previous record was sent, or -1 before its first. */
    private long lastSentMillis = -1;
    /** What the status said when the run started, shown again when a pause ends. */
    private String runningStatus = "";
    private long lastTail;
    private int chartIndex = -1;
    /**
     * Starts issued whose engine call has not come back yet. Until it has, the engine's snapshot and events still show
     * an earlier run, whose end must not end this one (nor enable Start), so frames show no run's state meanwhile.
     */
    private int pendingStarts;
    /** The engine's number of the run this view follows: that of the last start that came back, or -1. */
    private long shownRun = -1;
    /** The newest end-of-run event drained, kept until its run is the one shown. */
    private StreamEvent.Finished lastFinished;

    /** @param fx runs a task on the FX thread ({@code Platform::runLater}); tests may pass a direct executor */
    StreamViewModel(AppContext context, Executor background, Executor fx) {
        this.context = context;
        this.background = background;
        this.fx = fx;
        this.commands = MoreExecutors.newSequentialExecutor(background);
        defaultOutPath = context.outDir().resolve("out9.txt").toString();
        outPath.set(defaultOutPath);
        loadRecentFiles();
        restoreSettings(context.settings());
        saveOnChange(context.settings());
        context.onClose(this);
        template.addListener((o, a, b) -> updatePreview());
        formatKind.addListener((o, a, b) -> updatePreview());
        reverse.addListener((o, a, b) -> updatePreviewRows());
        chartColumn.addListener((o, a, b) -> {
            chartIndex = columns().indexOf(b);
            chartPoints.clear();
        });
    }

    List<String> columns() {
        CsvInfo i = info.get();
        return i == null ? List.of() : i.columns();
    }

    /** Inspects a file in the background and shows its header and first rows. */
    public void load(Path path) {
        if (!path.equals(file.get()) && !state.get().isActive() && pendingStarts == 0) {
            clearRunView();
        }
        file.set(path);
        CsvOptions options;
        try {
            options = csvOptions(path);
        } catch (IllegalArgumentException e) {
            showError(e.getMessage());
            return;
        }
        status.set("Reading " + path.getFileName() + "…");
        statusIsError.set(false);
        background.execute(() -> {
            try {
                CsvInfo result = CsvSource.inspect(options).info();
                fx.execute(() -> loaded(path, result));
            } catch (StreamInputException e) {
                boolean gone = !Files.exists(path);
                fx.execute(() -> {
                    if (gone) {
                        // A file deleted or moved since: the Recent menu stops offering it.
                        forgetRecent(path);
                    }
                    if (path.equals(file.get())) {
                        info.set(null);
                        showError(e.getMessage());
                    }
                });
            }
        });
    }

    /** Reads the current file again, for example after the header or delimiter setting changed. */
    void reload() {
        if (file.get() != null) {
            load(file.get());
        }
    }

    private void loaded(Path path, CsvInfo result) {
        if (!path.equals(file.get())) {
            return;
        }
        info.set(result);
        numericColumns.setAll(numericColumns(result));
        String chart = result.columns().contains("TempF") ? "TempF"
                : numericColumns.isEmpty() ? "" : numericColumns.get(numericColumns.size() - 1);
        chartColumn.set(chart);
        chartIndex = result.columns().indexOf(chart);
        if (!result.columns().contains(timestampColumn.get())) {
            timestampColumn.set("");
        }
        if (!result.columns().contains(kafkaKey.get())) {
            kafkaKey.set("");
        }
        rememberRecent(path);
        updatePreviewRows();
        statusIsError.set(false);
        status.set(String.format(Locale.ROOT, "%s: %s rows, %d columns, delimiter %s%s%s", path.getFileName(),
                result.totalRecords() < 0 ? "many" : String.valueOf(result.totalRecords()), result.columns().size(),
                CsvOptions.delimiterName(result.delimiter()), result.delimiterDetected() ? " (detected)" : "",
                result.bom() ? ", UTF-8 byte order mark skipped" : ""));
    }

    private static List<String> numericColumns(CsvInfo info) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < info.columns().size(); c++) {
            boolean numeric = !info.preview().isEmpty();
            for (CsvRecord r : info.preview()) {
                if (c >= r.fields().size() || Double.isNaN(number(r.fields().get(c)))) {
                    numeric = false;
                    break;
                }
            }
            if (numeric) {
                out.add(info.columns().get(c));
            }
        }
        return out;
    }

    static double number(String s) {
        try {
            return Double.parseDouble(s.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private CsvOptions csvOptions(Path path) {
        return new StreamConfigBuilder(path).charset(charset.get()).header(header.get()).delimiter(delimiter.get())
                .build().csv();
    }

    /**
     * Fills the preview in the order the stream would send: the file's first rows, or with Reverse on, its last rows
     * last one first (read in the background: the file is indexed to be read backwards).
     */
    void updatePreviewRows() {
        CsvInfo i = info.get();
        if (i == null) {
            previewRows.clear();
            updatePreview();
            return;
        }
        if (!reverse.get()) {
            previewRows.setAll(i.preview());
            updatePreview();
            return;
        }
        background.execute(() -> {
            List<CsvRecord> rows = lastRowsFirst(i);
            fx.execute(() -> {
                if (i == info.get() && reverse.get()) {
                    previewRows.setAll(rows);
                    updatePreview();
                }
            });
        });
    }

    /** The file's last preview-many rows, last first; the first rows reversed if it cannot be read backwards. */
    private static List<CsvRecord> lastRowsFirst(CsvInfo i) {
        List<CsvRecord> rows = new ArrayList<>();
        try (CsvSource.Cursor cursor = CsvSource.inspect(i.options()).open(true)) {
            CsvRecord r;
            while (rows.size() < Math.max(1, i.preview().size()) && (r = cursor.next()) != null) {
                rows.add(r);
            }
            return rows;
        } catch (IOException | StreamInputException | RuntimeException e) {
            rows = new ArrayList<>(i.preview());
            java.util.Collections.reverse(rows);
            return rows;
        }
    }

    void updatePreview() {
        CsvInfo i = info.get();
        if (i == null || previewRows.isEmpty()) {
            formatPreview.set("");
            return;
        }
        try {
            RecordFormat.Formatter f = format().compile(i.columns());
            formatPreview.set(f.format(previewRows.get(0)));
        } catch (StreamInputException e) {
            formatPreview.set("⚠ " + e.getMessage());
        }
    }

    RecordFormat format() {
        return new StreamConfigBuilder(Path.of("")).format(formatKind.get(), template.get()).build().format();
    }

    /** Builds the run's configuration from the settings; a mistake becomes an {@link IllegalArgumentException}. */
    StreamConfig config() {
        Path path = file.get();
        if (path == null) {
            throw new IllegalArgumentException("Choose a CSV file first.");
        }
        long max;
        try {
            max = Long.parseLong(limit.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The limit '" + limit.get() + "' is not a whole number. Use 0 for no"
                    + " limit.");
        }
        StreamConfigBuilder b = new StreamConfigBuilder(path).charset(charset.get()).header(header.get())
                .delimiter(delimiter.get()).pacing(interval.get(), timestampColumn.get(), speed.get(), "The speed")
                .reverse(reverse.get()).loop(loop.get()).limit(max, "The limit")
                .format(formatKind.get(), template.get()).badRows(badRows.get());
        if (fileOn.get()) {
            b.file(Path.of(outPath.get()), append.get(), 0, "Flush every");
        }
        if (udpOn.get()) {
            b.udp(udpTarget.get(), "The UDP target");
        }
        if (tcpOn.get()) {
            b.tcp(tcpTarget.get(), false, "The TCP target");
        }
        if (kafkaOn.get()) {
            Integer n = kafkaPartitions.get();
            b.kafka(kafkaBootstrap.get(), kafkaTopic.get(), kafkaKey.get(), n == null ? 1 : n, false,
                    "The Kafka output");
        }
        if (logOn.get()) {
            b.log();
        }
        return b.build();
    }

    /** Starts a run (checks happen in the background; problems appear in the status line). */
    public void start() {
        if (!state.get().isActive()) {
            startRun(false);
        }
    }

    private void startRun(boolean paused) {
        StreamConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            showError(e.getMessage());
            return;
        }
        resetRun();
        // Start stays disabled from here until this run ends, whatever a frame shows of the previous one meanwhile.
        pendingStarts++;
        state.set(paused ? StreamState.PAUSED : StreamState.RUNNING);
        statusIsError.set(false);
        runningStatus = "Streaming " + config.csv().file().getFileName() + ", " + config.pacing().describe()
                + (config.reverse() ? ", reversed" : "") + (config.loop() ? ", looping" : "");
        status.set(paused ? pausedStatus(0) : runningStatus);
        commands.execute(() -> {
            try {
                engine.start(config, paused);
                if (paused) {
                    engine.step();
                }
                long run = engine.snapshot().run();
                fx.execute(() -> {
                    pendingStarts--;
                    shownRun = run;
                });
            } catch (StreamInputException | RuntimeException e) {
                fx.execute(() -> {
                    pendingStarts--;
                    shownRun = -1;
                    state.set(StreamState.IDLE);
                    showError(e.getMessage());
                });
            }
        });
    }

    private void resetRun() {
        recent.clear();
        errors.clear();
        chartPoints.clear();
        sinks.clear();
        sent.set(0);
        currentSeq.set(-1);
        progress.set(0);
        behindText.set("");
        lastSentMillis = -1;
        // Events of an earlier run must not leak into this one.
        engine.drainEvents(e -> { }, Integer.MAX_VALUE);
    }

    /** A new file: the last run's progress, counters, records and chart belong to the old one, so they go. */
    private void clearRunView() {
        resetRun();
        progressText.set("");
        rateText.set("");
        elapsedText.set("");
        nextText.set("");
        lastFinished = null;
        // The finished run's snapshot must not fill the counters again on the next frame.
        shownRun = -1;
        state.set(StreamState.IDLE);
    }

    private static String pausedStatus(long sent) {
        return "Paused after " + sent + (sent == 1 ? " record" : " records")
                + ". Resume goes on at the same pace; Step sends the next record now.";
    }

    public void togglePause() {
        if (state.get() == StreamState.RUNNING) {
            commands.execute(engine::pause);
        } else if (state.get() == StreamState.PAUSED) {
            commands.execute(engine::resume);
        }
    }

    /** Sends the next record now; when nothing runs, starts paused and sends the first. */
    public void step() {
        if (state.get().isActive()) {
            commands.execute(engine::step);
        } else {
            startRun(true);
        }
    }

    /** Stops in the background (the engine may take up to a second to let go of a blocked sink). */
    public void stop() {
        commands.execute(engine::stop);
    }

    /** Starts again from the first record; the engine stops the current run first, in the background. */
    public void restart() {
        startRun(false);
    }

    /** Pulls the engine's events and snapshot; called once per frame. */
    public void tick() {
        List<StreamEvent> batch = new ArrayList<>();
        engine.drainEvents(batch::add, StreamEngine.EVENT_CAPACITY);
        List<RecentRow> rows = new ArrayList<>();
        List<ChartPoint> points = new ArrayList<>();
        for (StreamEvent e : batch) {
            if (e instanceof StreamEvent.Sent s) {
                long gap = lastSentMillis < 0 ? -1 : s.sentAtMillis() - lastSentMillis;
                lastSentMillis = s.sentAtMillis();
                rows.add(new RecentRow(s.seq(), s.record().line(), s.record().fields(), s.message(),
                        s.sentAtMillis(), gap));
                if (chartIndex >= 0 && chartIndex < s.record().fields().size()) {
                    double v = number(s.record().fields().get(chartIndex));
                    if (!Double.isNaN(v)) {
                        points.add(new ChartPoint(s.seq(), v));
                    }
                }
            } else if (e instanceof StreamEvent.BadRow b) {
                addError("Bad row at " + b.describe());
            } else if (e instanceof StreamEvent.SinkFailed f) {
                addError(f.sink() + ", record " + f.seq() + ": " + f.error());
            } else if (e instanceof StreamEvent.Behind b) {
                behindText.set("Behind schedule by " + b.lagMillis() + " ms at record " + b.seq());
            } else if (e instanceof StreamEvent.Finished f) {
                lastFinished = f;
            }
        }
        appendBounded(recent, rows, RECENT_ROWS);
        appendBounded(chartPoints, points, CHART_POINTS);
        if (!rows.isEmpty()) {
            currentSeq.set(rows.get(rows.size() - 1).seq());
        }
        StreamSnapshot s = engine.snapshot();
        StreamEvent.Finished f = lastFinished;
        if (pendingStarts == 0 && f != null && f.run() == shownRun) {
            lastFinished = null;
            List<String> failedOutputs = f.sinks().stream().filter(st -> st.failed() > 0)
                    .map(st -> st.name() + " failed " + st.failed() + (st.failed() == 1 ? " record" : " records")
                            + (st.lastError().isEmpty() ? "" : " (" + st.lastError() + ")")).toList();
            // A run in which an output lost records is never shown as a plain success.
            statusIsError.set(f.state() == StreamState.FAILED || !failedOutputs.isEmpty());
            status.set("Stream " + f.state().name().toLowerCase(Locale.ROOT) + ": " + f.sent() + " records ("
                    + f.reason() + ")" + (failedOutputs.isEmpty() ? "" : "; failed deliveries: "
                    + String.join("; ", failedOutputs)));
        }
        if (pendingStarts == 0 && s.run() == shownRun && s.state() != StreamState.IDLE) {
            StreamState was = state.get();
            state.set(s.state());
            if (s.state() == StreamState.PAUSED && !statusIsError.get()) {
                status.set(pausedStatus(s.sent()));
            } else if (was == StreamState.PAUSED && s.state() == StreamState.RUNNING) {
                status.set(runningStatus);
            }
            sent.set(s.sent());
            if (!sinks.equals(s.sinks())) {
                // Only on a change: a list event per frame would make the table re-layout for nothing.
                sinks.setAll(s.sinks());
            }
            if (loop.get()) {
                progress.set(s.progress());
                progressText.set(String.format(Locale.ROOT, "%d sent, cycle %d", s.sent(), s.cycle()));
            } else {
                progress.set(s.progress());
                progressText.set(s.total() >= 0 ? s.sent() + " of " + s.total() + " sent" : s.sent() + " sent");
            }
            rateText.set(String.format(Locale.ROOT, "%.1f records/s", s.rate()));
            elapsedText.set(String.format(Locale.ROOT, "%.1f s", s.elapsedNanos() / 1e9));
            nextText.set(s.state() == StreamState.PAUSED ? "paused"
                    : s.nextInNanos() > 0 ? String.format(Locale.ROOT, "next in %.1f s", s.nextInNanos() / 1e9) : "");
            if (s.lagMillis() == 0 && s.behindCount() > 0 && !behindText.get().isEmpty()) {
                behindText.set("Caught up (" + s.behindCount() + " records were late)");
            }
        }
        refreshTail(!s.state().isActive());
    }

    private static <T> void appendBounded(List<T> list, List<T> add, int max) {
        if (add.isEmpty()) {
            return;
        }
        if (add.size() >= max) {
            list.clear();
            list.addAll(add.subList(add.size() - max, add.size()));
            return;
        }
        int over = list.size() + add.size() - max;
        if (over > 0) {
            list.subList(0, over).clear();
        }
        list.addAll(add);
    }

    private void addError(String message) {
        errors.add(message);
        if (errors.size() > MAX_ERRORS) {
            errors.remove(0, errors.size() - MAX_ERRORS);
        }
    }

    private void refreshTail(boolean force) {
        long now = System.nanoTime();
        // While a stream runs the tail is read a few times per second; when idle, half as often.
        long every = force ? TAIL_EVERY_NANOS * 2 : TAIL_EVERY_NANOS;
        if (!fileOn.get() || now - lastTail < every || !tailBusy.compareAndSet(false, true)) {
            return;
        }
        lastTail = now;
        Path p = Path.of(outPath.get());
        background.execute(() -> {
            String text = readTail(p, 4096);
            fx.execute(() -> {
                tail.set(text);
                tailBusy.set(false);
            });
        });
    }

    /** The last whole lines of a file, at most {@code bytes} long. May be invoked outside of the FX thread. */
    static String readTail(Path p, int bytes) {
        if (!Files.isRegularFile(p)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - bytes);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            if (from > 0 && s.indexOf('\n') >= 0) {
                s = s.substring(s.indexOf('\n') + 1);
            }
            return s;
        } catch (IOException e) {
            return "Cannot read " + p + ": " + e.getMessage();
        }
    }

    void showError(String message) {
        statusIsError.set(true);
        status.set(message);
    }

    private void loadRecentFiles() {
        String stored = context.settings().get(StreamSettings.RECENT);
        for (String s : stored.split("\n")) {
            if (!s.isBlank()) {
                try {
                    recentFiles.add(Path.of(s));
                } catch (InvalidPathException e) {
                    // Saved on another system, perhaps: leave it out rather than fail to open the tab.
                }
            }
        }
    }

    /** A stored setting and the field it restores. */
    private record Kept<T>(Settings.Key<T> key, Property<T> field) {
    }

    /** The settings restored and stored as they are, in the order they are restored. */
    private List<Kept<?>> kept() {
        return List.of(new Kept<>(StreamSettings.HEADER, header), new Kept<>(StreamSettings.DELIMITER, delimiter),
                new Kept<>(StreamSettings.CHARSET, charset), new Kept<>(StreamSettings.INTERVAL, interval),
                new Kept<>(StreamSettings.TIMESTAMP, timestampColumn), new Kept<>(StreamSettings.LIMIT, limit),
                new Kept<>(StreamSettings.REVERSE, reverse), new Kept<>(StreamSettings.LOOP, loop),
                new Kept<>(StreamSettings.FORMAT, formatKind), new Kept<>(StreamSettings.TEMPLATE, template),
                new Kept<>(StreamSettings.BAD_ROWS, badRows), new Kept<>(StreamSettings.FILE_ON, fileOn),
                new Kept<>(StreamSettings.FILE_PATH, outPath), new Kept<>(StreamSettings.APPEND, append),
                new Kept<>(StreamSettings.UDP_ON, udpOn), new Kept<>(StreamSettings.UDP_TARGET, udpTarget),
                new Kept<>(StreamSettings.TCP_ON, tcpOn), new Kept<>(StreamSettings.TCP_TARGET, tcpTarget),
                new Kept<>(StreamSettings.LOG_ON, logOn), new Kept<>(StreamSettings.KAFKA_ON, kafkaOn),
                new Kept<>(StreamSettings.KAFKA_BOOTSTRAP, kafkaBootstrap),
                new Kept<>(StreamSettings.KAFKA_TOPIC, kafkaTopic), new Kept<>(StreamSettings.KAFKA_KEY, kafkaKey));
    }

    /** Puts back the settings of the last session. A stored value that no longer makes sense keeps its default. */
    private void restoreSettings(Settings s) {
        for (Kept<?> k : kept()) {
            restore(s, k);
        }
        double storedSpeed = s.getOr(StreamSettings.SPEED, speed.get());
        if (storedSpeed > 0 && !Double.isInfinite(storedSpeed)) {
            speed.set(storedSpeed);
        }
        int storedPartitions = s.getOr(StreamSettings.KAFKA_PARTITIONS, 1);
        if (storedPartitions >= 1 && storedPartitions <= MAX_PARTITIONS) {
            kafkaPartitions.set(storedPartitions);
        }
    }

    private static <T> void restore(Settings s, Kept<T> k) {
        k.field().setValue(s.getOr(k.key(), k.field().getValue()));
    }

    /** Stores each setting when it changes, as the Contention tab does; the window writes them out when it closes. */
    private void saveOnChange(Settings s) {
        for (Kept<?> k : kept()) {
            if (k.field() != outPath) {
                track(s, k);
            }
        }
        speed.addListener((o, a, b) -> s.put(StreamSettings.SPEED, b.doubleValue()));
        kafkaPartitions.addListener((o, a, b) -> s.put(StreamSettings.KAFKA_PARTITIONS, b == null ? 1 : b));
        // The default file follows the output folder (-Dstreamlab.out), so only a path the user chose is stored.
        outPath.addListener((o, a, b) -> s.put(StreamSettings.FILE_PATH, b == null || b.equals(defaultOutPath) ? "" :
                b));
    }

    private static <T> void track(Settings s, Kept<T> k) {
        s.track(k.key(), k.field());
    }

    /** A speed factor as typed: 1 rather than 1.0. */
    static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private void rememberRecent(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        recentFiles.remove(abs);
        recentFiles.add(0, abs);
        if (recentFiles.size() > MAX_RECENT_FILES) {
            recentFiles.remove(MAX_RECENT_FILES, recentFiles.size());
        }
        storeRecent();
    }

    private void forgetRecent(Path path) {
        if (recentFiles.remove(path.toAbsolutePath().normalize())) {
            storeRecent();
        }
    }

    private void storeRecent() {
        context.settings().put(StreamSettings.RECENT, String.join("\n", recentFiles.stream().map(Path::toString).toList()));
    }

    Path outDir() {
        return context.outDir();
    }

    StreamEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        engine.close();
    }
}
