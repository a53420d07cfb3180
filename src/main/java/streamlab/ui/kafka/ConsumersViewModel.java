package streamlab.ui.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import streamlab.kafka.lab.CommitMode;
import streamlab.kafka.lab.ConsumerLab;
import streamlab.kafka.lab.LabSettings;
import streamlab.kafka.lab.LabSnapshot;
import streamlab.kafka.lab.ProcessedMessage;
import streamlab.ui.Settings;

/**
 * Confined to the FX Application Thread, except {@link #close()}, which any thread may call. The built-in consumers:
 * a group of N consumers on the selected topic, each processing a message for a set time and committing as the
 * commit mode says, with their figures (processed, duplicates, lost). Starting, stopping and killing run on the tab's
 * background executor.
 */
final class ConsumersViewModel implements AutoCloseable {

    static final int MAX_CONSUMERS = 8;
    /** The most processed messages taken from the lab in one frame. */
    static final int PROCESSED_PER_FRAME = 2_000;

    private final Executor fx;
    private final Executor io;
    private final KafkaEngines engines;
    /** The cluster the tab is connected to, and the topic selected, when Start is pressed. */
    private final Supplier<String> bootstrap;
    private final Supplier<String> topic;
    /** The running lab; set on the FX thread, taken by {@link #close()} from any thread. */
    private final AtomicReference<ConsumerLab> lab = new AtomicReference<>();
    private volatile boolean closed;

    private final StringProperty group = new SimpleStringProperty("streamlab-lab");
    private final IntegerProperty consumers = new SimpleIntegerProperty(2);
    private final IntegerProperty processingMs = new SimpleIntegerProperty(200);
    private final ObjectProperty<CommitMode> mode = new SimpleObjectProperty<>(CommitMode.AFTER_PROCESSING);
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final BooleanProperty starting = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty(
            "Select a topic, then Start: the consumers join the group and share its partitions.");
    private final BooleanProperty error = new SimpleBooleanProperty();
    private final LongProperty processed = new SimpleLongProperty();
    private final LongProperty duplicates = new SimpleLongProperty();
    private final LongProperty lost = new SimpleLongProperty();
    private final ObservableList<LabSnapshot.ConsumerState> rows = FXCollections.observableArrayList();
    private String runTopic = "";
    private long lastSeq;
    /** The lab's lost messages per partition, as of the last frame, and the lost count they were taken at. */
    private Map<Integer, Set<Long>> lostMarks = Map.of();
    private long lostMarksCount;

