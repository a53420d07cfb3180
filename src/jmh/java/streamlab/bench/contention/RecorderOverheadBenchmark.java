package streamlab.bench.contention;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import streamlab.contention.ContentionRun;
import streamlab.contention.RunOptions;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;

/**
 * What recording costs: 8 threads × 1M tasks, hold 0, ReentrantLock on, shared counter, with the recorder on and
 * off in the same run. Each operation is one whole run (8M tasks). The log is off in both, so only the recorder
 * differs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class RecorderOverheadBenchmark {

    @Param({"true", "false"})
    public boolean recording;

    @Param({"1000000"})
    public int tasks;

    @Benchmark
    public long run() throws InterruptedException {
        Scenario s = Scenario.defaults().withThreads(8).withTasks(tasks);
        RunOptions options = RunOptions.defaults().withRecording(recording).withLogLimit(0);
        RunSummary summary = ContentionRun.start(s, options).awaitSummary(Duration.ofMinutes(5));
        if (summary.actual() != summary.expected()) {
            throw new IllegalStateException("lock on must be exact: " + summary.describe());
        }
        return summary.actual();
    }
}
