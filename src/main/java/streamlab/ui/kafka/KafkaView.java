package streamlab.ui.kafka;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import javafx.util.converter.IntegerStringConverter;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.lab.CommitMode;
import streamlab.kafka.lab.LabSnapshot;
import streamlab.kafka.monitor.ClusterSnapshot;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.LagPoint;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.TopicState;
import streamlab.ui.AppContext;
import streamlab.ui.LabTab;
import streamlab.ui.LabView;
import streamlab.ui.kafka.KafkaRows.GroupRow;
import streamlab.ui.kafka.KafkaRows.TopicRow;
import streamlab.ui.kafka.lanes.GroupMembersPane;
import streamlab.ui.kafka.lanes.LagChart;
import streamlab.ui.kafka.lanes.PartitionLanesCanvas;
import streamlab.ui.kafka.lanes.PartitionLanesModel;

/**
 * Confined to the FX Application Thread. Controller of the Kafka tab: binds the cluster bar, the topics, the
 * partition lanes and message tail, the consumer groups and the built-in consumers to {@link KafkaViewModel}, and
 * pulls from it once per frame. Destructive actions ask first in a bar under their buttons, not in a dialog.
 */
public final class KafkaView implements LabView {

    static final String AT_LEAST_ONCE = "After processing: commit once a message is done, so a crash repeats the "
            + "message in hand (at least once: nothing lost, some processed twice).";
    static final String AT_MOST_ONCE = "Before processing: commit first, then process, so a crash loses the message "
            + "in hand (at most once: nothing processed twice, some never).";
    static final String AUTO = "Auto: Kafka commits in the background every second, whatever was processed, so a "
            + "crash can both repeat and skip messages.";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final AppContext context;
    private final KafkaViewModel model;
    private AnimationTimer frames;
    private boolean refeedLanes = true;
    private boolean refeedGroup = true;

    @FXML
    private Node root;
    @FXML
    private TextField brokerPort;
    @FXML
    private Button brokerStart;
    @FXML
    private Button brokerStop;
    @FXML
    private Button brokerReset;
    @FXML
    private ProgressIndicator brokerProgress;
    @FXML
    private Label brokerStatus;
    @FXML
    private Button altPortButton;
    @FXML
    private HBox brokerConfirm;
    @FXML
    private TextField bootstrapField;
    @FXML
    private Button connectButton;
    @FXML
    private ProgressIndicator connectProgress;
    @FXML
    private Label clusterStatus;
    @FXML
    private javafx.scene.layout.VBox topicsColumn;
    @FXML
    private javafx.scene.layout.VBox centreColumn;
    @FXML
    private javafx.scene.layout.VBox groupsColumn;
    @FXML
    private TableView<TopicRow> topicsTable;
    @FXML
    private TableColumn<TopicRow, String> topicNameCol;
    @FXML
    private TableColumn<TopicRow, Integer> topicPartsCol;
    @FXML
    private TableColumn<TopicRow, String> topicEndCol;
    @FXML
    private TextField newTopicName;
    @FXML
    private Spinner<Integer> newTopicPartitions;
    @FXML
    private Button createButton;
    @FXML
    private Button deleteButton;
    @FXML
    private Button recreateButton;
    @FXML
    private HBox topicConfirm;
    @FXML
    private Label topicMessage;
    @FXML
    private HBox lanesBar;
    @FXML
    private Label lanesTitle;
    @FXML
    private StackPane lanesHolder;
    @FXML
    private TextField filterField;
    @FXML
    private Label tailCount;
    @FXML
    private TableView<MessageMark> tailTable;
    @FXML
    private TableColumn<MessageMark, String> timeCol;
    @FXML
    private TableColumn<MessageMark, String> keyCol;
    @FXML
    private TableColumn<MessageMark, Integer> partitionCol;
    @FXML
    private TableColumn<MessageMark, Long> offsetCol;
    @FXML
    private TableColumn<MessageMark, String> valueCol;
    @FXML
    private TableView<GroupRow> groupsTable;
    @FXML
    private TableColumn<GroupRow, String> groupIdCol;
    @FXML
    private TableColumn<GroupRow, String> groupStateCol;
    @FXML
    private TableColumn<GroupRow, Long> groupLagCol;
    @FXML
    private StackPane membersHolder;
    @FXML
    private TableView<GroupState.PartitionLag> lagTable;
    @FXML
    private TableColumn<GroupState.PartitionLag, String> lagPartCol;
    @FXML
    private TableColumn<GroupState.PartitionLag, String> lagCommittedCol;
    @FXML
    private TableColumn<GroupState.PartitionLag, Long> lagEndCol;
    @FXML
    private TableColumn<GroupState.PartitionLag, Long> lagLagCol;
    @FXML
    private StackPane lagChartHolder;
    @FXML
    private ComboBox<KafkaAdmin.ResetTo> resetTo;
    @FXML
    private TextField resetOffset;
    @FXML
    private Button resetOffsetsButton;
    @FXML
    private HBox groupConfirm;
    @FXML
    private Label groupMessage;
    @FXML
    private TextField labGroup;
    @FXML
    private Spinner<Integer> labConsumers;
    @FXML
    private Spinner<Integer> labProcessing;
    @FXML
    private ComboBox<CommitMode> labMode;
    @FXML
    private Button labStart;
    @FXML
    private Button labStopAll;
    @FXML
    private Button labAdd;
    @FXML
    private Label processedFigure;
    @FXML
    private Label duplicatesFigure;
    @FXML
    private Label lostFigure;
    @FXML
    private Label labStatus;
    @FXML
    private TableView<LabSnapshot.ConsumerState> consumersTable;
    @FXML
    private TableColumn<LabSnapshot.ConsumerState, Integer> consumerCol;
    @FXML
    private TableColumn<LabSnapshot.ConsumerState, String> consumerStatusCol;
    @FXML
    private TableColumn<LabSnapshot.ConsumerState, String> consumerPartsCol;
    @FXML
    private TableColumn<LabSnapshot.ConsumerState, Long> consumerDoneCol;
    @FXML
    private TableColumn<LabSnapshot.ConsumerState, LabSnapshot.ConsumerState> consumerActionsCol;