    ConsumersViewModel(Executor fx, Executor io, KafkaEngines engines, Supplier<String> bootstrap,
                       Supplier<String> topic) {
        this.fx = fx;
        this.io = io;
        this.engines = engines;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    void useSettings(Settings settings) {
        group.set(settings.get(KafkaSettings.LAB_GROUP));
        consumers.set(Math.max(1, Math.min(MAX_CONSUMERS, settings.get(KafkaSettings.LAB_CONSUMERS))));
        processingMs.set(Math.max(0, settings.get(KafkaSettings.LAB_PROCESSING_MS)));
        mode.set(settings.get(KafkaSettings.LAB_MODE));
        settings.track(KafkaSettings.LAB_GROUP, group);
        settings.track(KafkaSettings.LAB_CONSUMERS, consumers.asObject());
        settings.track(KafkaSettings.LAB_PROCESSING_MS, processingMs.asObject());
        settings.track(KafkaSettings.LAB_MODE, mode);
    }

    /** Starts the group with {@link #consumersProperty()} consumers on the selected topic; returns at once. */
    void start() {
        if (running.get() || starting.get()) {
            return;
        }
        String b = bootstrap.get();
        String t = topic.get();
        if (b == null) {
            show("Connect to a cluster first (Start the built-in broker, or Connect).", true);
            return;
        }
        if (t == null) {
            show("Select the topic the consumers should read, in the Topics list.", true);
            return;
        }
        LabSettings settings;
        try {
            settings = new LabSettings(b, t, group.get() == null ? "" : group.get().strip(),
                    Duration.ofMillis(processingMs.get()), mode.get(), true);
        } catch (IllegalArgumentException e) {
            show(capitalise(e.getMessage()) + ".", true);
            return;
        }
        int n = consumers.get();
        starting.set(true);
        runTopic = t;
        show("Starting " + n + " consumer" + (n == 1 ? "" : "s") + " in group " + settings.groupId() + " …", false);
        io.execute(() -> {
            ConsumerLab l = null;
            try {
                l = engines.lab(settings);
                for (int i = 0; i < n; i++) {
                    l.addConsumer();
                }
                ConsumerLab started = l;
                if (closed) {
                    started.close();
                    return;
                }
                fx.execute(() -> started(started, settings));
            } catch (Exception e) {
                if (l != null) {
                    l.close();
                }
                fx.execute(() -> {
                    starting.set(false);
                    show("The consumers did not start: " + e.getMessage(), true);
                });
            }
        });
    }

    private void started(ConsumerLab l, LabSettings settings) {
        starting.set(false);
        if (closed) {
            io.execute(l::close);
            return;
        }
        lab.set(l);
        lastSeq = 0;
        lostMarks = Map.of();
        lostMarksCount = 0;
        running.set(true);
        show("Group " + settings.groupId() + " reads " + settings.topic() + ", " + describe(settings.mode()) + ".",
                false);
    }

    /** One more consumer in the running group: the group rebalances. */
    void addOne() {
        ConsumerLab l = lab.get();
        if (l != null) {
            io.execute(l::addConsumer);
        }
    }

    /** Stops consumer {@code n} cleanly. */
    void stop(int n) {
        ConsumerLab l = lab.get();
        if (l != null) {
            io.execute(() -> l.stop(n));
        }
    }

    /** Kills consumer {@code n} mid-message, as a crash would. */
    void kill(int n) {
        ConsumerLab l = lab.get();
        if (l != null) {
            io.execute(() -> l.kill(n));
        }
    }

    /** Stops every consumer; the figures stay on screen. */
    void stopAll() {
        ConsumerLab l = lab.getAndSet(null);
        if (l == null) {
            return;
        }
        frame(l);
        running.set(false);
        show("Consumers stopped. Processed " + processed.get() + ", duplicates " + duplicates.get() + ", lost "
                + lost.get() + ".", false);
        io.execute(l::close);
    }

    /** Once a frame: the consumers' rows and figures; returns the messages they processed since the last frame. */
    List<ProcessedMessage> frame() {
        ConsumerLab l = lab.get();
        if (l == null) {
            return List.of();
        }
        frame(l);
        List<ProcessedMessage> news = l.processedSince(lastSeq, PROCESSED_PER_FRAME);
        for (ProcessedMessage p : news) {
            lastSeq = Math.max(lastSeq, p.seq());
        }
        return news;
    }

    /**
     * Per partition, the offsets the lab counts as lost: a killed consumer had them in hand after the group had
     * committed past them, and no consumer has finished them since. The same messages as the "lost" figure.
     */
    Map<Integer, Set<Long>> lostOffsets() {
        return lostMarks;
    }

    private void frame(ConsumerLab l) {
        LabSnapshot s = l.snapshot();
        if (!rows.equals(s.consumers())) {
            rows.setAll(s.consumers());
        }
        processed.set(s.processed());
        duplicates.set(s.duplicates());
        if (s.lost() != lost.get() || s.lost() != lostMarksCount) {
            // Asked only when the count moves: the lab walks its abandoned messages to answer.
            Map<Integer, Set<Long>> marks = new HashMap<>();
            for (String po : l.lostMessages()) {
                int slash = po.indexOf('/');
                marks.computeIfAbsent(Integer.parseInt(po.substring(0, slash)), k -> new TreeSet<>())
                        .add(Long.parseLong(po.substring(slash + 1)));
            }
            lostMarks = Map.copyOf(marks);
            lostMarksCount = s.lost();
        }
        lost.set(s.lost());
    }

    String runTopic() {
        return runTopic;
    }

    static String describe(CommitMode m) {
        return switch (m) {
            case AUTO -> "committing automatically every few seconds";
            case AFTER_PROCESSING -> "committing after processing (at least once)";
            case BEFORE_PROCESSING -> "committing before processing (at most once)";
        };
    }

    static String label(CommitMode m) {
        return switch (m) {
            case AUTO -> "auto";
            case AFTER_PROCESSING -> "after processing";
            case BEFORE_PROCESSING -> "before processing";
        };
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    private void show(String text, boolean isError) {
        status.set(text);
        error.set(isError);
    }

    /** Stops the consumers; returns within about a second. Any thread. */
    @Override
    public void close() {
        closed = true;
        ConsumerLab l = lab.getAndSet(null);
        if (l != null) {
            l.close();
        }
    }

    StringProperty groupProperty() {
        return group;
    }

    IntegerProperty consumersProperty() {
        return consumers;
    }

    IntegerProperty processingMsProperty() {
        return processingMs;
    }

    ObjectProperty<CommitMode> modeProperty() {
        return mode;
    }

    ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    ReadOnlyBooleanProperty startingProperty() {
        return starting;
    }

    ReadOnlyStringProperty statusProperty() {
        return status;
    }

    ReadOnlyBooleanProperty errorProperty() {
        return error;
    }

    ReadOnlyLongProperty processedProperty() {
        return processed;
    }

    ReadOnlyLongProperty duplicatesProperty() {
        return duplicates;
    }

    ReadOnlyLongProperty lostProperty() {
        return lost;
    }

    ObservableList<LabSnapshot.ConsumerState> rows() {
        return rows;
    }

    List<LabSnapshot.ConsumerState> rowsCopy() {
        return List.copyOf(rows);
    }
}
