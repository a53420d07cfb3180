package streamlab.ui.stream;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import streamlab.stream.CsvInfo;
import streamlab.stream.CsvRecord;
import streamlab.stream.RecordFormat;
import streamlab.stream.SinkStats;
import streamlab.stream.StreamConfig;
import streamlab.stream.StreamState;
import streamlab.ui.AppContext;
import streamlab.ui.LabTab;
import streamlab.ui.LabView;
import streamlab.ui.ZoomSizes;

/** Controller of the Stream tab. Confined to the FX Application Thread. */
public final class StreamView implements LabView {

    private static final Path COURSE_FILE = Path.of("data", "batchfile_0_farenheit.csv");

    private final AppContext context;
    private final StreamViewModel vm;
    private final AnimationTimer frames;
    private final StreamTab controls;
    private int shownRecent = -1;

    @FXML private BorderPane root;
    @FXML private TextField filePath;
    @FXML private Button openButton;
    @FXML private MenuButton recentButton;
    @FXML private CheckBox headerBox;
    @FXML private ComboBox<String> delimiterBox;
    @FXML private ComboBox<String> charsetBox;
    @FXML private javafx.scene.control.ScrollPane settingsScroll;
    @FXML private javafx.scene.layout.ColumnConstraints labelColumn1;
    @FXML private javafx.scene.layout.ColumnConstraints labelColumn2;
    @FXML private javafx.scene.layout.VBox outputsColumn;
    @FXML private Button startButton;
    @FXML private Button pauseButton;
    @FXML private Button stopButton;
    @FXML private Button stepButton;
    @FXML private Button restartButton;
    @FXML private ProgressBar progressBar;
    @FXML private Label progressLabel;
    @FXML private Label rateLabel;
    @FXML private Label elapsedLabel;
    @FXML private Label nextLabel;
    @FXML private Label behindLabel;
    @FXML private TextField intervalField;
    @FXML private TextField speedField;
    @FXML private ComboBox<String> timestampBox;
    @FXML private TextField limitField;
    @FXML private CheckBox reverseBox;
    @FXML private CheckBox loopBox;
    @FXML private ComboBox<RecordFormat.Kind> formatBox;
    @FXML private TextField templateField;
    @FXML private ComboBox<StreamConfig.BadRows> badRowsBox;
    @FXML private Label formatPreview;
    @FXML private CheckBox fileSinkBox;
    @FXML private TextField outPathField;
    @FXML private CheckBox appendBox;
    @FXML private Button openOutButton;
    @FXML private Button copyPathButton;
    @FXML private CheckBox udpSinkBox;
    @FXML private TextField udpField;
    @FXML private CheckBox tcpSinkBox;
    @FXML private TextField tcpField;
    @FXML private CheckBox logSinkBox;
    @FXML private CheckBox kafkaSinkBox;
    @FXML private javafx.scene.layout.GridPane kafkaGrid;
    @FXML private javafx.scene.layout.ColumnConstraints labelColumn3;
    @FXML private TextField kafkaBootstrapField;
    @FXML private TextField kafkaTopicField;
    @FXML private javafx.scene.control.Spinner<Integer> kafkaPartitionsSpinner;
    @FXML private ComboBox<String> kafkaKeyBox;
    @FXML private TableView<StreamViewModel.RecentRow> recentTable;
    @FXML private TableView<CsvRecord> previewTable;
    @FXML private TextArea tailArea;
    @FXML private ComboBox<String> chartColumnBox;
    @FXML private LineChart<Number, Number> chart;
    @FXML private TableView<SinkStats> sinkTable;
    @FXML private ListView<String> errorList;
    @FXML private Label statusLabel;

