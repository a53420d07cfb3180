package streamlab.bench.stream;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import streamlab.stream.CsvOptions;
import streamlab.stream.Pacing;
import streamlab.stream.RecordFormat;
import streamlab.stream.SinkSpec;
import streamlab.stream.StreamConfig;
import streamlab.stream.StreamEngine;
import streamlab.stream.StreamSnapshot;

/**
 * Streams a large CSV forwards and then reversed, into a file sink on /dev/null, and prints the peak heap use.
 * Run with a small heap: {@code java -Xmx256m -cp target/benchmarks.jar streamlab.bench.stream.StreamMemoryCheck
 * FILE [ROWS]}; the file is generated first when it does not exist.
 */
public final class StreamMemoryCheck {

    private StreamMemoryCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        if (!Files.exists(file)) {
            int rows = args.length > 1 ? Integer.parseInt(args[1]) : 40_000_000;
            StreamBench.generate(file, rows);
        }
        System.out.printf(Locale.ROOT, "file %s, %.0f MB, max heap %d MB%n", file, Files.size(file) / 1e6,
                Runtime.getRuntime().maxMemory() >> 20);
        for (boolean reverse : new boolean[] {false, true}) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            StreamEngine engine = new StreamEngine();
            engine.start(new StreamConfig(CsvOptions.of(file), reverse, false, 0, Pacing.asFastAsPossible(),
                    RecordFormat.DEFAULT, StreamConfig.BadRows.SKIP,
                    List.of(new SinkSpec.File(Path.of("/dev/null"), true, 1000))));
            if (!engine.awaitEnd(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("did not finish");
            }
            StreamSnapshot s = engine.snapshot();
            System.out.printf(Locale.ROOT, "%-8s %,d records in %.1f s (%s), peak heap used %d MB%n",
                    reverse ? "reverse" : "forward", s.sent(), (System.nanoTime() - t0) / 1e9, s.state(),
                    peakHeapMb());
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }
}
