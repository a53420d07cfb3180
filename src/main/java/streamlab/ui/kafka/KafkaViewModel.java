package streamlab.ui.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import streamlab.kafka.KafkaAdmin;
import streamlab.kafka.KafkaClients;
import streamlab.kafka.KafkaUnavailableException;
import streamlab.kafka.lab.ProcessedMessage;
import streamlab.kafka.monitor.ClusterMonitor;
import streamlab.kafka.monitor.ClusterSnapshot;
import streamlab.kafka.monitor.GroupEvent;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.LagPoint;
import streamlab.kafka.monitor.MessageBatch;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.MonitorSettings;
import streamlab.kafka.monitor.TopicState;
import streamlab.report.ReportHeader;
import streamlab.ui.LabTab;
import streamlab.ui.Settings;
import streamlab.ui.export.ExportBundle;
import streamlab.ui.kafka.KafkaRows.GroupRow;
import streamlab.ui.kafka.KafkaRows.TopicRow;

/**
 * Confined to the FX Application Thread, except {@link #close()}, which any thread may call. The Kafka tab's state:
 * the cluster it watches, its topics, the selected topic's messages, the consumer groups, and the built-in broker
 * ({@link #broker()}) and consumers ({@link #consumers()}).
 *
 * <p>Every call that reaches Kafka (connect, create, delete, reset offsets) runs on the tab's sequential background
 * executor and reports back through the FX executor. The view calls {@link #frame()} once per frame, which pulls the
 * monitor's snapshot and at most {@link #MESSAGES_PER_FRAME} new messages.
 */
public final class KafkaViewModel implements LabTab.Controls, AutoCloseable {

    /** The most messages the tail holds; older ones leave it. */
    static final int TAIL_MAX = 2_000;
    /** The most messages taken from the monitor in one frame. */
    static final int MESSAGES_PER_FRAME = 500;
    /** The lag points held for the chart. */
    static final int LAG_MAX = 5_000;
    /** How a tab with no cluster reads. */
    static final String NOT_CONNECTED = "Not connected. Start the built-in broker, or give a bootstrap and Connect.";

    private final Executor fx;
    private final Executor io;
    private final KafkaEngines engines;
    private final BrokerViewModel broker;
    private final ConsumersViewModel consumers;

    /** The cluster's clients; set on the FX thread once connected, taken by {@link #close()} from any thread. */
    private final AtomicReference<ClusterMonitor> monitor = new AtomicReference<>();
    private final AtomicReference<KafkaAdmin> admin = new AtomicReference<>();
    private volatile boolean closed;
    /** Counts connects, so that the answer of an older one is dropped. */
    private int connectNumber;
    private String connectedTo;
    private ClusterSnapshot lastSnapshot;
    private long lastSeq;
    private long lagSince;
    private long eventsSince;

    private final StringProperty bootstrap = new SimpleStringProperty(KafkaClients.DEFAULT_BOOTSTRAP);
    private final StringProperty clusterStatus = new SimpleStringProperty(NOT_CONNECTED);
    private final BooleanProperty clusterError = new SimpleBooleanProperty();
    private final BooleanProperty connecting = new SimpleBooleanProperty();
    private final BooleanProperty connected = new SimpleBooleanProperty();

    private final ObservableList<TopicRow> topics = FXCollections.observableArrayList();
    private final StringProperty selectedTopic = new SimpleStringProperty();
    private final StringProperty newTopicName = new SimpleStringProperty("");
    private final IntegerProperty newTopicPartitions = new SimpleIntegerProperty(3);
    private final StringProperty topicMessage = new SimpleStringProperty("");
    private final BooleanProperty topicError = new SimpleBooleanProperty();

    private final ObservableList<MessageMark> tail = FXCollections.observableArrayList();
    private final FilteredList<MessageMark> shown = new FilteredList<>(tail);
    private final StringProperty filter = new SimpleStringProperty("");
    private final StringProperty tailCount = new SimpleStringProperty("");
    private long tailMissed;