    public StreamView(AppContext context) {
        this.context = context;
        this.vm = new StreamViewModel(context, context.io("stream"), context.fx());
        this.controls = new StreamTab(vm, this::revealPacing);
        this.frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                vm.tick();
                followRecent();
            }
        };
        // Stopped on the FX thread before the executors shut down: a tick after that would queue a tail read on
        // the closed stream-io executor.
        context.onCloseFx(frames::stop);
    }

    @FXML
    private void initialize() {
        bindFile();
        bindPacing();
        bindMessage();
        bindOutputs();
        bindControls();
        bindViews();
        root.setOnDragOver(this::dragOver);
        root.setOnDragDropped(this::dragDropped);
        root.setOnDragExited(e -> root.getStyleClass().remove("drop-target"));
        frames.start();
        Path first = vm.recentFiles.stream().filter(Files::isRegularFile).findFirst()
                .orElse(Files.isRegularFile(COURSE_FILE) ? COURSE_FILE : null);
        if (first != null) {
            vm.load(first);
        }
    }

    private void bindFile() {
        vm.file.addListener((o, a, b) -> filePath.setText(b == null ? "" : b.toString()));
        filePath.setOnAction(e -> loadTyped());
        openButton.setOnAction(e -> choose());
        vm.recentFiles.addListener((ListChangeListener<Path>) c -> rebuildRecent());
        rebuildRecent();
        headerBox.selectedProperty().bindBidirectional(vm.header);
        headerBox.selectedProperty().addListener((o, a, b) -> vm.reload());
        delimiterBox.getItems().setAll(StreamViewModel.DELIMITERS);
        delimiterBox.valueProperty().bindBidirectional(vm.delimiter);
        delimiterBox.valueProperty().addListener((o, a, b) -> vm.reload());
        charsetBox.getItems().setAll("UTF-8", "ISO-8859-1", "windows-1252", "US-ASCII");
        charsetBox.valueProperty().bindBidirectional(vm.charset);
        charsetBox.valueProperty().addListener((o, a, b) -> vm.reload());
    }

    private void loadTyped() {
        try {
            vm.load(Path.of(filePath.getText().strip()));
        } catch (InvalidPathException e) {
            vm.showError("'" + filePath.getText() + "' is not a valid path.");
        }
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a CSV file to stream");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("CSV and text files", "*.csv", "*.txt",
                "*.tsv"), new FileChooser.ExtensionFilter("All files", "*.*"));
        Path current = vm.file.get();
        Path dir = current != null && current.toAbsolutePath().getParent() != null
                ? current.toAbsolutePath().getParent() : Path.of("data").toAbsolutePath();
        if (Files.isDirectory(dir)) {
            chooser.setInitialDirectory(dir.toFile());
        }
        File f = chooser.showOpenDialog(root.getScene() == null ? null : root.getScene().getWindow());
        if (f != null) {
            vm.load(f.toPath());
        }
    }

    private void rebuildRecent() {
        recentButton.getItems().clear();
        for (Path p : vm.recentFiles) {
            MenuItem item = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> vm.load(p));
            recentButton.getItems().add(item);
        }
        recentButton.setDisable(vm.recentFiles.isEmpty());
    }

    private void dragOver(DragEvent e) {
        if (e.getDragboard().hasFiles()) {
            e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            if (!root.getStyleClass().contains("drop-target")) {
                root.getStyleClass().add("drop-target");
            }
        }
        e.consume();
    }

    private void dragDropped(DragEvent e) {
        List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
        if (!files.isEmpty()) {
            vm.load(files.get(0).toPath());
        }
        root.getStyleClass().remove("drop-target");
        e.setDropCompleted(!files.isEmpty());
        e.consume();
    }

    private void bindPacing() {
        intervalField.textProperty().bindBidirectional(vm.interval);
        speedField.setText(StreamViewModel.plain(vm.speed.get()));
        speedField.textProperty().addListener((o, a, b) -> {
            double v = StreamViewModel.number(b);
            boolean ok = v > 0 && !Double.isInfinite(v);
            speedField.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("danger"), !ok);
            if (ok) {
                vm.speed.set(v);
            }
        });
        timestampBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? "(none: use the interval)" : s;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        timestampBox.valueProperty().bindBidirectional(vm.timestampColumn);
        vm.info.addListener((o, a, b) -> {
            timestampBox.getItems().setAll("");
            if (b != null) {
                timestampBox.getItems().addAll(b.columns());
            }
        });
        timestampBox.getItems().setAll("");
        intervalField.disableProperty().bind(vm.timestampColumn.isNotEmpty());
        limitField.textProperty().bindBidirectional(vm.limit);
        reverseBox.selectedProperty().bindBidirectional(vm.reverse);
        loopBox.selectedProperty().bindBidirectional(vm.loop);
    }

    private void bindMessage() {
        formatBox.getItems().setAll(RecordFormat.Kind.values());
        formatBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(RecordFormat.Kind k) {
                return k == null ? "" : switch (k) {
                    case TEMPLATE -> "Template";
                    case CSV -> "Raw CSV line";
                    case JSON -> "JSON";
                };
            }

            @Override
            public RecordFormat.Kind fromString(String s) {
                return null;
            }
        });
        formatBox.valueProperty().bindBidirectional(vm.formatKind);
        templateField.textProperty().bindBidirectional(vm.template);
        templateField.disableProperty().bind(vm.formatKind.isNotEqualTo(RecordFormat.Kind.TEMPLATE));
        vm.info.addListener((o, a, b) -> templateField.setPromptText(b == null ? ""
                : RecordFormat.defaultTemplate(b.columns())));
        badRowsBox.getItems().setAll(StreamConfig.BadRows.values());
        badRowsBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(StreamConfig.BadRows b) {
                return b == null ? "" : b == StreamConfig.BadRows.SKIP ? "Report and skip" : "Report and send";
            }

            @Override
            public StreamConfig.BadRows fromString(String s) {
                return null;
            }
        });
        badRowsBox.valueProperty().bindBidirectional(vm.badRows);
        formatPreview.textProperty().bind(vm.formatPreview);
    }

    private void bindKafka() {
        kafkaSinkBox.selectedProperty().bindBidirectional(vm.kafkaOn);
        kafkaGrid.disableProperty().bind(vm.kafkaOn.not());
        kafkaBootstrapField.textProperty().bindBidirectional(vm.kafkaBootstrap);
        kafkaTopicField.textProperty().bindBidirectional(vm.kafkaTopic);
        javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory partitions =
                new javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory(1,
                        StreamViewModel.MAX_PARTITIONS, 1);
        kafkaPartitionsSpinner.setValueFactory(partitions);
        partitions.valueProperty().bindBidirectional(vm.kafkaPartitions);
        kafkaKeyBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? NO_KEY : s;
            }

            @Override
            public String fromString(String s) {
                return s == null || s.equals(NO_KEY) ? "" : s;
            }
        });
        kafkaKeyBox.getItems().setAll("");
        if (!vm.kafkaKey.get().isEmpty()) {
            kafkaKeyBox.getItems().add(vm.kafkaKey.get());
        }
        kafkaKeyBox.valueProperty().bindBidirectional(vm.kafkaKey);
        vm.info.addListener((o, a, b) -> {
            String keep = vm.kafkaKey.get();
            kafkaKeyBox.getItems().setAll("");
            if (b != null) {
                kafkaKeyBox.getItems().addAll(b.columns());
            }
            // Replacing the items clears the selection; the view model's key was already checked against the file.
            vm.kafkaKey.set(keep);
        });
    }

    /** What the key choice shows for no key. */
    static final String NO_KEY = "(none: round-robin)";

    private void bindOutputs() {
        fileSinkBox.selectedProperty().bindBidirectional(vm.fileOn);
        outPathField.textProperty().bindBidirectional(vm.outPath);
        appendBox.selectedProperty().bindBidirectional(vm.append);
        outPathField.disableProperty().bind(vm.fileOn.not());
        appendBox.disableProperty().bind(vm.fileOn.not());
        udpSinkBox.selectedProperty().bindBidirectional(vm.udpOn);
        udpField.textProperty().bindBidirectional(vm.udpTarget);
        udpField.disableProperty().bind(vm.udpOn.not());
        tcpSinkBox.selectedProperty().bindBidirectional(vm.tcpOn);
        tcpField.textProperty().bindBidirectional(vm.tcpTarget);
        tcpField.disableProperty().bind(vm.tcpOn.not());
        logSinkBox.selectedProperty().bindBidirectional(vm.logOn);
        bindKafka();
        openOutButton.setOnAction(e -> context.open(vm.outDir()));
        copyPathButton.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(Path.of(vm.outPath.get()).toAbsolutePath().toString());
            Clipboard.getSystemClipboard().setContent(content);
            vm.status.set("Copied " + content.getString());
        });
    }

    private void bindControls() {
        var active = Bindings.createBooleanBinding(() -> vm.state.get().isActive(), vm.state);
        startButton.setOnAction(e -> vm.start());
        startButton.disableProperty().bind(active.or(vm.info.isNull()));
        pauseButton.setOnAction(e -> vm.togglePause());
        pauseButton.disableProperty().bind(active.not());
        pauseButton.textProperty().bind(Bindings.when(vm.state.isEqualTo(StreamState.PAUSED))
                .then("Res_ume").otherwise("_Pause"));
        stopButton.setOnAction(e -> vm.stop());
        stopButton.disableProperty().bind(active.not());
        stepButton.setOnAction(e -> vm.step());
        stepButton.disableProperty().bind(vm.info.isNull());
        restartButton.setOnAction(e -> vm.restart());
        restartButton.disableProperty().bind(vm.info.isNull());
        progressBar.progressProperty().bind(vm.progress);
        progressLabel.textProperty().bind(vm.progressText);
        rateLabel.textProperty().bind(vm.rateText);
        elapsedLabel.textProperty().bind(vm.elapsedText);
        nextLabel.textProperty().bind(vm.nextText);
        behindLabel.textProperty().bind(vm.behindText);
        statusLabel.textProperty().bind(vm.status);
        vm.statusIsError.addListener((o, a, b) -> {
            statusLabel.getStyleClass().remove("error");
            if (b) {
                statusLabel.getStyleClass().add("error");
            }
        });
    }

    private void bindViews() {
        // Widths set in pixels grow with the zoom, so that labels and values keep their room.
        ZoomSizes.follow(statusLabel, List.of(settingsScroll.prefWidthProperty(), labelColumn1.minWidthProperty(),
                labelColumn2.minWidthProperty(), labelColumn3.minWidthProperty(), delimiterBox.prefWidthProperty(), charsetBox.prefWidthProperty(),
                progressBar.prefWidthProperty(), chartColumnBox.prefWidthProperty(), chart.minHeightProperty(),
                outputsColumn.prefWidthProperty(), outputsColumn.minWidthProperty(), errorList.minHeightProperty(),
                errorList.prefHeightProperty()));
        vm.info.addListener((o, a, b) -> rebuildTables(b));
        // Zoom changes the font: the columns, sized in ems, follow it.
        statusLabel.fontProperty().addListener((o, a, b) -> {
            if (a == null || b.getSize() != a.getSize()) {
                rebuildTables(vm.info.get());
                chart.getYAxis().requestLayout();
            }
        });
        recentTable.setItems(vm.recent);
        previewTable.setItems(vm.previewRows);
        recentTable.setRowFactory(new CurrentRowFactory<>(vm.currentSeq, StreamViewModel.RecentRow::seq));
        tailArea.textProperty().bind(vm.tail);
        tailArea.textProperty().addListener((o, a, b) -> tailArea.setScrollTop(Double.MAX_VALUE));
        chart.getData().add(ChartSeries.following(vm.chartPoints));
        // Records are counted in whole numbers: the axis labels only whole ticks, never "0.5".
        javafx.scene.chart.NumberAxis records = (javafx.scene.chart.NumberAxis) chart.getXAxis();
        records.setMinorTickVisible(false);
        records.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue();
                return v == Math.rint(v) ? String.valueOf((long) v) : "";
            }

            @Override
            public Number fromString(String text) {
                return Long.parseLong(text);
            }
        });
        chartColumnBox.setItems(vm.numericColumns);
        chartColumnBox.valueProperty().bindBidirectional(vm.chartColumn);
        chart.getYAxis().setLabel(vm.chartColumn.get());
        vm.chartColumn.addListener((o, a, b) -> {
            chart.getYAxis().setLabel(b);
            // A new label is laid out only with the axis: without this it can stay at no width, shown empty.
            chart.getYAxis().requestLayout();
        });
        sinkTable.setItems(vm.sinks);
        sinkTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<SinkStats, String> name = textColumn("Output", 160, SinkStats::name);
        name.setCellFactory(c -> new TableCell<>() {
            {
                setTextOverrun(javafx.scene.control.OverrunStyle.CENTER_ELLIPSIS);
            }

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                // Long paths are cut in the middle of the column: the tooltip shows all of it.
                setTooltip(empty || text == null ? null : new javafx.scene.control.Tooltip(text));
            }
        });
        name.setMinWidth(90);
        TableColumn<SinkStats, String> sentCol = textColumn("Sent", 60, s -> String.valueOf(s.sent()));
        sentCol.setMinWidth(55);
        TableColumn<SinkStats, String> failedCol = textColumn("Failed", 60, s -> String.valueOf(s.failed()));
        failedCol.setMinWidth(72);
        TableColumn<SinkStats, String> stateCol = textColumn("State", 100, s -> s.dropped() > 0
                ? s.state() + ", " + s.dropped() + " dropped" : s.state());
        stateCol.setMinWidth(70);
        // A sink that fails or has lost its connection says so in the danger colour.
        stateCol.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                boolean failing = !empty && text != null
                        && (text.startsWith("failing") || text.startsWith("reconnecting")
                        || text.startsWith("retrying"));
                getStyleClass().remove("sink-failing");
                if (failing) {
                    getStyleClass().add("sink-failing");
                }
            }
        });
        sinkTable.getColumns().setAll(List.of(name, sentCol, failedCol, stateCol));
        // Like the other pixel sizes, the columns grow with the zoom, so that their headers stay whole.
        List<javafx.beans.property.DoubleProperty> columnSizes = new java.util.ArrayList<>();
        for (TableColumn<SinkStats, ?> c : sinkTable.getColumns()) {
            columnSizes.add(c.prefWidthProperty());
            columnSizes.add(c.minWidthProperty());
        }
        ZoomSizes.follow(statusLabel, columnSizes);
        errorList.setItems(vm.errors);
    }

    private static <S> TableColumn<S, String> textColumn(String title, double width,
                                                         java.util.function.Function<S, String> value) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private void rebuildTables(CsvInfo info) {
        previewTable.getColumns().clear();
        recentTable.getColumns().clear();
        if (info == null) {
            return;
        }
        double em = statusLabel.getFont().getSize();
        previewTable.getColumns().add(numberColumn("Line", 3.5 * em, r -> r.line()));
        TableColumn<StreamViewModel.RecentRow, Number> seq = numberColumn("#", 3.5 * em,
                StreamViewModel.RecentRow::seq);
        recentTable.getColumns().addAll(List.of(seq, numberColumn("Line", 3.5 * em, StreamViewModel.RecentRow::line)));
        for (int i = 0; i < info.columns().size(); i++) {
            int col = i;
            double width = columnWidth(info, col, em);
            previewTable.getColumns().add(textColumn(info.columns().get(i), width,
                    r -> col < r.fields().size() ? r.fields().get(col) : "∅"));
            recentTable.getColumns().add(textColumn(info.columns().get(i), width,
                    r -> col < r.fields().size() ? r.fields().get(col) : "∅"));
        }
        recentTable.getColumns().add(textColumn("Message sent", 17 * em, StreamViewModel.RecentRow::message));
        // Rows made for the old columns can keep empty cells until they are filled again: fill them now.
        recentTable.refresh();
        previewTable.refresh();
    }

    /** Scrolls the settings back to the pacing, so that an exported screenshot shows how the stream was paced. */
    private void revealPacing() {
        settingsScroll.setVvalue(settingsScroll.getVmin());
        settingsScroll.layout();
    }

    /** Wide enough for the header and the previewed values, in ems of {@code em} pixels, within 5 to 16 em. */
    static double columnWidth(CsvInfo info, int col, double em) {
        int chars = 0;
        for (CsvRecord r : info.preview()) {
            if (col < r.fields().size()) {
                chars = Math.max(chars, r.fields().get(col).length());
            }
        }
        // The header is bold, so its letters count a little wider.
        double widest = Math.max(chars * 0.6 + 1.8, info.columns().get(col).length() * 0.72 + 2.4);
        return Math.max(5 * em, Math.min(16 * em, widest * em));
    }

    private static <S> TableColumn<S, Number> numberColumn(String title, double width,
                                                           java.util.function.ToLongFunction<S> value) {
        TableColumn<S, Number> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.applyAsLong(d.getValue())));
        c.setCellFactory(t -> new TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : String.format(Locale.ROOT, "%d", n.longValue()));
            }
        });
        return c;
    }

    /** Keeps the newest record in view, once per frame at most. */
    private void followRecent() {
        int n = vm.recent.size();
        if (n != shownRecent && n > 0) {
            recentTable.scrollTo(n - 1);
        }
        shownRecent = n;
    }

    StreamViewModel viewModel() {
        return vm;
    }

    AppContext context() {
        return context;
    }


    /** The view model, for tests. */
    StreamViewModel model() {
        return vm;
    }

    @Override
    public LabTab.Controls controls() {
        return controls;
    }
}
