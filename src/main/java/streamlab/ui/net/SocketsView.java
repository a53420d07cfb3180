package streamlab.ui.net;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.collections.FXCollections;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Callback;
import streamlab.net.Direction;
import streamlab.net.ExperimentResult;
import streamlab.net.Protocol;
import streamlab.net.TrafficEntry;
import streamlab.ui.AppContext;
import streamlab.ui.LabTab;
import streamlab.ui.LabView;
import streamlab.ui.ZoomSizes;

/**
 * Confined to the FX Application Thread. Controller of the Sockets tab: binds the listener bar, the send box, the TCP
 * connections, the traffic table and the UDP-vs-TCP experiment to {@link SocketsViewModel}, which holds their state
 * and checks what is typed. Traffic reaches the table through one drain per frame.
 */
public final class SocketsView implements LabView {

    static final String EXPLAINER = "UDP sends separate datagrams with no connection: nothing is acknowledged or "
            + "resent, so a datagram can be lost, duplicated or overtaken by a later one, and neither side is told. "
            + "Each one arrives whole or not at all, and nobody waits. TCP first opens a connection with a three-way "
            + "handshake (the 'connected' and 'accepted' events), then numbers, acknowledges and resends bytes, so "
            + "the receiver gets everything, in order, once. The price: set-up time, waiting for acknowledgements, "
            + "and backpressure when the reader is slow. TCP carries a byte stream, not messages, so StreamLab ends "
            + "each message with a newline. Run the experiment to see the difference in numbers.";

    /** Characters a text or hex cell shows; wider than the columns can be on a 1920-pixel screen. */
    static final int TEXT_CHARS = 160;
    static final int HEX_CHARS = 3 * 40;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final PseudoClass IN = PseudoClass.getPseudoClass("dir-in");
    private static final PseudoClass OUT = PseudoClass.getPseudoClass("dir-out");
    private static final PseudoClass EVENT = PseudoClass.getPseudoClass("dir-event");

    private final AppContext context;
    /** The FX thread as an executor, for the one call that may come from elsewhere: stopping the frame timer. */
    private final SocketsViewModel model;
    private AnimationTimer frames;
    private TrafficTail tail;

    @FXML
    private Node root;
    @FXML
    private ToggleButton udpToggle;
    @FXML
    private ToggleButton tcpToggle;
    @FXML
    private Circle udpLight;
    @FXML
    private Circle tcpLight;
    @FXML
    private TextField udpPort;
    @FXML
    private TextField tcpPort;
    @FXML
    private CheckBox allInterfaces;
    @FXML
    private Label listenerStatus;
    @FXML
    private ComboBox<Protocol> sendProtocol;
    @FXML
    private TextField sendHost;
    @FXML
    private TextField sendPort;
    @FXML
    private TextField sendMessage;
    @FXML
    private Button sendButton;
    @FXML
    private Button disconnectButton;
    @FXML
    private Spinner<Integer> sendRepeat;
    @FXML
    private TextField sendInterval;
    @FXML
    private Label sendStatus;
    @FXML
    private ListView<String> connectionList;
    @FXML
    private VBox sideColumn;
    @FXML
    private ColumnConstraints hostColumn;
    @FXML
    private ColumnConstraints portColumn;
    @FXML
    private VBox resultsColumn;
    @FXML
    private Label explainer;
    @FXML
    private FlowPane trafficBar;
    @FXML
    private ComboBox<String> protoFilter;
    @FXML
    private ComboBox<String> dirFilter;
    @FXML
    private TextField textFilter;
    @FXML
    private ToggleButton pauseScroll;
    @FXML
    private Button clearButton;
    @FXML
    private ToggleButton recordButton;
    @FXML
    private Button saveButton;
    @FXML
    private TableView<TrafficEntry> traffic;
    @FXML
    private StackPane trafficStack;
    @FXML
    private TableColumn<TrafficEntry, String> timeCol;
    @FXML
    private TableColumn<TrafficEntry, String> dirCol;
    @FXML
    private TableColumn<TrafficEntry, String> protoCol;
    @FXML
    private TableColumn<TrafficEntry, String> fromCol;
    @FXML
    private TableColumn<TrafficEntry, String> toCol;
    @FXML
    private TableColumn<TrafficEntry, Integer> sizeCol;
    @FXML
    private TableColumn<TrafficEntry, String> textCol;
    @FXML
    private TableColumn<TrafficEntry, String> hexCol;
    @FXML
    private Label trafficCount;
    @FXML
    private Button experimentButton;
    @FXML
    private TextField expCount;
    @FXML
    private TextField expRate;
    @FXML
    private TextField expDrop;
    @FXML
    private TextField expReorder;
    @FXML
    private TextField expSeed;
    @FXML
    private Label expSeedUsed;
    @FXML
    private FlowPane experimentBar;
    @FXML
    private VBox experimentArea;
    @FXML
    private HBox experimentRow;
    @FXML
    private TableView<String[]> results;
    @FXML
    private TableColumn<String[], String> metricCol;
    @FXML
    private TableColumn<String[], String> udpCol;
    @FXML
    private TableColumn<String[], String> tcpCol;
    @FXML
    private Label experimentStatus;
    /** The small multiples: one chart per measure, each with its own scale, so 12 lost reads beside 2,000. */
    @FXML
    private HBox charts;
    private final List<StackedBarChart<String, Number>> smallCharts = new ArrayList<>();

