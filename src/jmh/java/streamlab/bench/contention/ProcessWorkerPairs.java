package streamlab.bench.contention;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import streamlab.contention.ContentionRun;
import streamlab.contention.LaneRecorder;
import streamlab.contention.LaneState;
import streamlab.contention.RunOptions;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;
import streamlab.contention.WorkerKind;

/**
 * Process workers against thread workers, as interleaved pairs in one JVM so that load from other processes on a
 * shared machine hits both alike: (1) the time until 8 workers have started, (2) the event throughput from 8 child
 * processes × 100,000 tasks at hold 0 into the parent, with the parent's heap sampled. Not a timed test. Run:
 * {@code java -cp target/benchmarks.jar streamlab.bench.contention.ProcessWorkerPairs [pairs] [tasks]}.
 */
public final class ProcessWorkerPairs {

    private ProcessWorkerPairs() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int tasks = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path dir = Files.createTempDirectory("process-bench");
        Scenario base = Scenario.defaults().withThreads(8).withTasks(1).withDbPath(dir.resolve("shared.db"));
        startUp(base, 1);
        double[] proc = new double[pairs];
        double[] thread = new double[pairs];
        double[] child = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean procFirst = i % 2 == 0;
            double[] a = startUp(base.withWorkers(procFirst ? WorkerKind.PROCESS : WorkerKind.THREAD), i);
            double[] b = startUp(base.withWorkers(procFirst ? WorkerKind.THREAD : WorkerKind.PROCESS), i);
            proc[i] = procFirst ? a[0] : b[0];
            child[i] = procFirst ? a[1] : b[1];
            thread[i] = procFirst ? b[0] : a[0];
            System.out.printf(Locale.ROOT, "start-up pair %d: 8 processes %7.1f ms (median child %6.1f ms), 8 threads"
                    + " %6.3f ms%n", i + 1, proc[i], child[i], thread[i]);
        }
        System.out.printf(Locale.ROOT, "start-up median: 8 processes %.1f ms (median child %.1f ms), 8 threads %.3f ms%n",
                median(proc), median(child), median(thread));

        for (boolean lockOn : new boolean[] {false, true}) {
            Scenario flood = base.withWorkers(WorkerKind.PROCESS).withTasks(tasks).withLockOn(lockOn);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong();
            long t = System.nanoTime();
            ContentionRun run = ContentionRun.start(flood, RunOptions.defaults());
            long firstHello = -1;
            while (run.isRunning()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                if (firstHello < 0 && run.lanes().stream().allMatch(l -> l.startedAt() > 0)) {
                    firstHello = run.elapsedNanos();
                }
                Thread.sleep(20);
            }
            RunSummary s = run.awaitSummary(Duration.ofMinutes(5));
            double wallMs = (System.nanoTime() - t) / 1e6;
            System.gc();
            // What the finished run still holds (its lanes, log and summary): bounded by the record budget.
            long retained = memory.getHeapMemoryUsage().getUsed() - before;
            long lastStart = run.lanes().stream().mapToLong(LaneRecorder::startedAt).max().orElse(0);
            double eventMs = (s.wallNanos() - lastStart) / 1e6;
            System.out.printf(Locale.ROOT, "flood, lock %s: 8 processes × %,d tasks: %,d tasks in %.0f ms after the last"
                            + " hello = %,.0f events/s into the parent (whole run %.0f ms); heap before %.0f MB, peak"
                            + " %.0f MB (garbage included), held by the ended run %.0f MB; coalesced %s; lost %,d%n",
                    lockOn ? "on" : "off", tasks, s.completed(), eventMs, s.completed() / (eventMs / 1e3), wallMs,
                    before / 1e6, peak.get() / 1e6, retained / 1e6, s.coalesced(), s.lost());
            if (run.lanes().isEmpty()) {
                throw new IllegalStateException("keeps the run reachable until here");
            }
        }
    }

    /** Returns {ms until all 8 lanes run, median child start-up ms (processes only)}. */
    private static double[] startUp(Scenario s, int round) throws InterruptedException {
        long t = System.nanoTime();
        ContentionRun run = ContentionRun.start(s, RunOptions.defaults().withLogLimit(0));
        while (!run.lanes().stream().allMatch(ProcessWorkerPairs::started)) {
            Thread.onSpinWait();
        }
        double ms = (System.nanoTime() - t) / 1e6;
        run.awaitSummary(Duration.ofMinutes(1));
        double[] each = run.lanes().stream().filter(l -> l.startedAt() > 0)
                .mapToDouble(l -> (l.startedAt() - l.startingSince()) / 1e6).toArray();
        return new double[] {ms, each.length == 0 ? 0 : median(each)};
    }

    private static boolean started(LaneRecorder lane) {
        return lane.pid() > 0 || lane.state() != LaneState.WAITING_TO_START || lane.completed() > 0;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
