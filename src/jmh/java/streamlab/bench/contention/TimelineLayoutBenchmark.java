package streamlab.bench.contention;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.Phase;
import streamlab.contention.RunOptions;
import streamlab.contention.Scenario;
import streamlab.contention.SegmentBlock;
import streamlab.ui.contention.TimelineLayout;

/**
 * The per-frame aggregation of the timeline: 64 lanes × 15,625 recorded tasks (1,000,000 segments) from a real run,
 * laid out into 1,200 pixel columns. "whole" shows the whole run in a new view (every segment visited), "wholeSteady"
 * the same view again (cached, as in a follow frame), "zoomed" a 1/1000 slice, and "baseline" only clears and
 * resolves the columns (no segments), the floor any frame pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TimelineLayoutBenchmark {

    static final int LANES = 64;
    static final int WIDTH = 1_200;

    ContentionRun run;
    SegmentBlock[] blocks;
    int[] counts;
    long span;
    final TimelineLayout[] layouts = new TimelineLayout[LANES];

    @Setup(Level.Trial)
    public void record() throws InterruptedException {
        Scenario s = Scenario.defaults().withThreads(LANES).withTasks(15_625);
        run = ContentionRun.start(s, RunOptions.defaults().withLogLimit(0));
        run.awaitSummary(Duration.ofMinutes(5));
        blocks = new SegmentBlock[LANES];
        counts = new int[LANES];
        long total = 0;
        for (int i = 0; i < LANES; i++) {
            LaneRecorder lane = run.lanes().get(i);
            blocks[i] = lane.block();
            counts[i] = blocks[i].count();
            total += counts[i];
        }
        if (total != 1_000_000) {
            throw new IllegalStateException("expected 1,000,000 segments, got " + total);
        }
        span = run.elapsedNanos();
        for (int i = 0; i < LANES; i++) {
            layouts[i] = new TimelineLayout();
        }
    }

    /** A frame with the same view as the last one: nothing new to add, only the columns are resolved again. */
    @Benchmark
    public void wholeSteady(Blackhole bh) {
        double nsPerPx = span / (double) WIDTH;
        for (int i = 0; i < LANES; i++) {
            bh.consume(layouts[i].layout(blocks[i], counts[i], 0, nsPerPx, WIDTH, Phase.IDLE, 0, -1, -1, span));
        }
    }

    /** A new view (after a zoom or pan): every record in view is aggregated again. */
    @Benchmark
    public void whole(Blackhole bh) {
        double nsPerPx = span / (double) WIDTH;
        for (int i = 0; i < LANES; i++) {
            layouts[i].invalidate();
            bh.consume(layouts[i].layout(blocks[i], counts[i], 0, nsPerPx, WIDTH, Phase.IDLE, 0, -1, -1, span));
        }
    }

    @Benchmark
    public void zoomed(Blackhole bh) {
        double nsPerPx = span / 1000.0 / WIDTH;
        long start = span / 2;
        for (int i = 0; i < LANES; i++) {
            layouts[i].invalidate();
            bh.consume(layouts[i].layout(blocks[i], counts[i], start, nsPerPx, WIDTH, Phase.IDLE, 0, -1, -1, span));
        }
    }

    @Benchmark
    public void baseline(Blackhole bh) {
        double nsPerPx = span / (double) WIDTH;
        for (int i = 0; i < LANES; i++) {
            layouts[i].invalidate();
            bh.consume(layouts[i].layout(blocks[i], 0, 0, nsPerPx, WIDTH, Phase.IDLE, 0, -1, -1, span));
        }
    }
}
