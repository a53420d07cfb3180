package streamlab.bench.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import streamlab.kafka.monitor.ClusterSnapshot;
import streamlab.kafka.monitor.GroupState;
import streamlab.kafka.monitor.MessageMark;
import streamlab.kafka.monitor.PartitionState;
import streamlab.kafka.monitor.TopicState;
import streamlab.ui.Theme;
import streamlab.ui.kafka.lanes.PartitionLanesCanvas;
import streamlab.ui.kafka.lanes.PartitionLanesModel;

/**
 * A partition-lanes frame at 20,000 messages/s: each frame takes 333 new messages (a 60 Hz frame's share) into a
 * model of 6 partitions already holding its bound (6 × 16,384 marks), then draws. Against, in the same run, the same
 * lanes without a single message (axis, gutters, end lines, two groups' cursors and lag bands). {@code view} is
 * {@code fit} (every held mark in view: one tick per pixel column) or {@code zoomed} (the newest ~150 offsets of each
 * lane, every mark drawn as its shape). The {@code DrawOnly} pair is what the FX thread spends; the others add a
 * snapshot that rasterises the canvas in software and reads it back. Needs a display; run under Xvfb:
 * {@code xvfb-run -a java -jar target/benchmarks.jar LanesFrame}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dprism.order=sw")
public class LanesFrameBenchmark {

    static final int PARTITIONS = 6;
    static final int PER_FRAME = 333;
    static final String TOPIC = "bench";

    @Param({"fit", "zoomed"})
    public String view;

    PartitionLanesModel fullModel;
    PartitionLanesModel emptyModel;
    PartitionLanesCanvas full;
    PartitionLanesCanvas empty;
    final long[] next = new long[PARTITIONS];
    long seq;
    long emptyTick;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Platform.startup(() -> {
            Theme.LIGHT.apply();
            fullModel = new PartitionLanesModel();
            emptyModel = new PartitionLanesModel();
            for (int i = 0; i < PARTITIONS * PartitionLanesModel.DEFAULT_CAPACITY / PER_FRAME + 1; i++) {
                feed();
            }
            emptyModel.update(snapshot(topic(next)), topic(next), List.of(), List.of(), Map.of());
            full = canvas(fullModel);
            empty = canvas(emptyModel);
            if (view.equals("zoomed")) {
                full.zoom(fullModel.heldCount() / PARTITIONS / 150.0);
                empty.zoom(fullModel.heldCount() / PARTITIONS / 150.0);
            }
            ready.complete(null);
        });
        ready.get(60, TimeUnit.SECONDS);
    }

    private static PartitionLanesCanvas canvas(PartitionLanesModel m) {
        PartitionLanesCanvas c = new PartitionLanesCanvas(m);
        c.resize(1_292, 700);
        new Scene(new Group(c), 1_292, 700);
        c.applyCss();
        c.layout();
        c.redraw();
        return c;
    }

    private static TopicState topic(long[] ends) {
        List<PartitionState> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            parts.add(new PartitionState(TOPIC, p, 0, ends[p], 1));
        }
        return new TopicState(TOPIC, false, parts);
    }

    private static ClusterSnapshot snapshot(TopicState topic) {
        List<GroupState> groups = new ArrayList<>();
        for (String g : List.of("dashboard", "archiver")) {
            List<GroupState.PartitionLag> lags = new ArrayList<>();
            for (PartitionState p : topic.partitions()) {
                long behind = g.equals("dashboard") ? 40 : 2_000;
                lags.add(new GroupState.PartitionLag(TOPIC, p.partition(), Math.max(0, p.endOffset() - behind),
                        p.endOffset(), null));
            }
            groups.add(new GroupState(g, "Stable", "classic", List.of(), lags));
        }
        return new ClusterSnapshot(System.currentTimeMillis(), "localhost:9092", ClusterSnapshot.Status.UP, null,
                List.of(topic), groups, 0);
    }

    /** One frame's messages into the full model: keys spread over the partitions as a keyed producer would. */
    private void feed() {
        List<MessageMark> frame = new ArrayList<>(PER_FRAME);
        for (int i = 0; i < PER_FRAME; i++) {
            seq++;
            int key = (int) (seq % 23);
            int p = key % PARTITIONS;
            frame.add(new MessageMark(seq, 1_790_000_000_000L + seq / 20, TOPIC, p, next[p]++, "sensor-" + key,
                    "{\"t\":" + seq + ",\"temp\":21.5}", 24));
        }
        TopicState topic = topic(next);
        fullModel.update(snapshot(topic), topic, frame, List.of(), Map.of());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Platform.exit();
    }

    private static <T> T onFx(Supplier<T> s) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(s.get()));
        return f.get(30, TimeUnit.SECONDS);
    }

    @Benchmark
    public int feedAndDrawDrawOnly() throws Exception {
        return onFx(() -> {
            feed();
            full.redraw();
            return full.lastDrawnMarks();
        });
    }

    @Benchmark
    public int baselineNoMarksDrawOnly() throws Exception {
        return onFx(() -> {
            emptyModel.update(snapshot(topic(next)), topic(next), List.of(), List.of(), Map.of());
            empty.redraw();
            return empty.lastDrawnMarks();
        });
    }

    @Benchmark
    public WritableImage feedAndDraw() throws Exception {
        return onFx(() -> {
            feed();
            full.redraw();
            return full.canvas().snapshot(null, null);
        });
    }

    @Benchmark
    public WritableImage baselineNoMarks() throws Exception {
        return onFx(() -> {
            emptyModel.update(snapshot(topic(next)), topic(next), List.of(), List.of(), Map.of());
            empty.redraw();
            return empty.canvas().snapshot(null, null);
        });
    }
}