    private final PartitionLanesModel lanesModel = new PartitionLanesModel();
    private final PartitionLanesCanvas lanesCanvas = new PartitionLanesCanvas(lanesModel);
    private final GroupMembersPane members = new GroupMembersPane();
    private final LagChart lagChart = new LagChart();

    public KafkaView(AppContext context) {
        this(context, new KafkaViewModel(context.outDir(), context.fx(), context.io("kafka"),
                KafkaEngines.standard()));
    }

    KafkaView(AppContext context, KafkaViewModel model) {
        this.context = context;
        this.model = model;
    }

    KafkaViewModel model() {
        return model;
    }

    @Override
    public LabTab.Controls controls() {
        return model;
    }

    @FXML
    private void initialize() {
        // The timer stops on the FX thread before the executors shut down; then the engines close on the closer.
        context.onCloseFx(this::stopFrames);
        context.onClose(model);
        model.useSettings(context.settings());
        bindBroker(model.broker());
        bindCluster();
        bindTopics();
        bindTail();
        bindGroups();
        bindConsumers(model.consumers());
        followZoom();

        frames = new AnimationTimer() {
            @Override
            public void handle(long now) {
                onFrame();
            }
        };
        frames.start();
    }

    private void stopFrames() {
        if (frames != null) {
            frames.stop();
        }
    }

    private void onFrame() {
        KafkaViewModel.Frame frame = model.frame();
        feedLanes(frame);
        feedGroup(frame);
    }

