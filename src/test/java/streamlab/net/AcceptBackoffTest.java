package streamlab.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener whose process has run out of file descriptors: accept fails at once for as long as connections wait,
 * and the accept thread must pause between attempts rather than spin a core. A real child JVM with a low
 * {@code ulimit -n}, real connections, and the accept thread's CPU time read from {@code /proc}.
 */
class AcceptBackoffTest {

    private static final Pattern LISTENING = Pattern.compile("Listening on tcp 127\\.0\\.0\\.1:(\\d+).*");

    /** The accept thread's user plus system CPU time in clock ticks, found by its (15-character) thread name. */
    private static long cpuTicks(long pid, String threadName) throws IOException {
        String comm = threadName.length() > 15 ? threadName.substring(0, 15) : threadName;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).strip().equals(comm)) {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
                    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        }
        throw new IllegalStateException("no thread " + comm + " in process " + pid);
    }

    @TempDir
    Path dir;

    /**
     * The class path with the project's class folders packed into one jar, as the application ships: a class loaded
     * from a folder needs a fresh file descriptor, and a process that has none left could not load the classes that
     * report the problem. From an open jar it can.
     */
    private String jarClassPath() throws IOException {
        Path jar = dir.resolve("streamlab-under-test.jar");
        List<String> rest = new ArrayList<>();
        Set<String> packed = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (!Files.isDirectory(p)) {
                    rest.add(entry);
                    continue;
                }
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        String name = p.relativize(f).toString().replace(File.separatorChar, '/');
                        // The same resource in both class folders: the first one wins, as on the class path.
                        if (packed.add(name)) {
                            out.putNextEntry(new JarEntry(name));
                            Files.copy(f, out);
                            out.closeEntry();
                        }
                    }
                }
            }
        }
        rest.add(0, jar.toString());
        return String.join(File.pathSeparator, rest);
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    @Test
    void acceptThatKeepsFailingForWantOfFileDescriptorsBacksOffInsteadOfSpinning() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
        int limit = 128;
        String java = System.getProperty("java.home") + "/bin/java";
        String cp = jarClassPath();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n " + limit + " && exec \"$0\" -cp \"$1\" "
                + "streamlab.Main listen tcp 0 --timeout 60s --max-connections 10000", java, cp);
        Process child = pb.start();
        List<String> err = new CopyOnWriteArrayList<>();
        Thread errReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    err.add(l);
                }
            } catch (IOException e) {
                // The child is gone.
            }
        }, "test-child-stderr");
        errReader.setDaemon(true);
        errReader.start();
        List<Socket> sockets = new ArrayList<>();
        try {
            await("the child listens").atMost(Duration.ofSeconds(20))
                    .until(() -> err.stream().anyMatch(l -> LISTENING.matcher(l).matches()));
            Matcher m = err.stream().map(LISTENING::matcher).filter(Matcher::matches).findFirst().orElseThrow();
            int port = Integer.parseInt(m.group(1));
            long pid = child.pid();
            // More connections than the child has descriptors left: the rest wait in its accept queue.
            for (int i = 0; i < limit + 20; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                sockets.add(s);
            }
            await("the child runs out of file descriptors").atMost(Duration.ofSeconds(20))
                    .until(() -> openFiles(pid) >= limit - 1);
            String thread = "tcp-server-" + port;
            long t0 = System.nanoTime();
            long c0 = cpuTicks(pid, thread);
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            long ticks = cpuTicks(pid, thread) - c0;
            double seconds = (System.nanoTime() - t0) / 1e9;
            // 100 ticks a second is one busy core; a spinning accept loop takes most of one.
            assertTrue(ticks < 10 * seconds, "the accept thread used " + ticks + " ticks of CPU in "
                    + String.format("%.1f", seconds) + " s while accept kept failing");
            assertTrue(child.isAlive());
            long notices = err.stream().filter(l -> l.startsWith("accepting connections failed")).count();
            assertEquals(1, notices, "said once per run of failures: " + err);
            assertTrue(err.stream().anyMatch(l -> l.contains("Too many open files") && l.contains("ulimit -n")),
                    err.toString());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            child.destroy();
            child.waitFor();
        }
    }
}
