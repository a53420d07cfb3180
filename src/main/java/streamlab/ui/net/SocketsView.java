package streamlab.ui.net;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.transformation.FilteredList;
import javafx.fxml.FXML;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import streamlab.net.Addresses;
import streamlab.net.Direction;
import streamlab.net.ExperimentConfig;
import streamlab.net.ExperimentResult;
import streamlab.ui.RunControl;
import streamlab.ui.export.Exportable;
import streamlab.net.NetError;
import streamlab.net.Protocol;
import streamlab.net.ProtocolResult;
import streamlab.net.TcpServer;
import streamlab.net.TrafficEntry;
import streamlab.ui.AppContext;
import streamlab.ui.Settings;
import streamlab.ui.ZoomSizes;

/**
 * Controller of the Sockets tab: listener toggles, send box, TCP connections, traffic table and the UDP-vs-TCP
 * experiment. Confined to the FX Application Thread. Traffic reaches the table through one drain per frame.
 */
public final class SocketsView implements Exportable, RunControl {

    static final String EXPLAINER = "UDP sends separate datagrams with no connection: nothing is acknowledged or "
            + "resent, so a datagram can be lost, duplicated or overtaken by a later one, and neither side is told. "
            + "Each one arrives whole or not at all, and nobody waits. TCP first opens a connection with a three-way "
            + "handshake (the 'connected' and 'accepted' events), then numbers, acknowledges and resends bytes, so "
            + "the receiver gets everything, in order, once. The price: set-up time, waiting for acknowledgements, "
            + "and backpressure when the reader is slow. TCP carries a byte stream, not messages, so StreamLab ends "
            + "each message with a newline. Run the experiment to see the difference in numbers.";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final String ALL_PROTOCOLS = "All protocols";
    private static final javafx.css.PseudoClass IN = javafx.css.PseudoClass.getPseudoClass("dir-in");
    private static final javafx.css.PseudoClass OUT = javafx.css.PseudoClass.getPseudoClass("dir-out");
    private static final javafx.css.PseudoClass EVENT = javafx.css.PseudoClass.getPseudoClass("dir-event");
    private static final String ALL_DIRECTIONS = "All directions";

    private final AppContext context;
    private final SocketsViewModel model = new SocketsViewModel();
    private ExperimentResult lastResult;
    @FXML
    private javafx.scene.Node root;
    private AnimationTimer frames;
    /** Characters a text or hex cell shows; wider than the columns can be on a 1920-pixel screen. */
    static final int TEXT_CHARS = 160;
    static final int HEX_CHARS = 3 * 40;
    private FilteredList<TrafficEntry> filtered;
    /** What the table shows: the filtered rows, except during the live view, when it keeps the rows it had. */
    private final javafx.collections.ObservableList<TrafficEntry> tableRows = FXCollections.observableArrayList();
    private int frameCount;
    private boolean pendingScroll;
    private boolean flooding;
    /** This many new entries in a frame (about 2,000 a second) start the live view. */
    private static final int LIVE_ROWS = 32;
    /** A drain with fewer rows than this (about 1,000 a second) is calm. */
    private static final int CALM_ROWS = 16;
    /** Calm frames (half a second) after which the table takes over from the live view. */
    private static final int CALM_FRAMES = 30;
    private boolean tailStale;
    private long rateMark;
    private long rateMarkNanos;

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
    private Spinner<Integer> sendRepeat;
    @FXML
    private TextField sendInterval;
    @FXML
    private Button sendButton;
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
    private javafx.scene.layout.FlowPane trafficBar;
    @FXML
    private ComboBox<String> protoFilter;
    @FXML
    private ComboBox<String> dirFilter;
    @FXML
    private TextField textFilter;
    @FXML
    private ToggleButton pauseScroll;
    @FXML
    private ToggleButton recordButton;
    @FXML
    private TableView<TrafficEntry> traffic;
    @FXML
    private javafx.scene.layout.StackPane trafficStack;
    private TrafficTail tail;
    /** True while the live view stands in for the table during a flood. */
    private boolean live;
    /** Frames in a row whose drain brought few rows; the live view ends after {@link #CALM_FRAMES} of them. */
    private int calmFrames;
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
    private TableView<String[]> results;
    @FXML
    private TableColumn<String[], String> metricCol;
    @FXML
    private TableColumn<String[], String> udpCol;
    @FXML
    private TableColumn<String[], String> tcpCol;
    @FXML
    private Label experimentStatus;
    @FXML
    private BarChart<String, Number> chart;

