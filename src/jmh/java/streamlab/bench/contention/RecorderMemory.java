package streamlab.bench.contention;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.RunOptions;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;

/**
 * Memory the recorder keeps for 10M tasks (10 threads × 1M, hold 0, lock on), measured as used heap after full GCs
 * with the run held versus released. Run: {@code java -cp target/benchmarks.jar
 * streamlab.bench.contention.RecorderMemory}.
 */
public final class RecorderMemory {

    private RecorderMemory() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 10;
        int tasks = 1_000_000;
        long before = settledHeap();
        ContentionRun run = ContentionRun.start(Scenario.defaults().withThreads(threads).withTasks(tasks),
                RunOptions.defaults().withLogLimit(0));
        RunSummary s = run.awaitSummary(Duration.ofMinutes(10));
        long with = settledHeap();
        long records = 0;
        int granularity = 0;
        for (LaneRecorder lane : run.lanes()) {
            records += lane.block().count();
            granularity = Math.max(granularity, lane.block().granularity());
        }
        System.out.printf(Locale.ROOT, "tasks=%d records=%d granularity=%d coalesced=%s actual=%d%n",
                s.expected(), records, granularity, s.coalesced(), s.actual());
        System.out.printf(Locale.ROOT, "retained heap: %.1f MB (%.1f bytes per record, %.2f bytes per task)%n",
                (with - before) / 1e6, (with - before) / (double) records, (with - before) / (double) s.expected());
        System.out.println("run object still reachable: " + run.scenario().threads());
    }

    private static long settledHeap() throws InterruptedException {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