    private final ObservableList<GroupRow> groups = FXCollections.observableArrayList();
    private final StringProperty selectedGroup = new SimpleStringProperty();
    private final ObservableList<GroupState.PartitionLag> groupPartitions = FXCollections.observableArrayList();
    private final ObservableList<GroupState.Member> groupMembers = FXCollections.observableArrayList();
    private final ObjectProperty<KafkaAdmin.ResetTo> resetTo = new SimpleObjectProperty<>(KafkaAdmin.ResetTo.EARLIEST);
    private final StringProperty resetOffset = new SimpleStringProperty("0");
    private final StringProperty groupMessage = new SimpleStringProperty("");
    private final BooleanProperty groupError = new SimpleBooleanProperty();
    private final List<LagPoint> lagPoints = new ArrayList<>();
    private final List<GroupEvent> events = new ArrayList<>();

    /**
     * @param outDir  where the built-in broker keeps its data ({@code out/kafka})
     * @param fx      the FX thread as an executor ({@code Platform::runLater}; tests may pass {@code Runnable::run})
     * @param io      the tab's sequential background executor
     * @param engines makes the cluster monitor and the built-in consumers
     */
    public KafkaViewModel(Path outDir, Executor fx, Executor io, KafkaEngines engines) {
        this.fx = fx;
        this.io = io;
        this.engines = engines;
        this.broker = new BrokerViewModel(outDir.resolve("kafka"), fx, io, this::connectTo);
        this.consumers = new ConsumersViewModel(fx, io, engines, () -> connectedTo, selectedTopic::get);
        selectedTopic.addListener((o, a, b) -> refilter());
        filter.addListener((o, a, b) -> refilter());
        selectedGroup.addListener((o, a, b) -> showGroup());
    }

    /** Puts back the last session's port, bootstrap and consumers, and stores them as they change. */
    void useSettings(Settings settings) {
        broker.portProperty().set(settings.get(KafkaSettings.BROKER_PORT));
        bootstrap.set(settings.getOr(KafkaSettings.BOOTSTRAP, bootstrap.get()));
        settings.track(KafkaSettings.BROKER_PORT, broker.portProperty().asObject());
        settings.track(KafkaSettings.BOOTSTRAP, bootstrap);
        consumers.useSettings(settings);
    }

    // ---- the cluster

    /** Connects to the bootstrap servers as typed; a wrong or unreachable one is told in one line within 5 s. */
    void connect() {
        String b;
        try {
            b = KafkaClients.checkBootstrap(bootstrap.get());
        } catch (IllegalArgumentException e) {
            unreachable(++connectNumber, e.getMessage());
            return;
        }
        connectTo(b);
    }

    private void connectTo(String b) {
        bootstrap.set(b);
        int number = ++connectNumber;
        dropClients();
        connecting.set(true);
        showCluster("Connecting to " + b + " …", false);
        io.execute(() -> {
            KafkaAdmin a = null;
            try {
                a = KafkaAdmin.connect(b);
                ClusterMonitor m = engines.monitor(MonitorSettings.of(b));
                KafkaAdmin connectedAdmin = a;
                fx.execute(() -> connected(number, b, connectedAdmin, m));
            } catch (KafkaUnavailableException | RuntimeException e) {
                if (a != null) {
                    a.close();
                }
                fx.execute(() -> unreachable(number, e.getMessage()));
            }
        });
    }

    private void connected(int number, String b, KafkaAdmin a, ClusterMonitor m) {
        if (closed || number != connectNumber) {
            io.execute(() -> {
                m.close();
                a.close();
            });
            return;
        }
        admin.set(a);
        monitor.set(m);
        connectedTo = b;
        lastSnapshot = null;
        lastSeq = 0;
        lagSince = 0;
        eventsSince = 0;
        tail.clear();
        tailMissed = 0;
        lagPoints.clear();
        events.clear();
        connecting.set(false);
        connected.set(true);
        showCluster("Connected to " + b + ".", false);
    }

    private void unreachable(int number, String message) {
        if (number != connectNumber) {
            return;
        }
        connecting.set(false);
        connected.set(false);
        connectedTo = null;
        showCluster("Unreachable: " + message, true);
    }