    public SocketsView(AppContext context) {
        this.context = context;
    }

    AppContext context() {
        return context;
    }

    SocketsViewModel model() {
        return model;
    }

    @FXML
    private void initialize() {
        context.onClose(this::close);
        explainer.setText(EXPLAINER);
        sendProtocol.getItems().setAll(Protocol.UDP, Protocol.TCP);
        sendProtocol.getSelectionModel().select(Protocol.UDP);
        sendRepeat.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 1_000_000, 1));
        udpToggle.setOnAction(e -> toggleUdp());
        tcpToggle.setOnAction(e -> toggleTcp());
        udpPort.textProperty().addListener((o, a, b) -> relabel());
        tcpPort.textProperty().addListener((o, a, b) -> relabel());
        restoreSettings(context.settings());
        saveOnChange(context.settings());
        Label noClients = new Label("No TCP clients yet. Start the TCP listener, then send over TCP.");
        noClients.setWrapText(true);
        connectionList.setPlaceholder(noClients);
        // A line wraps rather than hide the close reason behind a horizontal scroll bar.
        connectionList.setCellFactory(list -> {
            javafx.scene.control.ListCell<String> cell = new javafx.scene.control.ListCell<>() {
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

        setUpTraffic();
        setUpExperiment();
        followZoom();

        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                onFrame();
            }
        };
        frames.start();
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
                chart.minHeightProperty(), traffic.fixedCellSizeProperty(), results.fixedCellSizeProperty()));
        for (TableView<?> table : List.of(traffic, results)) {
            for (TableColumn<?, ?> column : table.getColumns()) {
                sizes.add(column.prefWidthProperty());
                sizes.add(column.minWidthProperty());
            }
        }
        ZoomSizes.follow(listenerStatus, sizes);
    }

    /**
     * Puts back the last session's ports, send box and experiment; a stored value that no longer reads keeps the
     * default. All interfaces is not stored on purpose: each start listens on loopback only until the user opts in
     * again, so a choice made once never opens the ports to the network in a later session unnoticed.
     */
    private void restoreSettings(Settings settings) {
        restore(settings, "sockets.udpPort", udpPort, t -> parsePort(t, "UDP listener port"));
        restore(settings, "sockets.tcpPort", tcpPort, t -> parsePort(t, "TCP listener port"));
        sendProtocol.setValue(settings.getEnum("sockets.send.protocol", Protocol.UDP));
        restore(settings, "sockets.send.host", sendHost, SocketsView::requireHost);
        restore(settings, "sockets.send.port", sendPort, SocketsView::receiverPort);
        ExperimentConfig defaults = ExperimentConfig.defaults();
        restore(settings, "sockets.experiment.count", expCount,
                t -> defaults.withCount(parseInt(t, "message count")));
        restore(settings, "sockets.experiment.rate", expRate, t -> defaults.withRate(parseInt(t, "rate")));
        restore(settings, "sockets.experiment.drop", expDrop,
                t -> defaults.withLink(parseDouble(t, "drop percentage"), 0));
        restore(settings, "sockets.experiment.reorder", expReorder,
                t -> defaults.withLink(0, parseDouble(t, "reorder percentage")));
    }

    /** Puts back a stored field text that {@code check} accepts; the field keeps its default otherwise. */
    private static void restore(Settings settings, String key, TextField field, Consumer<String> check) {
        field.setText(settings.getParsed(key, check, field.getText()));
    }

    /** Stores each setting when it changes, as the other tabs do. */
    private void saveOnChange(Settings settings) {
        // A running listener's field shows the port it got, which for 0 is a free port picked this time: store only
        // what was typed while the listener was stopped.
        udpPort.textProperty().addListener((o, a, v) -> {
            if (!model.udpRunning()) {
                settings.put("sockets.udpPort", v == null ? "" : v);
            }
        });
        tcpPort.textProperty().addListener((o, a, v) -> {
            if (!model.tcpRunning()) {
                settings.put("sockets.tcpPort", v == null ? "" : v);
            }
        });
        settings.trackEnum("sockets.send.protocol", sendProtocol.valueProperty());
        settings.track("sockets.send.host", sendHost.textProperty());
        settings.track("sockets.send.port", sendPort.textProperty());
        settings.track("sockets.experiment.count", expCount.textProperty());
        settings.track("sockets.experiment.rate", expRate.textProperty());
        settings.track("sockets.experiment.drop", expDrop.textProperty());
        settings.track("sockets.experiment.reorder", expReorder.textProperty());
    }

    private void setUpTraffic() {
        timeCol.setCellValueFactory(c -> text(TIME.format(Instant.ofEpochMilli(c.getValue().timeMs()))));
        dirCol.setCellValueFactory(c -> text(c.getValue().direction().label()));
        protoCol.setCellValueFactory(c -> text(c.getValue().protocol().name()));
        fromCol.setCellValueFactory(c -> text(c.getValue().from()));
        toCol.setCellValueFactory(c -> text(c.getValue().to()));
        sizeCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().size()));
        // A cell shows at most a screen's width of text: measuring and clipping a long string for every cell is the
        // costliest part of a frame under a flood. Save log keeps the whole preview.
        textCol.setCellValueFactory(c -> text(abbreviate(c.getValue().text(), TEXT_CHARS)));
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

        protoFilter.getItems().setAll(ALL_PROTOCOLS, "UDP", "TCP");
        protoFilter.getSelectionModel().selectFirst();
        dirFilter.getItems().setAll(ALL_DIRECTIONS, "in", "out", "event");
        dirFilter.getSelectionModel().selectFirst();
        filtered = new FilteredList<>(model.rows());
        javafx.beans.binding.Bindings.bindContent(tableRows, filtered);
        traffic.setItems(tableRows);
        tail = new TrafficTail(traffic, dirCol, hexCol, List.of(fromCol, toCol));
        tail.setOnMouseClicked(e -> pauseScroll.setSelected(true));
        trafficStack.getChildren().add(tail);
        protoFilter.valueProperty().addListener((o, a, b) -> refilter());
        dirFilter.valueProperty().addListener((o, a, b) -> refilter());
        textFilter.textProperty().addListener((o, a, b) -> refilter());

        // The bar wraps rather than cut its labels when the window is narrow or zoomed. On one row, the filter field
        // takes the room the other controls leave.
        trafficBar.widthProperty().addListener((o, a, b) -> fitFilterField());
        for (javafx.scene.Node n : trafficBar.getChildren()) {
            if (n != textFilter) {
                n.layoutBoundsProperty().addListener((o, a, b) -> fitFilterField());
            }
        }
    }

    private void fitFilterField() {
        double others = 0;
        for (javafx.scene.Node n : trafficBar.getChildren()) {
            if (n != textFilter && n.isManaged()) {
                // The bar lays its children out at whole pixels.
                others += Math.ceil(n.prefWidth(-1)) + trafficBar.getHgap();
            }
        }
        double rest = Math.floor(trafficBar.getWidth() - trafficBar.snappedLeftInset() - trafficBar.snappedRightInset()
                - others);
        textFilter.setPrefWidth(Math.max(textFilter.getMinWidth(), rest));
    }

    private static <T> javafx.util.Callback<TableColumn<TrafficEntry, T>, TableCell<TrafficEntry, T>> styled(
            String styleClass) {
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

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + '\u2026';
    }

    private static ReadOnlyObjectWrapper<String> text(String s) {
        return new ReadOnlyObjectWrapper<>(s);
    }

    private void refilter() {
        String proto = protoFilter.getValue();
        String dir = dirFilter.getValue();
        String needle = textFilter.getText() == null ? "" : textFilter.getText().strip().toLowerCase(Locale.ROOT);
        filtered.setPredicate(e -> (proto == null || proto.equals(ALL_PROTOCOLS) || e.protocol().name().equals(proto))
                && (dir == null || dir.equals(ALL_DIRECTIONS) || e.direction().label().equals(dir))
                && (needle.isEmpty() || e.text().toLowerCase(Locale.ROOT).contains(needle)
                        || e.from().contains(needle) || e.to().contains(needle)));
        tailStale = true;
    }

    /**
     * Once per frame: drain the log into the table, and now and then refresh the slower parts.
     *
     * <p>Under a flood the table would spend more than a frame re-laying out its cells each time rows arrive, so
     * while rows pour in and scrolling follows them, the live view draws the newest rows instead and the table
     * rests. Rows keep going into the table's list all the while; the table shows them all when the flood ends.
     */
    private void onFrame() {
        boolean following = !pauseScroll.isSelected();
        // Decided before the drain, so that a flood's first rows never reach the table: laying out its cells for the
        // first time is the slowest thing the table does.
        if (!live && following && model.pending() >= LIVE_ROWS) {
            startLive();
        }
        int added = 0;
        // The table takes new rows at most every fourth frame when busy; the live view every frame.
        if (live || !flooding || frameCount % 4 == 0) {
            added = model.drain();
            flooding = added >= SocketsViewModel.ROWS_PER_FRAME / 2;
            calmFrames = added >= CALM_ROWS ? 0 : calmFrames + 1;
        }
        if (live && (!following || calmFrames >= CALM_FRAMES)) {
            stopLive();
        }
        if (live) {
            // Thirty pictures a second are plenty for rows nobody can read one by one; the frames between stay short.
            if (added > 0 && frameCount % 2 == 0 || tailStale) {
                tailStale = false;
                tail.draw(filtered);
            }
        } else {
            if (added > 0) {
                pendingScroll = true;
            }
            if (pendingScroll && (!flooding || frameCount % 4 == 0)) {
                pendingScroll = false;
                if (following && !filtered.isEmpty()) {
                    traffic.scrollTo(filtered.size() - 1);
                }
            }
        }
        if (frameCount % 10 == 0) {
            trafficCount.setText(String.format(Locale.ROOT, "%,d rows shown of %,d in the table · %,d entries in "
                    + "all · %,d counted but not kept", filtered.size(), model.rows().size(),
                    model.totalProperty().get(), model.notShownProperty().get()));
        }
        if (live) {
            showRate();
        }
        if (frameCount++ % 15 == 0) {
            refreshConnections();
        }
    }

    private void startLive() {
        live = true;
        calmFrames = 0;
        rateMark = model.totalProperty().get();
        rateMarkNanos = System.nanoTime();
        tail.setBanner("Live: the newest rows of a flood. Click here or Pause scroll to browse the table.");
        tail.setVisible(true);
        // Its rows frozen, the table does no work for rows it could not show in time anyway.
        javafx.beans.binding.Bindings.unbindContent(tableRows, filtered);
        tail.draw(filtered);
    }

    private void stopLive() {
        live = false;
        tail.setVisible(false);
        // One change brings the table up to date: it keeps its cells, so this costs about one refresh.
        javafx.beans.binding.Bindings.bindContent(tableRows, filtered);
        if (!filtered.isEmpty()) {
            // Where the live view left the reader: at the newest row.
            traffic.scrollTo(filtered.size() - 1);
        }
    }

    /**
     * Puts the arrival rate in the live view's strip, once a second: the listener takes datagrams in bursts when the
     * machine is busy, so a shorter window would jump around.
     */
    private void showRate() {
        long now = System.nanoTime();
        if (now - rateMarkNanos < 1_000_000_000L) {
            return;
        }
        long total = model.totalProperty().get();
        long perSecond = (total - rateMark) * 1_000_000_000L / (now - rateMarkNanos);
        rateMark = total;
        rateMarkNanos = now;
        tail.setBanner(String.format(Locale.ROOT, "Live: the newest rows of a flood (%,d entries/s). Click here or "
                + "Pause scroll to browse the table.", perSecond));
    }

    /** True while the live view is showing; for tests. */
    boolean isLive() {
        return live;
    }

    private void refreshConnections() {
        List<TcpServer.Connection> conns = model.connections();
        List<String> lines = conns.stream().map(c -> String.format(Locale.ROOT, "#%d %s  %s  %,d msgs, %,d B%s",
                c.id(), c.peer(), c.open() ? "open" : "closed", c.messages(), c.bytes(),
                c.open() ? "" : " (" + c.closeNote() + ")")).toList();
        if (!lines.equals(connectionList.getItems())) {
            connectionList.getItems().setAll(lines);
        }
    }

    private void relabel() {
        if (!model.udpRunning()) {
            udpToggle.setText("UDP :" + udpPort.getText().strip());
        }
        if (!model.tcpRunning()) {
            tcpToggle.setText("TCP :" + tcpPort.getText().strip());
        }
    }

    private String bindHost() {
        return allInterfaces.isSelected() ? "0.0.0.0" : Addresses.LOOPBACK;
    }

    private void toggleUdp() {
        if (udpToggle.isSelected()) {
            try {
                int port = model.startUdp(bindHost(), parsePort(udpPort.getText(), "UDP listener port"));
                listening(udpToggle, udpLight, udpPort, "UDP", port);
            } catch (NetError e) {
                failed(udpToggle, udpLight, udpPort, e);
            }
        } else {
            model.stopUdp();
            stopped(udpToggle, udpLight, udpPort, "UDP");
        }
    }

    private void toggleTcp() {
        if (tcpToggle.isSelected()) {
            try {
                int port = model.startTcp(bindHost(), parsePort(tcpPort.getText(), "TCP listener port"));
                listening(tcpToggle, tcpLight, tcpPort, "TCP", port);
            } catch (NetError e) {
                failed(tcpToggle, tcpLight, tcpPort, e);
            }
        } else {
            model.stopTcp();
            stopped(tcpToggle, tcpLight, tcpPort, "TCP");
        }
    }

    private void listening(ToggleButton toggle, Circle light, TextField port, String proto, int actual) {
        port.setText(String.valueOf(actual));
        port.setDisable(true);
        allInterfaces.setDisable(model.udpRunning() || model.tcpRunning());
        toggle.setText(proto + " :" + actual + "  listening");
        setLight(light, "light-on");
        String warning = Addresses.wildcardWarning(bindHost()).map(w -> " " + w).orElse("");
        status(listenerStatus, proto + " listening on " + bindHost() + ":" + actual + "." + warning,
                warning.isEmpty());
    }

    private void stopped(ToggleButton toggle, Circle light, TextField port, String proto) {
        port.setDisable(false);
        allInterfaces.setDisable(model.udpRunning() || model.tcpRunning());
        toggle.setText(proto + " :" + port.getText().strip());
        setLight(light, "light-off");
        status(listenerStatus, proto + " listener stopped.", true);
    }

    private void failed(ToggleButton toggle, Circle light, TextField port, NetError e) {
        toggle.setSelected(false);
        port.setDisable(false);
        toggle.setText(toggle == udpToggle ? "UDP :" + port.getText().strip() + "  error"
                : "TCP :" + port.getText().strip() + "  error");
        setLight(light, "light-error");
        status(listenerStatus, e.getMessage(), false);
    }

    private static void setLight(Circle light, String state) {
        light.getStyleClass().removeAll("light-on", "light-off", "light-error");
        light.getStyleClass().add(state);
    }

    private static void status(Label label, String text, boolean ok) {
        label.setText(text);
        label.getStyleClass().removeAll("ok", "error");
        label.getStyleClass().add(ok ? "ok" : "error");
    }

    private static int parsePort(String text, String what) {
        try {
            return NetError.checkPort(Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            throw new NetError(NetError.Kind.BAD_PORT, "The " + what + " '" + text
                    + "' is not a number. Type a port from 1024 to 65535, such as 9999.");
        }
    }

    @FXML
    private void send() {
        try {
            Protocol proto = sendProtocol.getValue();
            int port = receiverPort(sendPort.getText());
            Duration interval = parseDuration(sendInterval.getText());
            Integer repeat = sendRepeat.getValue();
            status(sendStatus, "Sending…", true);
            model.send(proto, sendHost.getText().strip(), port, sendMessage.getText(), repeat == null ? 1 : repeat,
                    interval).whenComplete((summary, error) -> Platform.runLater(() -> {
                        if (error == null) {
                            status(sendStatus, summary + ".", true);
                        } else {
                            status(sendStatus, message(error), false);
                        }
                    }));
        } catch (NetError e) {
            status(sendStatus, e.getMessage(), false);
        }
    }

    private static int receiverPort(String text) {
        int port = parsePort(text, "port");
        if (port == 0) {
            throw new NetError(NetError.Kind.BAD_PORT, "Port 0 cannot receive. Type the receiver's port.");
        }
        return port;
    }

    private static void requireHost(String text) {
        if (text.isBlank()) {
            throw new NetError(NetError.Kind.OTHER, "The host is empty. Type 127.0.0.1 for this computer.");
        }
    }

    @FXML
    private void disconnect() {
        try {
            model.disconnect(sendHost.getText().strip(), parsePort(sendPort.getText(), "port"));
            status(sendStatus, "TCP connection closed.", true);
        } catch (NetError e) {
            status(sendStatus, e.getMessage(), false);
        }
    }

    private static Duration parseDuration(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m)?").matcher(t);
        if (!m.matches()) {
            throw new NetError(NetError.Kind.OTHER, "The interval '" + text
                    + "' is not a duration. Write it like 0ms, 100ms, 2s or 1m.");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofMillis(n);
        };
    }

    @FXML
    private void toggleRecording() {
        if (recordButton.isSelected()) {
            Path file = context.outDir().resolve("sockets").resolve("traffic-full-"
                    + STAMP.format(LocalDateTime.now()) + ".tsv");
            try {
                model.startRecording(file);
                status(sendStatus, "Recording every entry to " + file, true);
            } catch (NetError e) {
                recordButton.setSelected(false);
                status(sendStatus, e.getMessage(), false);
            }
        } else {
            long n = model.stopRecording();
            status(sendStatus, "Recording stopped: " + n + " entries written.", true);
        }
    }

    @FXML
    private void clear() {
        model.clear();
        tailStale = true;
    }

    @FXML
    private void save() {
        Path file = context.outDir().resolve("sockets").resolve("traffic-" + STAMP.format(LocalDateTime.now())
                + ".tsv");
        model.save(file, context.background()).whenComplete((n, error) -> Platform.runLater(() -> {
            if (error == null) {
                status(sendStatus, "Saved " + n + " log entries to " + file, true);
            } else {
                status(sendStatus, message(error), false);
            }
        }));
    }

    private void setUpExperiment() {
        metricCol.setCellValueFactory(c -> text(c.getValue()[0]));
        udpCol.setCellValueFactory(c -> text(c.getValue()[1]));
        tcpCol.setCellValueFactory(c -> text(c.getValue()[2]));
        results.setPlaceholder(new Label("Press Run experiment."));
        results.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        results.setFixedCellSize(24);
    }

    @FXML
    private void runExperiment() {
        ExperimentConfig config;
        try {
            config = new ExperimentConfig(parseInt(expCount.getText(), "message count"),
                    parseInt(expRate.getText(), "rate"), parseDouble(expDrop.getText(), "drop percentage"),
                    parseDouble(expReorder.getText(), "reorder percentage"), ExperimentConfig.DEFAULT_SEED,
                    null, null);
        } catch (NetError e) {
            experimentStatus.setText(e.getMessage());
            return;
        }
        experimentButton.setDisable(true);
        experimentStatus.setText("Running: " + config.count() + " messages over UDP, then over TCP…");
        model.runExperiment(config).whenComplete((r, error) -> Platform.runLater(() -> {
            experimentButton.setDisable(false);
            if (error == null) {
                showResult(r);
            } else {
                experimentStatus.setText(message(error));
            }
        }));
    }

    /** Fills the results table and the chart. */
    void showResult(ExperimentResult r) {
        lastResult = r;
        ProtocolResult u = r.udp();
        ProtocolResult t = r.tcp();
        results.getItems().setAll(
                row("sent", u, t, ProtocolResult::sent),
                row("delivered", u, t, ProtocolResult::delivered),
                row("lost", u, t, ProtocolResult::lost),
                row("duplicated", u, t, ProtocolResult::duplicated),
                row("out of order", u, t, ProtocolResult::outOfOrder),
                row("time (ms)", u, t, p -> p.ms()),
                row("messages/s", u, t, p -> Math.round(p.perSecond())));
        String udpName = r.simulated() ? "UDP (simulated lossy link)" : "UDP";
        XYChart.Series<String, Number> udpSeries = new XYChart.Series<>();
        udpSeries.setName(udpName);
        XYChart.Series<String, Number> tcpSeries = new XYChart.Series<>();
        tcpSeries.setName("TCP");
        for (String[] m : new String[][] {{"delivered"}, {"lost"}, {"out of order"}}) {
            udpSeries.getData().add(new XYChart.Data<>(m[0], metric(u, m[0])));
            tcpSeries.getData().add(new XYChart.Data<>(m[0], metric(t, m[0])));
        }
        chart.getData().setAll(List.of(udpSeries, tcpSeries));
        experimentStatus.setText(r.simulated()
                ? String.format(Locale.ROOT, "SIMULATED lossy link for UDP (drop %s%%, reorder %s%%, seed %d): "
                        + "%d dropped, %d reordered on purpose. TCP untouched.",
                        percent(r.config().dropPercent()), percent(r.config().reorderPercent()), r.config().seed(),
                        u.simulatedDrops(), u.simulatedReorders())
                : "No simulation: any UDP loss is real (for example a full receive buffer). Try a simulated drop "
                        + "of 5% and reorder of 2%.");
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static int metric(ProtocolResult p, String name) {
        return switch (name) {
            case "delivered" -> Math.max(0, p.delivered());
            case "lost" -> Math.max(0, p.lost());
            default -> p.outOfOrder();
        };
    }

    private static String[] row(String name, ProtocolResult u, ProtocolResult t, Function<ProtocolResult, Number> f) {
        return new String[] {name, fmt(f.apply(u)), fmt(f.apply(t))};
    }

    private static String fmt(Number n) {
        return n.longValue() < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", n.longValue());
    }

    private static int parseInt(String text, String what) {
        try {
            return Integer.parseInt(text.strip().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            throw new NetError(NetError.Kind.OTHER, "The " + what + " '" + text + "' is not a whole number.");
        }
    }

    private static double parseDouble(String text, String what) {
        try {
            return Double.parseDouble(text.strip().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new NetError(NetError.Kind.OTHER, "The " + what + " '" + text + "' is not a number, such as 5.");
        }
    }

    private static String message(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return t instanceof NetError ? t.getMessage() : "Unexpected error: " + t;
    }

    /** Stops the frame timer, the listeners and the threads. */
    void close() {
        if (frames != null) {
            if (Platform.isFxApplicationThread()) {
                frames.stop();
            } else {
                Platform.runLater(frames::stop);
            }
        }
        model.close();
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
        return filtered;
    }

    ListView<String> connectionList() {
        return connectionList;
    }

    BarChart<String, Number> chart() {
        return chart;
    }

    TableView<String[]> resultsTable() {
        return results;
    }

    /** The last experiment's result, or null; for tests. */
    ExperimentResult lastResult() {
        return lastResult;
    }

    /** F5 runs the UDP-versus-TCP experiment; it finishes by itself, so F5 during a run does nothing. */
    @Override
    public void startOrStop() {
        if (!experimentButton.isDisabled()) {
            runExperiment();
        }
    }

    @Override
    public String exportName() {
        return "sockets";
    }

    @Override
    public javafx.scene.Node exportNode() {
        return root;
    }

    @Override
    public streamlab.ui.export.ExportBundle exportBundle() {
        var settings = context.settings();
        return SocketsExport.bundle(keyParameters(), lastResult, List.copyOf(model.rows()), model.log().total(),
                model.log(), settings.reportHeader());
    }

    @Override
    public java.util.Map<String, String> keyParameters() {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("UDP listener", model.udpRunning() ? "on, port " + udpPort.getText().strip() : "off");
        p.put("TCP listener", model.tcpRunning() ? "on, port " + tcpPort.getText().strip() : "off");
        return p;
    }
}
