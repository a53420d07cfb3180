package streamlab.bench.contention;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import streamlab.contention.ContentionRun;
import streamlab.contention.RunOptions;
import streamlab.contention.RunSummary;
import streamlab.contention.Scenario;

/**
 * The recorder-overhead comparison run as interleaved pairs (on, off, on, off, …) in one JVM, so that load from other
 * processes on a shared machine hits both sides alike. Prints each pair and the median ratio. Run: {@code java -cp
 * target/benchmarks.jar streamlab.bench.contention.RecorderOverheadPairs [pairs]}.
 */
public final class RecorderOverheadPairs {

    private RecorderOverheadPairs() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Scenario s = Scenario.defaults().withThreads(8).withTasks(1_000_000);
        for (int i = 0; i < 3; i++) {
            once(s, true);
            once(s, false);
        }
        double[] ratios = new double[pairs];
        double[] on = new double[pairs];
        double[] off = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            boolean onFirst = i % 2 == 0;
            double a = once(s, onFirst);
            double b = once(s, !onFirst);
            on[i] = onFirst ? a : b;
            off[i] = onFirst ? b : a;
            ratios[i] = on[i] / off[i];
            System.out.printf(Locale.ROOT, "pair %2d: on %7.1f ms  off %7.1f ms  ratio %.3f%n", i + 1, on[i], off[i],
                    ratios[i]);
        }
        System.out.printf(Locale.ROOT, "median: on %.1f ms, off %.1f ms, ratio of medians %.3f, median ratio %.3f%n",
                median(on), median(off), median(on) / median(off), median(ratios));
    }

    private static double once(Scenario s, boolean recording) throws InterruptedException {
        long t = System.nanoTime();
        RunSummary summary = ContentionRun.start(s, RunOptions.defaults().withRecording(recording).withLogLimit(0))
                .awaitSummary(Duration.ofMinutes(5));
        double ms = (System.nanoTime() - t) / 1e6;
        if (summary.actual() != summary.expected()) {
            throw new IllegalStateException(summary.describe());
        }
        return ms;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