    /** Closes the clients of the cluster watched so far, off the FX thread. */
    private void dropClients() {
        consumers.stopAll();
        ClusterMonitor m = monitor.getAndSet(null);
        KafkaAdmin a = admin.getAndSet(null);
        connected.set(false);
        connectedTo = null;
        if (m != null || a != null) {
            io.execute(() -> {
                if (m != null) {
                    m.close();
                }
                if (a != null) {
                    a.close();
                }
            });
        }
    }

    private void showCluster(String text, boolean isError) {
        clusterStatus.set(text);
        clusterError.set(isError);
    }

    // ---- once a frame

    /**
     * What one frame brought, for the lanes. Immutable.
     *
     * @param newMarks     messages read since the last frame, of any topic
     * @param newProcessed the built-in consumers' messages since the last frame
     * @param newLag       lag points polled since the last frame, of every group
     * @param newEvents    group events noticed since the last frame
     */
    record Frame(List<MessageMark> newMarks, List<ProcessedMessage> newProcessed, List<LagPoint> newLag,
                 List<GroupEvent> newEvents) {
        static final Frame EMPTY = new Frame(List.of(), List.of(), List.of(), List.of());
    }

    /** Pulls what changed since the last frame: the snapshot, new messages, lag points, the consumers' figures. */
    Frame frame() {
        broker.frame();
        ClusterMonitor m = monitor.get();
        List<ProcessedMessage> processed = consumers.frame();
        if (m == null) {
            return processed.isEmpty() ? Frame.EMPTY : new Frame(List.of(), processed, List.of(), List.of());
        }
        ClusterSnapshot s = m.snapshot();
        if (changed(lastSnapshot, s)) {
            lastSnapshot = s;
            apply(s);
        }
        return history(m, drain(m), processed);
    }

    /** The monitor makes a new snapshot object at each call; a new poll has a new time. */
    private static boolean changed(ClusterSnapshot was, ClusterSnapshot now) {
        return was == null || was.timeMs() != now.timeMs() || was.status() != now.status()
                || !was.bootstrap().equals(now.bootstrap());
    }

    private void apply(ClusterSnapshot s) {
        List<TopicState> visible = s.topics().stream().filter(t -> !t.internal()).toList();
        switch (s.status()) {
            case UP -> showCluster(String.format(Locale.ROOT, "Connected to %s · %d topic%s · %d group%s",
                    s.bootstrap(), visible.size(), visible.size() == 1 ? "" : "s", s.groups().size(),
                    s.groups().size() == 1 ? "" : "s"), false);
            case UNREACHABLE -> showCluster("Unreachable: " + s.error(), true);
            case CONNECTING -> showCluster("Connecting to " + s.bootstrap() + " …", false);
        }
        List<TopicRow> rows = visible.stream().map(TopicRow::of).toList();
        if (!rows.equals(topics)) {
            topics.setAll(rows);
        }
        List<GroupRow> g = s.groups().stream().map(GroupRow::of).toList();
        if (!g.equals(groups)) {
            groups.setAll(g);
        }
        showGroup();
    }

    private List<MessageMark> drain(ClusterMonitor m) {
        MessageBatch batch = m.messagesSince(lastSeq, MESSAGES_PER_FRAME);
        if (batch.messages().isEmpty()) {
            return List.of();
        }
        lastSeq = batch.lastSeq();
        tailMissed += batch.missed();
        tail.addAll(batch.messages());
        if (tail.size() > TAIL_MAX) {
            int over = tail.size() - TAIL_MAX;
            tailMissed += over;
            tail.remove(0, over);
        }
        countTail();
        return batch.messages();
    }

