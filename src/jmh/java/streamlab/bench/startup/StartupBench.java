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
 * <p>Usage: {@code StartupBench [runs] [streamlab-class-path]}. The children get this JVM's class path unless a
 * StreamLab one is given (to time another build). Without a DISPLAY they run under Monocle headless, which must then
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
        String helloCp = System.getProperty("java.class.path");
        String appCp = args.length > 1 ? args[1] : helloCp;
        Path out = Files.createTempDirectory("streamlab-startup");
        List<Long> app = new ArrayList<>();
        List<Long> appTab = new ArrayList<>();
        List<Long> hello = new ArrayList<>();
        System.out.println("display: " + (System.getenv("DISPLAY") == null ? "Monocle headless" : System.getenv(
                "DISPLAY")));
        for (int i = 0; i < runs; i++) {
            long[] a;
            long[] h;
            if (i % 2 == 0) {
                a = firstFrame(appCp, "streamlab.Main", out);
                h = firstFrame(helloCp, HelloTabPane.Main.class.getName(), out);
            } else {
                h = firstFrame(helloCp, HelloTabPane.Main.class.getName(), out);
                a = firstFrame(appCp, "streamlab.Main", out);
            }
            app.add(a[0]);
            hello.add(h[0]);
            // Without the line, the tab was part of the first frame.
            appTab.add(a[1] >= 0 ? a[1] : a[0]);
            System.out.printf(Locale.ROOT, "run %2d: streamlab %5d ms (first tab %5d ms), hello %5d ms%n", i + 1,
                    a[0], appTab.get(i), h[0]);
        }
        long am = median(app);
        long tm = median(appTab);
        long hm = median(hello);
        System.out.printf(Locale.ROOT, "median: streamlab %d ms, hello %d ms, ratio %.2f; first tab shown %d ms,"
                + " ratio %.2f%n", am, hm, (double) am / hm, tm, (double) tm / hm);
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

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