    /**
     * Sizes given in pixels (columns, rows, fields, the columns of the split) grow with the zoom, so text is not cut
     * at 150 %; the tab scrolls when it no longer fits.
     */
    private void followZoom() {
        List<javafx.beans.property.DoubleProperty> sizes = new java.util.ArrayList<>();
        for (TableView<?> t : List.of(topicsTable, tailTable, groupsTable, lagTable, consumersTable)) {
            if (t.getFixedCellSize() > 0) {
                sizes.add(t.fixedCellSizeProperty());
            }
            sizes.add(t.prefHeightProperty());
            sizes.add(t.minHeightProperty());
            for (TableColumn<?, ?> c : t.getColumns()) {
                sizes.add(c.prefWidthProperty());
                if (c.getMinWidth() > 10) {
                    sizes.add(c.minWidthProperty());
                }
            }
        }
        for (javafx.scene.layout.Region r : List.<javafx.scene.layout.Region>of(topicsColumn, centreColumn,
                groupsColumn, consumersTable)) {
            sizes.add(r.minWidthProperty());
        }
        for (javafx.scene.layout.Region r : List.<javafx.scene.layout.Region>of(lanesHolder, membersHolder,
                lagChartHolder)) {
            sizes.add(r.minHeightProperty());
            sizes.add(r.prefHeightProperty());
        }
        for (javafx.scene.layout.Region r : List.<javafx.scene.layout.Region>of(resetTo, labMode, labConsumers,
                labProcessing, newTopicPartitions)) {
            sizes.add(r.prefWidthProperty());
        }
        sizes.add(resetTo.minWidthProperty());
        sizes.add(labStatus.prefWidthProperty());
        sizes.add(labStatus.maxWidthProperty());
        streamlab.ui.ZoomSizes.follow(brokerStatus, sizes);
    }

    // ---- cluster bar

    private void bindBroker(BrokerViewModel vm) {
        brokerPort.setTextFormatter(new javafx.scene.control.TextFormatter<>(new IntegerStringConverter(),
                vm.portProperty().get(), c -> c.getControlNewText().matches("\\d{0,5}") ? c : null));
        @SuppressWarnings("unchecked")
        javafx.scene.control.TextFormatter<Integer> portFormat =
                (javafx.scene.control.TextFormatter<Integer>) brokerPort.getTextFormatter();
        portFormat.valueProperty().addListener((o, a, b) -> {
            if (b != null && b > 0 && b <= 65535) {
                vm.portProperty().set(b);
            }
        });
        vm.portProperty().addListener((o, a, b) -> portFormat.setValue(b.intValue()));
        var stopped = vm.stateProperty().isEqualTo(BrokerViewModel.State.STOPPED);
        brokerPort.disableProperty().bind(stopped.not());
        brokerStart.disableProperty().bind(stopped.not());
        brokerStop.disableProperty().bind(vm.stateProperty().isNotEqualTo(BrokerViewModel.State.RUNNING));
        brokerReset.disableProperty().bind(stopped.not());
        var busy = vm.stateProperty().isEqualTo(BrokerViewModel.State.STARTING)
                .or(vm.stateProperty().isEqualTo(BrokerViewModel.State.STOPPING));
        brokerProgress.visibleProperty().bind(busy);
        brokerProgress.managedProperty().bind(busy);
        bindStatus(brokerStatus, vm.statusProperty(), vm.errorProperty());
        brokerStart.setOnAction(e -> vm.start());
        brokerStop.setOnAction(e -> vm.stop());
        brokerReset.setOnAction(e -> confirm(brokerConfirm, "Wipe the broker's data folder: every topic, message "
                + "and committed offset?", "Wipe data", vm::reset));
        vm.offerResetProperty().addListener((o, a, offer) -> {
            if (offer) {
                confirm(brokerConfirm, "The data folder cannot be read. Reset wipes it and starts clean.",
                        "Reset data", vm::reset);
            }
        });
        altPortButton.textProperty().bind(Bindings.concat("Use port ", vm.alternativePortProperty()));
        var offerPort = vm.alternativePortProperty().greaterThan(0);
        altPortButton.visibleProperty().bind(offerPort);
        altPortButton.managedProperty().bind(offerPort);
        altPortButton.setOnAction(e -> vm.useAlternativePort());
    }

    private void bindCluster() {
        bootstrapField.textProperty().bindBidirectional(model.bootstrapProperty());
        bootstrapField.setOnAction(e -> model.connect());
        connectButton.setOnAction(e -> model.connect());
        connectButton.disableProperty().bind(model.connectingProperty());
        connectProgress.visibleProperty().bind(model.connectingProperty());
        connectProgress.managedProperty().bind(model.connectingProperty());
        bindStatus(clusterStatus, model.clusterStatusProperty(), model.clusterErrorProperty());
        clusterStatus.setTooltip(tip(""));
        clusterStatus.getTooltip().textProperty().bind(model.clusterStatusProperty());
    }

