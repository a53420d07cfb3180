package streamlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import streamlab.cli.StreamLabCommand;
import streamlab.launch.Desktop;
import streamlab.launch.LogFolder;
import streamlab.testing.ChildJvm;

/**
 * The launcher as a user meets it, in real child JVMs: no display, a folder that cannot be written, a C locale, a
 * fault of StreamLab. Each case ends in one or two lines on stderr, never a stack trace or log4j's own errors.
 */
class LauncherTest {

    private static final Path COURSE = Path.of("data/batchfile_0_farenheit.csv").toAbsolutePath();

    @TempDir
    Path dir;

    private record Child(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** Runs {@code main} in a child JVM; {@code env} may remove (null value) or set variables. */
    private Child java(Path workDir, Consumer<Map<String, String>> env, List<String> jvmArgs, String main,
            String... args) throws Exception {
        return run(new ProcessBuilder(ChildJvm.command(jvmArgs, main, List.of(args))), workDir, env);
    }

    private Child run(ProcessBuilder pb, Path workDir, Consumer<Map<String, String>> env) throws Exception {
        pb.directory(workDir.toFile());
        env.accept(pb.environment());
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not end within 60 s: " + pb.command());
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(Child c) {
        assertFalse(c.err().contains("\tat "), "no stack frames:\n" + c.err());
        assertFalse(c.err().contains("Exception"), "no exception names:\n" + c.err());
    }

    private static void assertNoLog4jErrors(Child c) {
        assertFalse(c.err().contains("StatusLogger"), c.err());
        assertFalse(c.err().contains("AppenderLoggingException"), c.err());
        assertFalse(c.err().contains(" ERROR "), c.err());
    }

    // --- The window without a desktop -------------------------------------------------------------------------

    @Test
    void withoutADisplayTheWindowSaysSoInOneLineAndExitsTwo() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "DISPLAY and WAYLAND_DISPLAY are Linux's");
        Child c = java(dir, env -> {
            env.remove("DISPLAY");
            env.remove("WAYLAND_DISPLAY");
        }, List.of(), "streamlab.Main");
        assertEquals(2, c.exit(), c.err());
        assertEquals(1, c.errLines().size(), "one line:\n" + c.err());
        assertTrue(c.err().contains("needs a desktop (a display)"), c.err());
        assertTrue(c.err().contains("'streamlab --help' lists the command-line tools"), c.err());
        assertNoStackTrace(c);
    }

    @Test
    void theDisplayCheckAppliesOnlyWhereX11OrWaylandIsTheDesktop() {
        Map<String, String> none = Map.of();
        assertTrue(Desktop.missingDisplay("Linux", none, null).isPresent());
        assertTrue(Desktop.missingDisplay("FreeBSD", Map.of("DISPLAY", " "), null).isPresent());
        assertTrue(Desktop.missingDisplay("Linux", Map.of("DISPLAY", ":0"), null).isEmpty());
        assertTrue(Desktop.missingDisplay("Linux", Map.of("WAYLAND_DISPLAY", "wayland-0"), null).isEmpty());
        assertTrue(Desktop.missingDisplay("Linux", none, "Monocle").isEmpty(), "Monocle needs no display");
        assertTrue(Desktop.missingDisplay("Windows 11", none, null).isEmpty());
        assertTrue(Desktop.missingDisplay("Mac OS X", none, null).isEmpty());
    }

