package streamlab.testing;

import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import streamlab.cli.StreamLabCommand;

/**
 * One {@code streamlab} command run in this JVM with its standard output and error captured. Thread-safe: a command
 * may run in the background while the test reads what it printed so far ({@link StringWriter} is synchronized).
 */
public final class CliRun {

    /** What {@code listen} prints on stderr once its socket is open: the port is the second group. */
    public static final Pattern LISTENING = Pattern.compile("Listening on (udp|tcp) 127\\.0\\.0\\.1:(\\d+)");

    /** What the command printed on standard output. */
    public final StringWriter out = new StringWriter();
    /** What the command printed on standard error. */
    public final StringWriter err = new StringWriter();

    /** Runs the command line, as the launcher would, and returns its exit code. */
    public int exec(String... args) {
        return StreamLabCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    /** Runs the command line on a pool thread, for commands that wait for a peer. */
    public CompletableFuture<Integer> background(String... args) {
        return CompletableFuture.supplyAsync(() -> exec(args));
    }

    /** Empties both captured streams. */
    public void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    public List<String> outLines() {
        return out.toString().lines().toList();
    }

    /** Waits until standard error holds the pattern, failing after {@code timeout}, and returns the first match. */
    public Matcher awaitErr(Pattern pattern, Duration timeout) {
        await("stderr shows " + pattern).atMost(timeout).until(() -> pattern.matcher(err.toString()).find());
        Matcher m = pattern.matcher(err.toString());
        if (!m.find()) {
            throw new AssertionError("stderr lost " + pattern + ": " + err);
        }
        return m;
    }

    /** The port a {@code listen} running in the background announced, waiting at most {@code timeout} for it. */
    public int listeningPort(Duration timeout) {
        return Integer.parseInt(awaitErr(LISTENING, timeout).group(2));
    }

    /** A {@code listen} running in the background: its exit code to come and the port it listens on. */
    public record Listening(CompletableFuture<Integer> code, int port) {

        /** The exit code, waiting at most 20 s for the command to end. */
        public int exitCode() throws Exception {
            return code.get(20, TimeUnit.SECONDS);
        }
    }

    /**
     * Starts {@code listen PROTOCOL 0 OPTIONS} (a free port) in the background and returns once it announced the
     * port, waiting at most 10 s.
     */
    public Listening listen(String protocol, String... options) {
        CompletableFuture<Integer> code = background(prepend(List.of("listen", protocol, "0"), options));
        return new Listening(code, listeningPort(Duration.ofSeconds(10)));
    }

    /** {@code first} followed by {@code rest}, for tests that always run one subcommand. */
    public static String[] prepend(List<String> first, String... rest) {
        return Stream.concat(first.stream(), Stream.of(rest)).toArray(String[]::new);
    }
}