    /** Takes the lag points and group events polled since the last frame; returns them as news for the chart. */
    private Frame history(ClusterMonitor m, List<MessageMark> marks, List<ProcessedMessage> processed) {
        List<LagPoint> lag = m.lagSince(lagSince);
        List<GroupEvent> ev = m.groupEventsSince(eventsSince);
        if (!lag.isEmpty()) {
            lagPoints.addAll(lag);
            lagSince = lag.get(lag.size() - 1).timeMs();
            if (lagPoints.size() > LAG_MAX) {
                lagPoints.subList(0, lagPoints.size() - LAG_MAX).clear();
            }
        }
        if (!ev.isEmpty()) {
            events.addAll(ev);
            eventsSince = ev.get(ev.size() - 1).timeMs();
            if (events.size() > LAG_MAX) {
                events.subList(0, events.size() - LAG_MAX).clear();
            }
        }
        if (marks.isEmpty() && processed.isEmpty() && lag.isEmpty() && ev.isEmpty()) {
            return Frame.EMPTY;
        }
        return new Frame(marks, processed, lag, ev);
    }

    private void refilter() {
        String topic = selectedTopic.get();
        String text = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        Predicate<MessageMark> p = m -> (topic == null || topic.equals(m.topic()))
                && (text.isEmpty() || contains(m.key(), text) || contains(m.value(), text)
                || ("p" + m.partition()).equals(text));
        shown.setPredicate(p);
        countTail();
    }

