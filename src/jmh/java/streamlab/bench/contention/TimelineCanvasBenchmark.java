package streamlab.bench.contention;

import java.time.Duration;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import streamlab.contention.ContentionRun;
import streamlab.contention.RunOptions;
import streamlab.contention.Scenario;
import streamlab.ui.contention.TimelineCanvas;

/**
 * A whole timeline frame on a real JavaFX Canvas (software pipeline): 64 lanes × 1,000,000 recorded segments drawn and
 * rasterised by a snapshot, against an empty timeline (axis, labels, 64 one-task lanes) in the same run; and the same
 * without the snapshot (what the FX thread itself spends). Needs a display;
 * run it under Xvfb: {@code xvfb-run -a java -Dprism.order=sw -jar target/benchmarks.jar TimelineCanvas}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dprism.order=sw")
public class TimelineCanvasBenchmark {

    TimelineCanvas full;
    TimelineCanvas empty;
    ContentionRun run;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        run = ContentionRun.start(Scenario.defaults().withThreads(64).withTasks(15_625),
                RunOptions.defaults().withLogLimit(0));
        run.awaitSummary(Duration.ofMinutes(5));
        ContentionRun tiny = ContentionRun.start(Scenario.defaults().withThreads(64).withTasks(1),
                RunOptions.defaults().withLogLimit(0));
        tiny.awaitSummary(Duration.ofMinutes(1));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Platform.startup(() -> {
            full = canvas(run);
            empty = canvas(tiny);
            ready.complete(null);
        });
        ready.get(30, TimeUnit.SECONDS);
    }

    private static TimelineCanvas canvas(ContentionRun r) {
        TimelineCanvas c = new TimelineCanvas();
        c.resize(1_292, 700);
        new Scene(new Group(c), 1_292, 700);
        c.layout();
        c.setRun(r);
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Platform.exit();
    }

    private static WritableImage frame(TimelineCanvas c) throws Exception {
        return redrawn(c, () -> c.canvas().snapshot(null, null));
    }

    /** Lays out and draws the whole run on the FX thread, then returns what {@code after} reads there. */
    private static <T> T redrawn(TimelineCanvas c, Supplier<T> after) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            c.invalidate();
            c.fit();
            f.complete(after.get());
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    @Benchmark
    public WritableImage millionSegments() throws Exception {
        return frame(full);
    }

    @Benchmark
    public WritableImage baselineEmpty() throws Exception {
        return frame(empty);
    }

    /** What the FX thread spends per frame: aggregation and draw calls, without the rasterising snapshot. */
    @Benchmark
    public boolean millionSegmentsDrawOnly() throws Exception {
        return drawOnly(full);
    }

    @Benchmark
    public boolean baselineEmptyDrawOnly() throws Exception {
        return drawOnly(empty);
    }

    private static boolean drawOnly(TimelineCanvas c) throws Exception {
        return redrawn(c, () -> c.followProperty().get());
    }
}