    public SocketsView(AppContext context) {
        this(context, SocketsViewModel.withExperimentThread(context.outDir(), context.fx(), context.io("sockets")));
    }

    SocketsView(AppContext context, SocketsViewModel model) {
        this.context = context;
        this.model = model;
    }

    AppContext context() {
        return context;
    }

    SocketsViewModel model() {
        return model;
    }

    @FXML
    private void initialize() {
        // The timer stops on the FX thread before the executors shut down; then the model closes.
        context.onCloseFx(this::stopFrames);
        context.onClose(model);
        explainer.setText(EXPLAINER);
        bindListeners(model.listeners());
        bindSend(model.send());
        bindTraffic(model.traffic());
        bindExperiment(model.experiment());
        model.useSettings(context.settings());
        followZoom();

        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                onFrame();
            }
        };
        frames.start();
    }

    private void bindListeners(ListenersViewModel vm) {
        bindListener(vm.udp(), udpToggle, udpLight, udpPort);
        bindListener(vm.tcp(), tcpToggle, tcpLight, tcpPort);
        allInterfaces.selectedProperty().bindBidirectional(vm.allInterfacesProperty());
        allInterfaces.disableProperty().bind(vm.anyRunningProperty());
        bindStatus(listenerStatus, vm.status());

        Label noClients = new Label("No TCP clients yet. Start the TCP listener, then send over TCP.");
        noClients.setWrapText(true);
        connectionList.setPlaceholder(noClients);
        // A line wraps rather than hide the close reason behind a horizontal scroll bar.
        connectionList.setCellFactory(list -> {
            ListCell<String> cell = new ListCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty ? null : item);
                }
            };
            cell.setWrapText(true);
            cell.prefWidthProperty().bind(list.widthProperty().subtract(24));
            return cell;
        });
        connectionList.setItems(vm.connections());
    }

    private static void bindListener(ListenersViewModel.Listener l, ToggleButton toggle, Circle light,
            TextField port) {
        port.textProperty().bindBidirectional(l.portTextProperty());
        port.disableProperty().bind(l.runningProperty());
        toggle.textProperty().bind(l.labelProperty());
        bindToggle(toggle, l.runningProperty(), l::setOn);
        showLight(light, l.lightProperty());
    }

    /** The toggle asks; the model's state answers, so a start that fails leaves the toggle off. */
    private static void bindToggle(ToggleButton toggle, ReadOnlyBooleanProperty state, Consumer<Boolean> command) {
        toggle.setSelected(state.get());
        state.addListener((o, a, on) -> toggle.setSelected(on));
        toggle.setOnAction(e -> {
            command.accept(toggle.isSelected());
            toggle.setSelected(state.get());
        });
    }

    private static void showLight(Circle light, ReadOnlyObjectProperty<ListenersViewModel.Light> state) {
        Consumer<ListenersViewModel.Light> show = s -> {
            light.getStyleClass().removeAll("light-on", "light-off", "light-error");
            light.getStyleClass().add("light-" + s.name().toLowerCase(Locale.ROOT));
        };
        show.accept(state.get());
        state.addListener((o, a, s) -> show.accept(s));
    }

    private static void bindStatus(Label label, StatusLine status) {
        label.textProperty().bind(status.textProperty());
        Consumer<StatusLine.Kind> show = k -> {
            label.getStyleClass().removeAll("ok", "error");
            if (k != StatusLine.Kind.NONE) {
                label.getStyleClass().add(k == StatusLine.Kind.OK ? "ok" : "error");
            }
        };
        show.accept(status.kindProperty().get());
        status.kindProperty().addListener((o, a, k) -> show.accept(k));
    }

    private void bindSend(SendViewModel vm) {
        sendProtocol.getItems().setAll(Protocol.UDP, Protocol.TCP);
        sendProtocol.valueProperty().bindBidirectional(vm.protocolProperty());
        sendHost.textProperty().bindBidirectional(vm.hostProperty());
        sendPort.textProperty().bindBidirectional(vm.portProperty());
        sendMessage.textProperty().bindBidirectional(vm.messageProperty());
        sendRepeat.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 1_000_000, 1));
        sendRepeat.getValueFactory().valueProperty().bindBidirectional(vm.repeatProperty());
        sendInterval.textProperty().bindBidirectional(vm.intervalProperty());
        bindStatus(sendStatus, vm.status());
        sendMessage.setOnAction(e -> vm.send());
        sendButton.setOnAction(e -> vm.send());
        disconnectButton.setOnAction(e -> vm.disconnect());
    }

    /**
     * Keeps the tab's fixed sizes (columns, side panels, row heights) in proportion to the font. Zooming changes the
     * font, and without this the text would grow inside boxes that stay the same: cut off, or running under the
     * panel beside it. At 100 % every size stays as the FXML gives it.
     */
    private void followZoom() {
        List<DoubleProperty> sizes = new ArrayList<>(List.of(
                sideColumn.prefWidthProperty(), sideColumn.minWidthProperty(), sideColumn.maxWidthProperty(),
                sendStatus.maxWidthProperty(), hostColumn.minWidthProperty(), portColumn.minWidthProperty(),
                portColumn.maxWidthProperty(), connectionList.prefHeightProperty(),
                resultsColumn.prefWidthProperty(), resultsColumn.minWidthProperty(),
                experimentStatus.maxWidthProperty(), results.prefHeightProperty(), results.minHeightProperty(),
                charts.minHeightProperty(), charts.prefHeightProperty(), traffic.fixedCellSizeProperty(),
                results.fixedCellSizeProperty()));
        for (StackedBarChart<String, Number> c : smallCharts) {
            sizes.add(c.prefWidthProperty());
            sizes.add(c.minWidthProperty());
            sizes.add(((NumberAxis) c.getYAxis()).prefWidthProperty());
            sizes.add(((NumberAxis) c.getYAxis()).minWidthProperty());
        }
        for (TableView<?> table : List.of(traffic, results)) {
            for (TableColumn<?, ?> column : table.getColumns()) {
                sizes.add(column.prefWidthProperty());
                sizes.add(column.minWidthProperty());
            }
        }
        // A combo box measures its widest item once and keeps that width when the font shrinks again: its width is
        // given, and follows the zoom like the others.
        sizes.add(protoFilter.prefWidthProperty());
        sizes.add(dirFilter.prefWidthProperty());
        ZoomSizes.follow(listenerStatus, sizes);
        // The small charts' axes measure their tick labels again for the new font.
        listenerStatus.fontProperty().addListener((o, a, b) -> {
            smallCharts.forEach(c -> {
                c.getXAxis().requestLayout();
                c.getYAxis().requestLayout();
                c.requestLayout();
            });
            // The wrapping bars measure their rows again at the new font.
            experimentBar.setMinHeight(javafx.scene.layout.Region.USE_COMPUTED_SIZE);
            trafficBar.setMinHeight(javafx.scene.layout.Region.USE_COMPUTED_SIZE);
        });
    }

    private void bindTraffic(TrafficViewModel vm) {
        timeCol.setCellValueFactory(c -> text(TIME.format(Instant.ofEpochMilli(c.getValue().timeMs()))));
        dirCol.setCellValueFactory(c -> text(c.getValue().direction().label()));
        protoCol.setCellValueFactory(c -> text(c.getValue().protocol().name()));
        fromCol.setCellValueFactory(c -> text(c.getValue().from()));
        toCol.setCellValueFactory(c -> text(c.getValue().to()));
        sizeCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().size()));
        // A cell shows at most a screen's width of text: measuring and clipping a long string for every cell is the
        // costliest part of a frame under a flood. Save log keeps the whole preview.
        textCol.setCellValueFactory(c -> text(abbreviate(c.getValue().text(), TEXT_CHARS)));
        textCol.setCellFactory(col -> new TextCell());
        hexCol.setCellValueFactory(c -> text(abbreviate(c.getValue().hex(), HEX_CHARS)));
        dirCol.setCellFactory(styled("dir-cell"));
        hexCol.setCellFactory(styled("hex-cell"));
        fromCol.setCellFactory(styled("address-cell"));
        toCol.setCellFactory(styled("address-cell"));
        traffic.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(TrafficEntry item, boolean empty) {
                super.updateItem(item, empty);
                // Pseudo-classes rather than style classes: cheaper to switch when rows are reused under a flood.
                Direction d = empty || item == null ? null : item.direction();
                pseudoClassStateChanged(IN, d == Direction.RECEIVED);
                pseudoClassStateChanged(OUT, d == Direction.SENT);
                pseudoClassStateChanged(EVENT, d == Direction.EVENT);
            }
        });
        traffic.setPlaceholder(new Label("No traffic yet. Start a listener, then send a message to its port."));
        traffic.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // A fixed row height lets the table skip measuring rows: it stays smooth with thousands of them.
        traffic.setFixedCellSize(26);
        traffic.setItems(vm.tableRows());

        protoFilter.getItems().setAll(TrafficViewModel.PROTOCOL_CHOICES);
        protoFilter.valueProperty().bindBidirectional(vm.protocolFilterProperty());
        dirFilter.getItems().setAll(TrafficViewModel.DIRECTION_CHOICES);
        dirFilter.valueProperty().bindBidirectional(vm.directionFilterProperty());
        textFilter.textProperty().bindBidirectional(vm.textFilterProperty());
        pauseScroll.selectedProperty().bindBidirectional(vm.pauseScrollProperty());
        bindToggle(recordButton, vm.recordingProperty(), vm::setRecording);
        clearButton.setOnAction(e -> vm.clear());
        saveButton.setOnAction(e -> vm.save());
        trafficCount.textProperty().bind(vm.countTextProperty());

        tail = new TrafficTail(traffic, dirCol, hexCol, List.of(fromCol, toCol));
        tail.setOnMouseClicked(e -> vm.pauseScrollProperty().set(true));
        trafficStack.getChildren().add(tail);
        vm.bannerProperty().addListener((o, a, text) -> tail.setBanner(text));
        vm.liveProperty().addListener((o, a, on) -> {
            if (on) {
                tail.setBanner(vm.bannerProperty().get());
                tail.setVisible(true);
                tail.draw(vm.filtered());
            } else {
                tail.setVisible(false);
                // Where the live view left the reader: at the newest row.
                scrollToEnd();
            }
        });

        // The bar wraps rather than cut its labels when the window is narrow or zoomed. On one row, the filter field
        // takes the room the other controls leave.
        trafficBar.widthProperty().addListener((o, a, b) -> fitFilterField());
        for (Node n : trafficBar.getChildren()) {
            if (n != textFilter) {
                n.layoutBoundsProperty().addListener((o, a, b) -> fitFilterField());
            }
        }
    }

    private void fitFilterField() {
        double others = 0;
        for (Node n : trafficBar.getChildren()) {
            if (n != textFilter && n.isManaged()) {
                // The bar lays its children out at whole pixels.
                others += Math.ceil(n.prefWidth(-1)) + trafficBar.getHgap();
            }
        }
        double rest = Math.floor(trafficBar.getWidth() - trafficBar.snappedLeftInset() - trafficBar.snappedRightInset()
                - others);
        textFilter.setPrefWidth(Math.max(textFilter.getMinWidth(), rest));
    }

    private static <T> Callback<TableColumn<TrafficEntry, T>, TableCell<TrafficEntry, T>> styled(String styleClass) {
        return col -> {
            TableCell<TrafficEntry, T> cell = new TableCell<>() {
                @Override
                protected void updateItem(T item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : item.toString());
                }
            };
            cell.getStyleClass().add(styleClass);
            return cell;
        };
    }

    /** A text cell whose tooltip holds the whole text, for an event or message wider than its column. */
    private static final class TextCell extends TableCell<TrafficEntry, String> {
        /** One per cell, its text replaced as rows are reused: no new tooltip per row under a flood. */
        private final Tooltip tip = new Tooltip();

        TextCell() {
            tip.setWrapText(true);
            tip.setMaxWidth(640);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item);
            TrafficEntry entry = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (entry == null || entry.text().isEmpty()) {
                setTooltip(null);
            } else {
                tip.setText(entry.text());
                setTooltip(tip);
            }
        }
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + '\u2026';
    }

    private static ReadOnlyObjectWrapper<String> text(String s) {
        return new ReadOnlyObjectWrapper<>(s);
    }

    private void bindExperiment(ExperimentViewModel vm) {
        expCount.textProperty().bindBidirectional(vm.countProperty());
        expRate.textProperty().bindBidirectional(vm.rateProperty());
        expDrop.textProperty().bindBidirectional(vm.dropProperty());
        expReorder.textProperty().bindBidirectional(vm.reorderProperty());
        expSeed.textProperty().bindBidirectional(vm.seedProperty());
        expSeedUsed.textProperty().bind(vm.seedUsedProperty());
        experimentButton.disableProperty().bind(vm.runningProperty());
        experimentStatus.textProperty().bind(vm.statusProperty());
        metricCol.setCellValueFactory(c -> text(c.getValue()[0]));
        udpCol.setCellValueFactory(c -> text(c.getValue()[1]));
        tcpCol.setCellValueFactory(c -> text(c.getValue()[2]));
        results.setPlaceholder(new Label("Press Run experiment."));
        results.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        results.setFixedCellSize(24);
        results.setItems(vm.rows());
        experimentButton.setOnAction(e -> vm.run());
        for (String metric : List.of("delivered", "lost", "out of order")) {
            NumberAxis counts = new NumberAxis();
            counts.setTickLabelFormatter(COMPACT);
            // A given width, which follows the zoom: an axis that measures its own labels keeps the width it had at
            // a larger font.
            counts.setPrefWidth(AXIS_WIDTH);
            counts.setMinWidth(AXIS_WIDTH);
            StackedBarChart<String, Number> c = new StackedBarChart<>(
                    new CategoryAxis(FXCollections.observableArrayList("UDP", "TCP")), counts);
            c.setTitle(metric);
            c.setLegendVisible(false);
            c.setAnimated(false);
            c.setCategoryGap(14);
            c.setPrefWidth(SMALL_CHART_WIDTH);
            c.setMinWidth(SMALL_CHART_WIDTH * 0.6);
            c.getStyleClass().add("small-chart");
            HBox.setHgrow(c, javafx.scene.layout.Priority.ALWAYS);
            smallCharts.add(c);
        }
        charts.getChildren().setAll(smallCharts);
        vm.resultProperty().addListener((o, a, r) -> showChart(vm));
        holdWrappedHeight(experimentBar);
        holdWrappedHeight(trafficBar);
        // Beside the results when there is room, under them when the window is narrow or zoomed: never cut.
        experimentArea.widthProperty().addListener((o, a, b) -> placeCharts());
        results.widthProperty().addListener((o, a, b) -> placeCharts());
    }

    /**
     * Keeps a wrapping bar's minimum height at the height of the rows it has at its width. Asked without a width, a
     * flow pane answers with one row; the split pane would then give its half too little room, and the rows below
     * would be drawn over the bar. With this, the tab scrolls instead.
     */
    private static void holdWrappedHeight(FlowPane bar) {
        bar.widthProperty().addListener((o, a, w) -> bar.setMinHeight(Math.ceil(bar.prefHeight(w.doubleValue()))));
        bar.heightProperty().addListener((o, a, h) -> {
            double rows = Math.ceil(bar.prefHeight(bar.getWidth()));
            if (bar.getWidth() > 0 && rows != bar.getMinHeight()) {
                bar.setMinHeight(rows);
            }
        });
    }

    /** A small chart's width at 100 %; each chart is one measure with its own scale. */
    static final double SMALL_CHART_WIDTH = 130;
    /** The width of a small chart's count axis at 100 %: room for labels such as 2,500 or 10k. */
    static final double AXIS_WIDTH = 44;
    /** Axis labels in at most five characters: 950, 2,500, 10k, 1.5M. */
    static final javafx.util.StringConverter<Number> COMPACT = new javafx.util.StringConverter<>() {
        @Override
        public String toString(Number n) {
            double v = n.doubleValue();
            if (Math.abs(v) >= 1_000_000) {
                return String.format(Locale.ROOT, "%.1fM", v / 1_000_000).replace(".0M", "M");
            }
            if (Math.abs(v) >= 10_000) {
                return String.format(Locale.ROOT, "%.0fk", v / 1_000);
            }
            return String.format(Locale.ROOT, "%,.0f", v);
        }

        @Override
        public Number fromString(String s) {
            return null;
        }
    };

    private void placeCharts() {
        double need = experimentArea.snappedLeftInset() + experimentArea.snappedRightInset()
                + resultsColumn.getPrefWidth() + experimentRow.getSpacing()
                + smallCharts.stream().mapToDouble(StackedBarChart::getPrefWidth).sum()
                + charts.getSpacing() * (smallCharts.size() - 1);
        boolean beside = experimentArea.getWidth() >= need;
        if (beside && charts.getParent() != experimentRow) {
            experimentArea.getChildren().remove(charts);
            experimentRow.getChildren().add(charts);
        } else if (!beside && charts.getParent() != experimentArea) {
            experimentRow.getChildren().remove(charts);
            experimentArea.getChildren().add(charts);
        }
    }

    /** One small chart per measure: a UDP bar and a TCP bar on that measure's own scale. */
    private void showChart(ExperimentViewModel vm) {
        List<ExperimentViewModel.Bar> bars = vm.bars();
        for (int i = 0; i < smallCharts.size(); i++) {
            XYChart.Series<String, Number> udpSeries = new XYChart.Series<>();
            udpSeries.setName(vm.udpSeriesName());
            XYChart.Series<String, Number> tcpSeries = new XYChart.Series<>();
            tcpSeries.setName("TCP");
            if (i < bars.size()) {
                udpSeries.getData().add(new XYChart.Data<>("UDP", bars.get(i).udp()));
                tcpSeries.getData().add(new XYChart.Data<>("TCP", bars.get(i).tcp()));
            }
            smallCharts.get(i).getData().setAll(List.of(udpSeries, tcpSeries));
        }
    }

    /** Once per frame: the model drains the traffic; the view draws the live view or scrolls when it says so. */
    private void onFrame() {
        TrafficViewModel.Frame f = model.frame();
        if (f.drawLive()) {
            tail.draw(model.traffic().filtered());
        }
        if (f.scrollToEnd()) {
            scrollToEnd();
        }
    }

    private void scrollToEnd() {
        List<TrafficEntry> rows = model.traffic().filtered();
        if (!rows.isEmpty()) {
            traffic.scrollTo(rows.size() - 1);
        }
    }

    /** Fills the results table and the chart; for tests. */
    void showResult(ExperimentResult r) {
        model.experiment().show(r);
    }

    private void stopFrames() {
        if (frames != null) {
            frames.stop();
        }
    }


    /** Test hooks. */
    TableView<TrafficEntry> trafficTable() {
        return traffic;
    }

    TrafficTail trafficTail() {
        return tail;
    }

    /** The table's rows, filtered as the table shows them (the live view draws from the same list). */
    List<TrafficEntry> trafficRows() {
        return model.traffic().filtered();
    }

    ListView<String> connectionList() {
        return connectionList;
    }

    /** The small charts: delivered, lost, out of order. */
    List<StackedBarChart<String, Number>> charts() {
        return smallCharts;
    }

    TableView<String[]> resultsTable() {
        return results;
    }

    /** The last experiment's result, or null; for tests. */
    ExperimentResult lastResult() {
        return model.experiment().resultProperty().get();
    }

    /** True while the live view is showing; for tests. */
    boolean isLive() {
        return model.traffic().isLive();
    }

    @Override
    public LabTab.Controls controls() {
        return model;
    }
}
