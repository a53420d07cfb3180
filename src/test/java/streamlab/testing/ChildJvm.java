package streamlab.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of a real child JVM on the test's own class path, as a user would start StreamLab from a
 * shell. Immutable (static helpers only).
 */
public final class ChildJvm {

    /** The launcher every CLI test starts, unless it tests another main class on purpose. */
    public static final String MAIN = "streamlab.Main";

    private ChildJvm() {
    }

    /** The path of the {@code java} binary of the JVM running the tests, so the child runs the same JDK. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java <jvmOptions> -cp <test class path> <mainClass> <args>}. */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** A builder for {@code streamlab.Main} with the JVM options, then the command's arguments. */
    public static ProcessBuilder streamlab(List<String> jvmOptions, String... args) {
        return new ProcessBuilder(command(jvmOptions, MAIN, List.of(args)));
    }

    /**
     * A builder for {@code streamlab stream <args>} whose default output folder is {@code outDir}, with standard input
     * closed so that the child never waits for a terminal.
     */
    public static ProcessBuilder stream(Path outDir, List<String> jvmOptions, String... streamArgs) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dstreamlab.out=" + outDir);
        List<String> args = new ArrayList<>();
        args.add("stream");
        args.addAll(List.of(streamArgs));
        return new ProcessBuilder(command(options, MAIN, args))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    /**
     * Reads a child's output line by line into {@code into} on a daemon thread named {@code name}, until the stream
     * ends or is closed.
     */
    public static Thread pumpLines(InputStream in, List<String> into, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    into.add(line);
                }
            } catch (IOException e) {
                // The test closed the stream on purpose, or the child died: what was read is kept.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The sample course shipped in {@code data/}, as an absolute path. */
    public static String course() {
        return Path.of("data/batchfile_0_farenheit.csv").toAbsolutePath().toString();
    }
}