    private static boolean contains(String s, String lowerText) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(lowerText);
    }

    private void countTail() {
        String t = String.format(Locale.ROOT, "%,d shown of %,d held", shown.size(), tail.size());
        if (tailMissed > 0) {
            t += String.format(Locale.ROOT, " (%,d older ones left the tail)", tailMissed);
        }
        tailCount.set(t);
    }

    private void showGroup() {
        String id = selectedGroup.get();
        GroupState g = id == null || lastSnapshot == null ? null : lastSnapshot.group(id).orElse(null);
        List<GroupState.PartitionLag> parts = g == null ? List.of() : g.partitions();
        List<GroupState.Member> members = g == null ? List.of() : g.members();
        if (!parts.equals(groupPartitions)) {
            groupPartitions.setAll(parts);
        }
        if (!members.equals(groupMembers)) {
            groupMembers.setAll(members);
        }
    }

    // ---- topics

    /** Creates the topic named in {@link #newTopicNameProperty()} with the partitions asked for. */
    void createTopic() {
        String name = newTopicName.get() == null ? "" : newTopicName.get().strip();
        int partitions = newTopicPartitions.get();
        if (name.isEmpty()) {
            showTopic("Type the new topic's name first.", true);
            return;
        }
        adminCall("Creating " + name + " …", a -> {
            a.createTopic(name, partitions);
            return "Created " + name + " with " + partitions + " partition" + (partitions == 1 ? "" : "s") + ".";
        }, () -> {
            newTopicName.set("");
            selectedTopic.set(name);
        });
    }

    /** Deletes the selected topic and its messages (the view asks first). */
    void deleteTopic() {
        String name = selectedTopic.get();
        if (name == null) {
            showTopic("Select the topic to delete.", true);
            return;
        }
        adminCall("Deleting " + name + " …", a -> {
            a.deleteTopic(name);
            return "Deleted " + name + ".";
        }, () -> selectedTopic.set(null));
    }

    /** Clears the selected topic: deletes it and creates it again, empty, with as many partitions. */
    void recreateTopic() {
        String name = selectedTopic.get();
        TopicRow row = topicRow(name);
        if (row == null) {
            showTopic("Select the topic to clear.", true);
            return;
        }
        adminCall("Clearing " + name + " …", a -> {
            a.recreateTopic(name, row.partitions());
            return "Cleared " + name + ": " + row.partitions() + " empty partitions, offsets from 0.";
        }, () -> tail.removeIf(m -> m.topic().equals(name)));
    }

    private TopicRow topicRow(String name) {
        return name == null ? null : topics.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** A call on the admin client, on the background executor, with its outcome as the topics' one line. */
    private interface AdminCall {
        String run(KafkaAdmin admin) throws KafkaUnavailableException;
    }

    private void adminCall(String doing, AdminCall call, Runnable onSuccess) {
        adminCall(doing, call, onSuccess, this::showTopic);
    }

    private void adminCall(String doing, AdminCall call, Runnable onSuccess, Shower show) {
        KafkaAdmin a = admin.get();
        if (a == null) {
            show.show("Connect to a cluster first.", true);
            return;
        }
        show.show(doing, false);
        io.execute(() -> {
            try {
                String done = call.run(a);
                ClusterMonitor m = monitor.get();
                if (m != null) {
                    m.refresh();
                }
                fx.execute(() -> {
                    show.show(done, false);
                    onSuccess.run();
                });
            } catch (KafkaUnavailableException | RuntimeException e) {
                fx.execute(() -> show.show(capitalise(e.getMessage()), true));
            }
        });
    }

    private interface Shower {
        void show(String text, boolean isError);
    }

    private void showTopic(String text, boolean isError) {
        topicMessage.set(text);
        topicError.set(isError);
    }

    private void showGroupMessage(String text, boolean isError) {
        groupMessage.set(text);
        groupError.set(isError);
    }

    // ---- groups

    /** Moves the selected group's committed offsets on its topic (the view asks first). */
    void resetOffsets() {
        String g = selectedGroup.get();
        if (g == null) {
            showGroupMessage("Select a group first.", true);
            return;
        }
        GroupRow row = groups.stream().filter(r -> r.groupId().equals(g)).findFirst().orElse(null);
        String topic = row != null && !row.topics().isEmpty() ? row.topics().get(0) : selectedTopic.get();
        if (topic == null) {
            showGroupMessage("Select the topic whose offsets to move.", true);
            return;
        }
        KafkaAdmin.ResetTo to = resetTo.get();
        long offset;
        try {
            offset = to == KafkaAdmin.ResetTo.OFFSET ? Long.parseLong(resetOffset.get().strip()) : 0;
        } catch (NumberFormatException e) {
            showGroupMessage("The offset must be a whole number, such as 0.", true);
            return;
        }
        adminCall("Moving the offsets of " + g + " …", a -> {
            Map<org.apache.kafka.common.TopicPartition, Long> moved = a.resetOffsets(g, topic, to, offset);
            StringBuilder sb = new StringBuilder("Offsets of " + g + " on " + topic + " now at");
            moved.forEach((tp, o) -> sb.append(" p").append(tp.partition()).append('=').append(o));
            return sb.append('.').toString();
        }, () -> { }, this::showGroupMessage);
    }

    /** A sentence for a confirmation: what a reset to the chosen place does. */
    String resetDescription() {
        String target = switch (resetTo.get()) {
            case EARLIEST -> "the earliest offset: the group reads every message again";
            case LATEST -> "the end: the group skips every message not yet read";
            case OFFSET -> "offset " + resetOffset.get().strip() + " on every partition";
        };
        return "Move the committed offsets of " + selectedGroup.get() + " to " + target + "?";
    }

    // ---- run control and export

    /** F5: starts the built-in consumers, or stops them when they run. */
    @Override
    public void startOrStop() {
        if (consumers.runningProperty().get()) {
            consumers.stopAll();
        } else {
            consumers.start();
        }
    }

    @Override
    public ExportBundle exportBundle(ReportHeader header) {
        Map<String, String> params = new LinkedHashMap<>(keyParameters());
        List<String> log = new ArrayList<>();
        events.forEach(e -> log.add(java.time.Instant.ofEpochMilli(e.timeMs()) + " " + e.groupId() + " "
                + e.kind() + ": " + e.detail()));
        return KafkaExport.bundle(params, List.copyOf(topics), lastSnapshot == null ? List.of()
                        : lastSnapshot.groups(), List.copyOf(shown), selectedTopic.get(), consumersFigures(), log,
                header);
    }

    private KafkaExport.Figures consumersFigures() {
        if (consumers.rows().isEmpty() && consumers.processedProperty().get() == 0) {
            return null;
        }
        return new KafkaExport.Figures(consumers.groupProperty().get(), consumers.runTopic(),
                ConsumersViewModel.label(consumers.modeProperty().get()), consumers.rows().size(),
                consumers.processingMsProperty().get(), consumers.processedProperty().get(),
                consumers.duplicatesProperty().get(), consumers.lostProperty().get());
    }

    @Override
    public Map<String, String> keyParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap", Objects.requireNonNullElse(connectedTo, "not connected"));
        String b = broker.bootstrap();
        p.put("built-in broker", b == null ? "stopped" : "running on " + b);
        if (selectedTopic.get() != null) {
            p.put("topic", selectedTopic.get());
        }
        if (selectedGroup.get() != null) {
            p.put("group", selectedGroup.get());
        }
        return p;
    }

    /** Closes the consumers, the monitor, the admin client and the built-in broker, in that order. Any thread. */
    @Override
    public void close() {
        closed = true;
        consumers.close();
        ClusterMonitor m = monitor.getAndSet(null);
        if (m != null) {
            m.close();
        }
        KafkaAdmin a = admin.getAndSet(null);
        if (a != null) {
            a.close();
        }
        broker.close();
    }

    private static String capitalise(String s) {
        if (s == null || s.isEmpty()) {
            return "Failed.";
        }
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    // ---- what the view binds

    BrokerViewModel broker() {
        return broker;
    }

    ConsumersViewModel consumers() {
        return consumers;
    }

    StringProperty bootstrapProperty() {
        return bootstrap;
    }

    ReadOnlyStringProperty clusterStatusProperty() {
        return clusterStatus;
    }

    ReadOnlyBooleanProperty clusterErrorProperty() {
        return clusterError;
    }

    ReadOnlyBooleanProperty connectingProperty() {
        return connecting;
    }

    ReadOnlyBooleanProperty connectedProperty() {
        return connected;
    }

    ObservableList<TopicRow> topics() {
        return topics;
    }

    StringProperty selectedTopicProperty() {
        return selectedTopic;
    }

    StringProperty newTopicNameProperty() {
        return newTopicName;
    }

    IntegerProperty newTopicPartitionsProperty() {
        return newTopicPartitions;
    }

    ReadOnlyStringProperty topicMessageProperty() {
        return topicMessage;
    }

    ReadOnlyBooleanProperty topicErrorProperty() {
        return topicError;
    }

    /** The messages the tail shows: the selected topic's, narrowed by the filter. */
    ObservableList<MessageMark> shownMessages() {
        return shown;
    }

    StringProperty filterProperty() {
        return filter;
    }

    ReadOnlyStringProperty tailCountProperty() {
        return tailCount;
    }

    ObservableList<GroupRow> groups() {
        return groups;
    }

    StringProperty selectedGroupProperty() {
        return selectedGroup;
    }

    ObservableList<GroupState.PartitionLag> groupPartitions() {
        return groupPartitions;
    }

    ObservableList<GroupState.Member> groupMembers() {
        return groupMembers;
    }

    ObjectProperty<KafkaAdmin.ResetTo> resetToProperty() {
        return resetTo;
    }

    StringProperty resetOffsetProperty() {
        return resetOffset;
    }

    ReadOnlyStringProperty groupMessageProperty() {
        return groupMessage;
    }

    ReadOnlyBooleanProperty groupErrorProperty() {
        return groupError;
    }

    /** The latest snapshot, or null before the first. */
    ClusterSnapshot snapshot() {
        return lastSnapshot;
    }

    /** The messages the tail holds of {@code topic}, oldest first: what the lanes start from when it is chosen. */
    List<MessageMark> heldOf(String topic) {
        return tail.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** The selected group's state as last read, or null. */
    GroupState selectedGroupState() {
        String id = selectedGroup.get();
        return id == null || lastSnapshot == null ? null : lastSnapshot.group(id).orElse(null);
    }

    /** The topic whose lag a group's chart shows: the first it has committed to, else the selected topic. */
    String topicOf(GroupState g) {
        if (g != null && !g.partitions().isEmpty()) {
            return g.partitions().get(0).topic();
        }
        return selectedTopic.get();
    }

    /** The lag points held, oldest first; read on the FX thread. */
    List<LagPoint> lagPoints() {
        return lagPoints;
    }

    /** The group events held, oldest first; read on the FX thread. */
    List<GroupEvent> groupEvents() {
        return events;
    }
}