    @Test
    void aDisplayThatCannotBeOpenedEndsInOneLineOfOursAndExitTwo() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "an X display is Linux's");
        // JavaFX itself finds out: the launcher turns its exception into a line. JavaFX's own warning may precede it.
        Child c = java(dir, env -> {
            env.put("DISPLAY", ":987");
            env.remove("WAYLAND_DISPLAY");
        }, List.of(), "streamlab.Main");
        assertEquals(2, c.exit(), c.err());
        List<String> lines = c.errLines();
        assertTrue(lines.size() <= 3, c.err());
        assertTrue(lines.get(lines.size() - 1).startsWith("streamlab: the window needs"), c.err());
        assertFalse(c.err().contains("\tat "), "no stack frames:\n" + c.err());
    }

    // --- A folder the user cannot write to --------------------------------------------------------------------

    private Child streamToTheLog(Path workDir, List<String> jvmArgs) throws Exception {
        return java(workDir, env -> { }, jvmArgs, "streamlab.Main", "stream", COURSE.toString(), "--limit", "3",
                "--interval", "0", "--no-file", "--log", "--quiet");
    }

    @Test
    void anOutFolderUnderAFileMovesTheLogToTheTempFolderWithOneLine() throws Exception {
        // A path under a regular file can be created by nobody, root included.
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Child c = streamToTheLog(dir, List.of("-Dstreamlab.out=" + file.resolve("out"), "-Djava.io.tmpdir=" + tmp));
        assertEquals(0, c.exit(), c.err());
        assertNoLog4jErrors(c);
        assertEquals(1, c.errLines().size(), "one line says where the logs go:\n" + c.err());
        Path fallback = tmp.resolve("streamlab-" + System.getProperty("user.name")).resolve("logs");
        assertTrue(c.err().contains(fallback.toString()), c.err());
        assertTrue(Files.readString(fallback.resolve("streamlab.log")).contains("Stream finished: 3 records sent"),
                "the log is where the line says");
    }

    @Test
    void aWorkingFolderWhoseOutIsAFileMovesTheLogWithOneLine() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("out"), "not a folder");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Child c = streamToTheLog(work, List.of("-Djava.io.tmpdir=" + tmp));
        assertEquals(0, c.exit(), c.err());
        assertNoLog4jErrors(c);
        assertEquals(1, c.errLines().size(), c.err());
    }

    @Test
    void withNoWritableFolderAtAllTheLogGoesToTheConsoleOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Child c = streamToTheLog(dir, List.of("-Dstreamlab.out=" + file.resolve("out"),
                "-Djava.io.tmpdir=" + file.resolve("tmp")));
        assertEquals(0, c.exit(), c.err());
        assertNoLog4jErrors(c);
        assertEquals(1, c.errLines().size(), c.err());
        assertTrue(c.err().contains("problems are shown here only"), c.err());
    }

    @Test
    void aReadOnlyWorkingFolderMovesTheLogWithOneLine() throws Exception {
        // Root ignores permission bits, but not a read-only mount; elsewhere a folder without write permission does.
        Path ro = Files.createDirectories(dir.resolve("read-only"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assumeTrue(exec("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro.toString()) == 0,
                    "cannot mount a read-only tmpfs here");
        } else {
            assumeTrue(ro.toFile().setWritable(false, false), "cannot make a folder read-only");
        }
        try {
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Child c = streamToTheLog(ro, List.of("-Djava.io.tmpdir=" + tmp));
            assertEquals(0, c.exit(), c.err());
            assertNoLog4jErrors(c);
            assertEquals(1, c.errLines().size(), c.err());
            assertTrue(c.err().startsWith("streamlab: cannot write logs to " + ro.resolve("out/logs")), c.err());
        } finally {
            if (root) {
                exec("umount", ro.toString());
            } else {
                ro.toFile().setWritable(true, false);
            }
        }
    }

    /** The exit code of {@code cmd}, or -1 if it cannot run here (no such program). */
    private static int exec(String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    // --- A file name the locale cannot hold -------------------------------------------------------------------

    /** Runs streamlab through sh, so that "é" reaches the child as UTF-8 bytes whatever this JVM's locale. */
    private Child shell(String locale, String script) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script, "sh", java, System.getProperty("java.class.path"));
        return run(pb, dir, env -> {
            env.remove("LANG");
            env.remove("LANGUAGE");
            env.keySet().removeIf(k -> k.startsWith("LC_"));
            env.put("LC_ALL", locale);
        });
    }

    private static final String E_ACUTE_CSV = "$(printf 'caf\\303\\251.csv')";

    @Test
    void aFileNameTheCLocaleCannotHoldIsOneLineNamingTheFix() throws Exception {
        // macOS encodes file names as UTF-8 whatever the locale; Linux follows LC_ALL.
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "file names in the locale's charset");
        Child c = shell("C", "exec \"$1\" -cp \"$2\" streamlab.Main stream " + E_ACUTE_CSV + " --no-file --log");
        assertEquals(2, c.exit(), c.err());
        assertEquals(1, c.errLines().size(), c.err());
        assertTrue(c.err().contains("cannot be written in the current locale"), c.err());
        assertTrue(c.err().contains("LC_ALL=C.UTF-8"), c.err());
        assertFalse(c.err().contains("Usage"), c.err());
        assertNoStackTrace(c);
    }

    @Test
    void theAdviceWorksTheSameNameStreamsUnderCUtf8() throws Exception {
        // macOS encodes file names as UTF-8 whatever the locale; Linux follows LC_ALL.
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "file names in the locale's charset");
        Child c = shell("C.UTF-8", "printf 'A,B\\n1,2\\n' > " + E_ACUTE_CSV + " && exec \"$1\" -cp \"$2\""
                + " -Dstreamlab.out=out streamlab.Main stream " + E_ACUTE_CSV + " --no-file --log --interval 0");
        assumeTrue(!c.err().contains("cannot be written in the current locale"), "no C.UTF-8 locale here");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("Done: 1 records"), c.out());
    }

    // --- A fault of StreamLab ---------------------------------------------------------------------------------

    /** A command that fails the way only a bug or the machine can: an unexpected exception, or out of memory. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Parameters(index = "0")
        String kind;

        @Override
        public Integer call() {
            if (kind.equals("oom")) {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            throw new IllegalStateException("a fault for the test");
        }
    }

    /** The launcher's command-line path, with {@link Boom} added. */
    public static final class BoomMain {
        public static void main(String[] args) {
            LogFolder.configure().ifPresent(System.err::println);
            CommandLine cl = StreamLabCommand.commandLine(new PrintWriter(System.out, true),
                    new PrintWriter(System.err, true));
            cl.addSubcommand("boom", new Boom());
            System.exit(StreamLabCommand.execute(cl, args));
        }
    }

    @Test
    void anUnexpectedErrorIsOneLineAndItsTraceIsInTheLog() throws Exception {
        Child c = java(dir, env -> { }, List.of("-Dstreamlab.out=" + dir.resolve("out")),
                BoomMain.class.getName(), "boom", "fault");
        assertEquals(1, c.exit(), c.err());
        assertEquals(1, c.errLines().size(), c.err());
        Path log = dir.resolve("out/logs/streamlab.log").toAbsolutePath();
        assertTrue(c.err().contains("a fault for the test"), c.err());
        assertTrue(c.err().strip().endsWith("Details in " + log + "."), c.err());
        String logged = Files.readString(log);
        assertTrue(logged.contains("java.lang.IllegalStateException: a fault for the test"), logged);
        assertTrue(logged.contains("\tat streamlab.LauncherTest$Boom.call"), logged);
    }

    @Test
    void runningOutOfMemoryIsOneLineAndItsTraceIsInTheLog() throws Exception {
        Child c = java(dir, env -> { }, List.of("-Xmx64m", "-Dstreamlab.out=" + dir.resolve("out")),
                BoomMain.class.getName(), "boom", "oom");
        assertEquals(1, c.exit(), c.err());
        assertEquals(1, c.errLines().size(), c.err());
        assertTrue(c.err().startsWith("streamlab boom: out of memory"), c.err());
        assertTrue(c.err().contains("Details in "), c.err());
        assertTrue(Files.readString(dir.resolve("out/logs/streamlab.log")).contains("java.lang.OutOfMemoryError"));
    }
}
