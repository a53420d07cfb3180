package streamlab.bench.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up, paired: launches child JVMs of StreamLab and of a bare JavaFX TabPane window ({@link HelloTabPane}),
 * alternating which goes first, and reads from each the line "first frame after N ms" (JVM start to first frame,
 * measured the same way by {@code FirstFrame}). Prints every pair, the medians and their ratio.
 *
 * <p>Usage: {@code StartupBench [runs] [other-streamlab-class-path]}. The children get this JVM's class path; with a
 * second class path, each round also times that build (say, the version before a change), so the two builds and the
 * bare window alternate in one session. The order of the children rotates from round to round. Without a DISPLAY they run under Monocle headless, which must then
 * be on the class path; with one (Xvfb) they use GTK. Both always render in software ({@code prism.order=sw}).
 */
public final class StartupBench {

    private static final Pattern FIRST_FRAME = Pattern.compile("first frame after (\\d+) ms");
    /** StreamLab paints its shell first and then its first tab, and logs when that tab is shown too. */
    private static final Pattern FIRST_TAB = Pattern.compile("first tab shown after (\\d+) ms");
    /** How long to wait for the first-tab line after the first frame (a build without it never prints it). */
    private static final long TAB_WAIT_SECONDS = 5;
    private static final long TIMEOUT_SECONDS = 60;

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String cp = System.getProperty("java.class.path");
        String otherCp = args.length > 1 ? args[1] : null;
        Path out = Files.createTempDirectory("streamlab-startup");
        // One child JVM per column and round; the order rotates, so each column goes first equally often.
        List<Column> columns = new ArrayList<>();
        if (otherCp != null) {
            columns.add(new Column("other build", otherCp, "streamlab.Main"));
        }
        columns.add(new Column("streamlab", cp, "streamlab.Main"));
        Column hello = new Column("hello", cp, HelloTabPane.Main.class.getName());
        columns.add(hello);
        System.out.println("display: " + (System.getenv("DISPLAY") == null ? "Monocle headless" : System.getenv(
                "DISPLAY")));
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < columns.size(); k++) {
                Column c = columns.get((i + k) % columns.size());
                long[] t = firstFrame(c.classPath, c.main, out);
                c.frame.add(t[0]);
                // Without the line, the tab was part of the first frame.
                c.tab.add(t[1] >= 0 ? t[1] : t[0]);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "run %2d:", i + 1));
            for (Column c : columns) {
                if (c == hello) {
                    line.append(String.format(Locale.ROOT, " %s %5d ms", c.name, c.frame.get(i)));
                } else {
                    line.append(String.format(Locale.ROOT, " %s %5d ms (%.2f; first tab %5d ms, %.2f),", c.name,
                            c.frame.get(i), (double) c.frame.get(i) / hello.frame.get(i), c.tab.get(i),
                            (double) c.tab.get(i) / hello.frame.get(i)));
                }
            }
            System.out.println(line);
        }
        long hm = median(hello.frame);
        for (Column c : columns) {
            if (c == hello) {
                continue;
            }
            List<Double> ratios = new ArrayList<>();
            List<Double> tabRatios = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ratios.add((double) c.frame.get(i) / hello.frame.get(i));
                tabRatios.add((double) c.tab.get(i) / hello.frame.get(i));
            }
            System.out.printf(Locale.ROOT, "median: %s %d ms, hello %d ms, ratio %.2f (median of per-run ratios"
                    + " %.2f); first tab shown %d ms, ratio %.2f (%.2f)%n", c.name, median(c.frame), hm,
                    (double) median(c.frame) / hm, medianOf(ratios), median(c.tab), (double) median(c.tab) / hm,
                    medianOf(tabRatios));
        }
    }

    /** One kind of child JVM and the times it showed. Confined to the main thread. */
    private static final class Column {
        final String name;
        final String classPath;
        final String main;
        final List<Long> frame = new ArrayList<>();
        final List<Long> tab = new ArrayList<>();

        Column(String name, String classPath, String main) {
            this.name = name;
            this.classPath = classPath;
            this.main = main;
        }
    }

    /** The child's first frame and first tab (-1 when it printed none) in milliseconds from its JVM's start. */
    private static long[] firstFrame(String classPath, String main, Path out) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp", classPath,
                "-Dprism.order=sw", "-Dstreamlab.out=" + out));
        if (System.getenv("DISPLAY") == null) {
            cmd.addAll(List.of("-Dglass.platform=Monocle", "-Dmonocle.platform=Headless"));
        }
        cmd.add(main);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The child was stopped: nothing more to read.
            }
        }, "startup-bench-reader");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        List<String> seen = new ArrayList<>();
        long frame = -1;
        long tab = -1;
        try {
            while (System.nanoTime() < deadline && tab < 0) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                seen.add(line);
                Matcher f = FIRST_FRAME.matcher(line);
                Matcher t = FIRST_TAB.matcher(line);
                if (f.find()) {
                    frame = Long.parseLong(f.group(1));
                    if (main.contains("Hello")) {
                        break;
                    }
                    deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(TAB_WAIT_SECONDS));
                } else if (t.find()) {
                    tab = Long.parseLong(t.group(1));
                }
            }
            if (frame < 0) {
                throw new IllegalStateException(main + " showed no first frame within " + TIMEOUT_SECONDS + " s: "
                        + String.join("\n", seen));
            }
            return new long[] {frame, tab};
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