    // ---- topics

    private void bindTopics() {
        topicNameCol.setCellValueFactory(c -> text(c.getValue().name()));
        topicPartsCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().partitions()));
        topicEndCol.setCellValueFactory(c -> text(String.format(Locale.ROOT, "%,d", c.getValue().endOffsets())));
        topicPartsCol.setGraphic(null);
        tipOnHeader(topicPartsCol, "Partitions: separate ordered logs of the topic, read in parallel.");
        tipOnHeader(topicEndCol, "The sum of the partitions' end offsets: how many messages were ever written "
                + "(the end offset is the offset the next message will get).");
        topicsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        topicsTable.setPlaceholder(wrapped("No topics yet. Type a name and Create."));
        topicsTable.setItems(model.topics());
        topicsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null) {
                model.selectedTopicProperty().set(row.name());
            }
        });
        // The selection follows the model too: after Create, the new topic is selected once it appears.
        model.selectedTopicProperty().addListener((o, a, name) -> selectTopicRow());
        model.topics().addListener((javafx.collections.ListChangeListener<TopicRow>) c -> selectTopicRow());

        newTopicName.textProperty().bindBidirectional(model.newTopicNameProperty());
        newTopicName.setOnAction(e -> model.createTopic());
        newTopicPartitions.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 64,
                model.newTopicPartitionsProperty().get()));
        newTopicPartitions.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.newTopicPartitionsProperty().set(b);
            }
        });
        var notConnected = model.connectedProperty().not();
        var noTopic = model.selectedTopicProperty().isNull();
        createButton.disableProperty().bind(notConnected);
        deleteButton.disableProperty().bind(notConnected.or(noTopic));
        recreateButton.disableProperty().bind(notConnected.or(noTopic));
        createButton.setOnAction(e -> model.createTopic());
        deleteButton.setOnAction(e -> confirm(topicConfirm, "Delete " + model.selectedTopicProperty().get()
                + " and all its messages?", "Delete", model::deleteTopic));
        recreateButton.setOnAction(e -> confirm(topicConfirm, "Clear " + model.selectedTopicProperty().get()
                + "? Its messages go; offsets start again from 0.", "Clear", model::recreateTopic));
        bindStatus(topicMessage, model.topicMessageProperty(), model.topicErrorProperty());
    }

    private void selectTopicRow() {
        String name = model.selectedTopicProperty().get();
        TopicRow current = topicsTable.getSelectionModel().getSelectedItem();
        if (name == null) {
            topicsTable.getSelectionModel().clearSelection();
            return;
        }
        if (current != null && current.name().equals(name)) {
            return;
        }
        model.topics().stream().filter(t -> t.name().equals(name)).findFirst()
                .ifPresent(t -> topicsTable.getSelectionModel().select(t));
    }

    // ---- lanes and tail

    private void bindTail() {
        timeCol.setCellValueFactory(c -> text(TIME.format(Instant.ofEpochMilli(c.getValue().timeMs()))));
        keyCol.setCellValueFactory(c -> text(c.getValue().key() == null ? "(none)" : c.getValue().key()));
        partitionCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().partition()));
        offsetCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().offset()));
        valueCol.setCellValueFactory(c -> text(c.getValue().value()));
        tipOnHeader(keyCol, "The key decides the partition: messages with the same key land in the same partition, "
                + "in order.");
        tipOnHeader(offsetCol, "Offset: the message's position in its partition, from 0; it never changes.");
        tailTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        tailTable.setFixedCellSize(24);
        tailTable.setPlaceholder(wrapped("No messages yet. Point a producer at the bootstrap address and send to "
                + "the selected topic: its messages appear here and in the lanes."));
        tailTable.setItems(model.shownMessages());
        filterField.textProperty().bindBidirectional(model.filterProperty());
        tailCount.textProperty().bind(model.tailCountProperty());
        model.shownMessages().addListener((javafx.collections.ListChangeListener<MessageMark>) c -> {
            if (!tailTable.getItems().isEmpty()) {
                tailTable.scrollTo(tailTable.getItems().size() - 1);
            }
        });
        model.selectedTopicProperty().addListener((o, a, b) -> {
            lanesTitle.setText(b == null ? "Partitions" : "Partitions of " + b);
            refeedLanes = true;
        });
        lanesCanvas.setMinSize(240, 110);
        lanesHolder.getChildren().setAll(lanesCanvas);
        lanesBar.getChildren().add(lanesCanvas.toolbar());
    }

    /** Feeds the lanes what this frame brought; after a change of topic, first what the tail holds of it. */
    private void feedLanes(KafkaViewModel.Frame frame) {
        String topic = model.selectedTopicProperty().get();
        ClusterSnapshot s = model.snapshot();
        TopicState t = topic == null || s == null ? null : s.topic(topic).orElse(null);
        List<MessageMark> marks = frame.newMarks();
        if (refeedLanes && t != null) {
            refeedLanes = false;
            lanesModel.update(s, null, List.of(), List.of(), Map.of());
            marks = model.heldOf(topic);
        }
        ConsumersViewModel c = model.consumers();
        boolean labOnTopic = topic != null && topic.equals(c.runTopic());
        lanesModel.update(s, t, marks, labOnTopic ? frame.newProcessed() : List.of(),
                labOnTopic ? c.lostOffsets() : Map.of());
        lanesCanvas.redraw();
    }

    // ---- groups

    private void bindGroups() {
        groupIdCol.setCellValueFactory(c -> text(c.getValue().groupId()));
        groupStateCol.setCellValueFactory(c -> text(c.getValue().state()));
        groupLagCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().lag()));
        tipOnHeader(groupLagCol, "Lag: messages written but not yet committed by the group (end offset minus "
                + "committed offset), summed over its partitions.");
        tipOnHeader(groupStateCol, "Stable: members have their partitions. PreparingRebalance / "
                + "CompletingRebalance: a rebalance is sharing the partitions out again. Empty: no members.");
        groupsTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        groupsTable.setPlaceholder(wrapped("No consumer groups yet."));
        groupsTable.setFixedCellSize(24);
        groupsTable.setItems(model.groups());
        groupsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null) {
                model.selectedGroupProperty().set(row.groupId());
            }
        });
        model.groups().addListener((javafx.collections.ListChangeListener<GroupRow>) c -> {
            String id = model.selectedGroupProperty().get();
            if (id == null) {
                return;
            }
            model.groups().stream().filter(g -> g.groupId().equals(id)).findFirst().ifPresent(g -> {
                groupsTable.getSelectionModel().select(g);
                groupsTable.scrollTo(g);
            });
        });

        javafx.scene.control.ScrollPane membersScroll = new javafx.scene.control.ScrollPane(members);
        membersScroll.setFitToWidth(true);
        membersScroll.getStyleClass().add("lanes-scroll");
        Tooltip.install(members, tip("The group's members and the partitions each one holds. When a member joins or "
                + "leaves, a rebalance shares the partitions out again."));
        membersHolder.getChildren().setAll(membersScroll);

        lagPartCol.setCellValueFactory(c -> text("P" + c.getValue().partition()));
        lagCommittedCol.setCellValueFactory(c -> text(c.getValue().committed() < 0 ? "–"
                : Long.toString(c.getValue().committed())));
        lagEndCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().endOffset()));
        lagLagCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().lag()));
        tipOnHeader(lagCommittedCol, "Committed offset: the next offset the group will read after a restart; the "
                + "group stored it with Kafka.");
        tipOnHeader(lagEndCol, "End offset: the offset the next message written to the partition will get.");
        tipOnHeader(lagLagCol, "Lag: end offset minus committed offset, the messages still to be processed.");
        lagTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        lagTable.setFixedCellSize(22);
        lagTable.setPlaceholder(wrapped("Lag per partition of the selected group."));
        lagTable.setItems(model.groupPartitions());

        Tooltip.install(lagChart, tip("Lag over time, per partition and in total. A marker is a rebalance: a member "
                + "joined or left, and the partitions were shared out again."));
        lagChartHolder.getChildren().setAll(lagChart);
        model.selectedGroupProperty().addListener((o, a, b) -> refeedGroup = true);

        resetTo.getItems().setAll(KafkaAdmin.ResetTo.values());
        resetTo.valueProperty().bindBidirectional(model.resetToProperty());
        resetTo.setConverter(new StringConverter<>() {
            @Override
            public String toString(KafkaAdmin.ResetTo r) {
                return r == null ? "" : switch (r) {
                    case EARLIEST -> "earliest";
                    case LATEST -> "latest";
                    case OFFSET -> "offset";
                };
            }

            @Override
            public KafkaAdmin.ResetTo fromString(String s) {
                return null;
            }
        });
        resetOffset.textProperty().bindBidirectional(model.resetOffsetProperty());
        resetOffset.disableProperty().bind(model.resetToProperty().isNotEqualTo(KafkaAdmin.ResetTo.OFFSET));
        resetOffsetsButton.disableProperty().bind(model.selectedGroupProperty().isNull()
                .or(model.connectedProperty().not()));
        resetOffsetsButton.setOnAction(e -> confirm(groupConfirm, model.resetDescription(), "Move offsets",
                model::resetOffsets));
        bindStatus(groupMessage, model.groupMessageProperty(), model.groupErrorProperty());
    }

    /** Shows the selected group's members and feeds its chart; a newly chosen group starts from the held history. */
    private void feedGroup(KafkaViewModel.Frame frame) {
        GroupState g = model.selectedGroupState();
        String topic = model.topicOf(g);
        members.show(g, topic);
        String id = model.selectedGroupProperty().get();
        if (refeedGroup || !java.util.Objects.equals(id, lagChart.groupId())
                || !java.util.Objects.equals(topic, lagChart.topic())) {
            refeedGroup = false;
            lagChart.show(id, topic);
            lagChart.clear();
            lagChart.add(model.lagPoints(), model.groupEvents());
        } else if (!frame.newLag().isEmpty() || !frame.newEvents().isEmpty()) {
            lagChart.add(frame.newLag(), frame.newEvents());
        }
        lagChart.redraw();
    }

    // ---- built-in consumers

    private void bindConsumers(ConsumersViewModel vm) {
        labGroup.textProperty().bindBidirectional(vm.groupProperty());
        labConsumers.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1,
                ConsumersViewModel.MAX_CONSUMERS, vm.consumersProperty().get()));
        labConsumers.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.consumersProperty().set(b);
            }
        });
        labProcessing.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 10_000,
                vm.processingMsProperty().get(), 50));
        labProcessing.getValueFactory().valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.processingMsProperty().set(b);
            }
        });
        labMode.getItems().setAll(CommitMode.values());
        labMode.valueProperty().bindBidirectional(vm.modeProperty());
        labMode.setConverter(new StringConverter<>() {
            @Override
            public String toString(CommitMode m) {
                return m == null ? "" : ConsumersViewModel.label(m);
            }

            @Override
            public CommitMode fromString(String s) {
                return null;
            }
        });
        labMode.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(CommitMode m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : ConsumersViewModel.label(m));
                setTooltip(empty || m == null ? null : tip(explain(m)));
            }
        });
        Tooltip modeTip = tip(explain(vm.modeProperty().get()));
        labMode.setTooltip(modeTip);
        vm.modeProperty().addListener((o, a, m) -> modeTip.setText(explain(m)));

        ReadOnlyBooleanProperty running = vm.runningProperty();
        var idle = running.not().and(vm.startingProperty().not());
        labGroup.disableProperty().bind(idle.not());
        labConsumers.disableProperty().bind(idle.not());
        labProcessing.disableProperty().bind(idle.not());
        labMode.disableProperty().bind(idle.not());
        labStart.disableProperty().bind(idle.not().or(model.connectedProperty().not()));
        labStopAll.disableProperty().bind(running.not());
        labAdd.disableProperty().bind(running.not());
        labStart.setOnAction(e -> vm.start());
        labStopAll.setOnAction(e -> vm.stopAll());
        labAdd.setOnAction(e -> vm.addOne());
        processedFigure.textProperty().bind(vm.processedProperty().asString("%,d"));
        duplicatesFigure.textProperty().bind(vm.duplicatesProperty().asString("%,d"));
        lostFigure.textProperty().bind(vm.lostProperty().asString("%,d"));
        bindStatus(labStatus, vm.statusProperty(), vm.errorProperty());

        consumerCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().number()));
        consumerStatusCol.setCellValueFactory(c -> text(c.getValue().status().name().toLowerCase(Locale.ROOT)));
        consumerPartsCol.setCellValueFactory(c -> text(c.getValue().assignment().isEmpty() ? "none"
                : c.getValue().assignment().stream().map(p -> "P" + p).collect(Collectors.joining(", "))));
        consumerDoneCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().processed()));
        consumerActionsCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        consumerActionsCol.setCellFactory(col -> new ActionsCell(vm));
        consumersTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        consumersTable.setPlaceholder(wrapped("No built-in consumers running."));
        consumersTable.setItems(vm.rows());
    }

    static String explain(CommitMode m) {
        return switch (m) {
            case AUTO -> AUTO;
            case AFTER_PROCESSING -> AT_LEAST_ONCE;
            case BEFORE_PROCESSING -> AT_MOST_ONCE;
        };
    }

    /** Stop and Kill for one consumer; no buttons once it has ended. */
    private static final class ActionsCell extends TableCell<LabSnapshot.ConsumerState, LabSnapshot.ConsumerState> {
        private final Button stop = new Button("Stop");
        private final Button kill = new Button("Kill");
        private final HBox box = new HBox(4, stop, kill);

        ActionsCell(ConsumersViewModel vm) {
            stop.getStyleClass().add("row-button");
            kill.getStyleClass().addAll("row-button", "danger");
            stop.setTooltip(tip("Stop this consumer cleanly: it finishes its message, commits, and leaves the group."));
            kill.setTooltip(tip("Kill this consumer mid-message, as a crash would: nothing more is committed."));
            stop.setOnAction(e -> vm.stop(getItem().number()));
            kill.setOnAction(e -> vm.kill(getItem().number()));
        }

        @Override
        protected void updateItem(LabSnapshot.ConsumerState c, boolean empty) {
            super.updateItem(c, empty);
            boolean live = !empty && c != null && (c.status() == LabSnapshot.Status.RUNNING
                    || c.status() == LabSnapshot.Status.STARTING);
            setGraphic(live ? box : null);
        }
    }

    // ---- helpers

    /** Shows a question with a button that does it and one that does not, in the bar; no modal dialog. */
    private static void confirm(HBox bar, String question, String verb, Runnable action) {
        Label q = new Label(question);
        q.setWrapText(true);
        q.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(q, javafx.scene.layout.Priority.ALWAYS);
        Button yes = new Button(verb);
        yes.getStyleClass().add("danger");
        yes.setMnemonicParsing(false);
        Button no = new Button("Cancel");
        no.setCancelButton(false);
        Runnable hide = () -> {
            bar.setVisible(false);
            bar.setManaged(false);
            bar.getChildren().clear();
        };
        yes.setOnAction(e -> {
            hide.run();
            action.run();
        });
        no.setOnAction(e -> hide.run());
        bar.getChildren().setAll(q, yes, no);
        bar.setVisible(true);
        bar.setManaged(true);
    }

    private static void bindStatus(Label label, javafx.beans.value.ObservableValue<String> text,
                                   ReadOnlyBooleanProperty error) {
        label.textProperty().bind(text);
        // An empty line takes no room: the columns are tight at 800 pixels.
        label.managedProperty().bind(label.textProperty().isNotEmpty());
        label.pseudoClassStateChanged(ERROR, error.get());
        error.addListener((o, a, b) -> label.pseudoClassStateChanged(ERROR, b));
    }

    private static void tipOnHeader(TableColumn<?, ?> col, String text) {
        Label header = new Label(col.getText());
        header.setTooltip(tip(text));
        col.setText(null);
        col.setGraphic(header);
    }

    private static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(420);
        return t;
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("muted");
        return l;
    }

    private static ReadOnlyObjectWrapper<String> text(String s) {
        return new ReadOnlyObjectWrapper<>(s);
    }
}
