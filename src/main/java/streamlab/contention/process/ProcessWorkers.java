package streamlab.contention.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import streamlab.contention.CounterFileResource;
import streamlab.contention.Durations;
import streamlab.contention.LaneState;
import streamlab.contention.Marker;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;
import streamlab.contention.Resource;
import streamlab.contention.RunFeed;
import streamlab.contention.Scenario;

/**
 * Thread-safe: the OS-process workers of one run, each a child JVM running {@link WorkerMain} on this JVM's class
 * path. Their events arrive on their standard output ({@link EventLine}) and go through the run's {@link RunFeed}
 * into the same lanes, log and summary as thread workers'.
 *
 * <p>Threads: the thread that starts the run spawns the children; one {@code process-reader-N} per child reads its
 * events and is the only writer of its lane; one {@code process-stderr-N} per child keeps the last lines of its
 * standard error (why it failed to start); one {@code process-control} thread writes the lock and hold commands to
 * the children and escalates a stop. Controls may come from any thread and never block.
 *
 * <p>No child outlives its run: a child exits when its standard input ends, which happens on a stop (the parent
 * closes it) and when the parent dies (the OS closes it). A stop closes every child's input, sends SIGTERM after
 * {@link #TERM_AFTER_MS} and SIGKILL after {@link #KILL_AFTER_MS} to any still alive.
 */
public final class ProcessWorkers {

    /** A system property: extra JVM options for every child, separated by spaces (tests pass a bad -Xmx). */
    public static final String JVM_OPTIONS = "streamlab.process.jvmOptions";
    /** A system property: the {@code java} binary to start children with (default: this JVM's). */
    public static final String JAVA = "streamlab.process.java";
    /** Options that keep a child small and quick to start: eight of them fit beside the window. */
    static final List<String> DEFAULT_OPTIONS =
            List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");
    static final long TERM_AFTER_MS = 300;
    static final long KILL_AFTER_MS = 600;
    /** What {@link Process#exitValue()} is on Linux and macOS for a process that died of SIGKILL: 128 + 9. */
    private static final int SIGKILL_EXIT = 137;
    private static final int STDERR_LINES = 20;
    /** Lines a child may print before its hello (a JVM's own start-up errors); past them it is cut off. */
    private static final int PRE_HELLO_LINES = 20;

    private final RunFeed feed;
    private final Scenario scenario;
    private final List<Child> children;
    private final ScheduledExecutorService control;
    private volatile ProcessReport finalReport;

    /** Prepares one child per lane; nothing is spawned before {@link #start}. */
    public ProcessWorkers(RunFeed feed) {
        this.feed = feed;
        this.scenario = feed.scenario();
        List<Child> list = new ArrayList<>();
        for (int w = 1; w <= scenario.threads(); w++) {
            list.add(new Child(w));
        }
        children = List.copyOf(list);
        control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "process-control");
            t.setDaemon(true);
            return t;
        });
    }

    /** Spawns every child and returns without waiting for their hellos. */
    public void start() {
        for (Child c : children) {
            c.spawn();
        }
    }

    /** The file the children share: the SQLite database or the counter file. */
    public Path sharedFile() {
        return scenario.resource() == Resource.SQLITE ? scenario.dbPath() : scenario.counterFile();
    }

    /** The lock file whose OS lock the children take when the lock is on. */
    public Path lockFile() {
        Path f = sharedFile().toAbsolutePath();
        return f.resolveSibling(f.getFileName() + ".lock");
    }

    /** The command that starts worker {@code worker}: this JVM's java, its class path, {@link WorkerMain}. */
    List<String> commandLine(int worker) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty(JAVA, Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(DEFAULT_OPTIONS);
        for (String key : List.of(JVM_OPTIONS, JVM_OPTIONS + "." + worker)) {
            String extra = System.getProperty(key, "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerMain.class.getName());
        cmd.add("worker=" + worker);
        cmd.add("tasks=" + scenario.tasks());
        cmd.add("hold=" + feed.holdNanos());
        cmd.add("lock=" + (feed.lockOn() ? 1 : 0));
        cmd.add("resource=" + scenario.resource().name().toLowerCase(Locale.ROOT));
        cmd.add("file=" + sharedFile().toAbsolutePath());
        cmd.add("lockfile=" + lockFile());
        cmd.add("busy=" + scenario.busyTimeout().toMillis());
        return cmd;
    }

    /** Kills one child with SIGKILL (1-based); false when it had already ended or was being killed. */
    public boolean kill(int worker) {
        Child c = children.get(worker - 1);
        Process p = c.process;
        if (p == null || !p.isAlive() || c.killRequested) {
            return false;
        }
        c.killRequested = true;
        feed.mark(Marker.Kind.KILL, "worker-" + worker + " (pid " + p.pid() + ") killed with SIGKILL "
                + during(worker), worker);
        p.destroyForcibly();
        return true;
    }

    /** SIGKILL to every child at once, as when the machine dies; returns how many were alive. */
    public int killAll() {
        List<Process> alive = new ArrayList<>();
        for (Child c : children) {
            Process p = c.process;
            if (p != null && p.isAlive() && !c.killRequested) {
                c.killRequested = true;
                alive.add(p);
            }
        }
        if (alive.isEmpty()) {
            return 0;
        }
        feed.mark(Marker.Kind.KILL, "all " + alive.size() + " workers killed at once with SIGKILL (the machine died)");
        for (Process p : alive) {
            p.destroyForcibly();
        }
        return alive.size();
    }

    /** Ends every child: closes their input at once, then SIGTERM and SIGKILL on the control thread. */
    public void requestStop() {
        for (Child c : children) {
            c.closeInput();
        }
        try {
            control.schedule(() -> children.forEach(c -> c.signal(false)), TERM_AFTER_MS, TimeUnit.MILLISECONDS);
            control.schedule(() -> children.forEach(c -> c.signal(true)), KILL_AFTER_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The run has ended: every child is gone already.
        }
    }

    /** Tells every child the lock is now on or off, from its next task. */
    public void lockChanged(boolean on) {
        send("L " + (on ? 1 : 0));
    }

    /** Tells every child the new hold, from its next task. */
    public void holdChanged(long nanos) {
        send("H " + nanos);
    }

    private void send(String command) {
        try {
            control.execute(() -> children.forEach(c -> c.command(command)));
        } catch (RejectedExecutionException e) {
            // The run has ended.
        }
    }

    /** What each child is or was; final once the run has ended. */
    public ProcessReport report() {
        ProcessReport done = finalReport;
        return done != null ? done : new ProcessReport(lanes(), null, -1, Map.of(), -1, false);
    }

    /**
     * Called once, by the run, when the last child has ended: stops the control thread, checks the shared file
     * (SQLite's integrity_check and the rows that survived, or the counter's value) and logs what survived. Never
     * throws.
     */
    public void allEnded() {
        control.shutdownNow();
        String integrity = null;
        long rows = -1;
        long counter = -1;
        Map<Integer, Long> byWorker = new LinkedHashMap<>();
        try {
            if (scenario.resource() == Resource.SQLITE) {
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + scenario.dbPath().toAbsolutePath());
                     Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 2000");
                    try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                        StringBuilder sb = new StringBuilder();
                        while (rs.next()) {
                            sb.append(sb.length() > 0 ? "; " : "").append(rs.getString(1));
                        }
                        integrity = sb.toString();
                    }
                    rows = 0;
                    try (ResultSet rs = s.executeQuery(
                            "SELECT worker, COUNT(*) FROM pets GROUP BY worker ORDER BY worker")) {
                        while (rs.next()) {
                            byWorker.put(rs.getInt(1), rs.getLong(2));
                            rows += rs.getLong(2);
                        }
                    }
                }
            } else {
                byte[] bytes = java.nio.file.Files.readAllBytes(scenario.counterFile());
                counter = CounterFileResource.decode(bytes, bytes.length);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            integrity = integrity != null ? integrity : "could not be checked: " + e.getMessage();
            feed.error(0, "checking " + sharedFile() + " after the run: " + e.getMessage());
        }
        List<ProcessReport.Lane> lanes = lanes();
        for (ProcessReport.Lane l : lanes) {
            feed.info(l.worker(), "process " + (l.pid() > 0 ? "pid " + l.pid() : "(none)")
                    + (l.startupNanos() >= 0 ? ", started in " + Durations.formatNanos(l.startupNanos()) : "")
                    + ": " + l.exitStatus());
        }
        long expected = scenario.expectedTasks();
        if (scenario.resource() == Resource.SQLITE) {
            StringBuilder per = new StringBuilder();
            byWorker.forEach((w, n) -> per.append(per.length() > 0 ? ", " : "").append("worker-").append(w)
                    .append(": ").append(n));
            feed.info(0, "after the run: integrity_check " + integrity + "; " + Math.max(rows, 0) + " of " + expected
                    + " rows committed and survived" + (per.length() > 0 ? " (" + per + ")" : "")
                    + "; a transaction a dead process left open was rolled back by SQLite");
        } else if (counter >= 0) {
            feed.info(0, "after the run: the counter file holds " + counter + " of " + expected
                    + " intended increments");
        }
        finalReport = new ProcessReport(lanes, integrity, rows, byWorker, counter, true);
    }

    private List<ProcessReport.Lane> lanes() {
        List<ProcessReport.Lane> list = new ArrayList<>();
        for (Child c : children) {
            list.add(new ProcessReport.Lane(c.worker, c.pid, c.startupNanos, c.status, c.killed, c.fromOutside));
        }
        return list;
    }

    private String during(int worker) {
        int task = feed.lanes().get(worker - 1).liveTask();
        return task > 0 ? "during task " + task : "between tasks";
    }

    /** One child process. Its lane and bookkeeping are confined to its reader thread; the rest is volatile. */
    private final class Child {
        final int worker;
        volatile Process process;
        volatile long pid = -1;
        volatile long startupNanos = -1;
        volatile String status = "not started";
        volatile boolean killRequested;
        volatile boolean killed;
        volatile boolean fromOutside;
        /** The child's standard input; guarded by this child. */
        private OutputStream input;
        /** The last lines of its standard error; guarded by itself. */
        private final Deque<String> errTail = new ArrayDeque<>();
        private Thread errPump;

        Child(int worker) {
            this.worker = worker;
        }

        void spawn() {
            long spawnAt = feed.now();
            feed.starting(worker, spawnAt);
            status = "starting";
            Process p;
            try {
                p = new ProcessBuilder(commandLine(worker)).start();
            } catch (IOException | RuntimeException e) {
                String reason = "failed to start: " + e.getMessage();
                status = reason;
                feed.error(worker, reason);
                feed.ended(worker, LaneState.STOPPED, 0, false, reason);
                return;
            }
            pid = p.pid();
            synchronized (this) {
                input = p.getOutputStream();
            }
            process = p;
            errPump = new Thread(() -> pumpErr(p.getErrorStream()), "process-stderr-" + worker);
            errPump.setDaemon(true);
            errPump.start();
            Thread reader = new Thread(() -> read(p, spawnAt), "process-reader-" + worker);
            reader.setDaemon(true);
            reader.start();
            if (feed.stopping()) {
                // A stop came while the children were being spawned.
                closeInput();
                p.destroyForcibly();
            }
        }

        synchronized void command(String line) {
            if (input == null) {
                return;
            }
            try {
                input.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                input.flush();
            } catch (IOException e) {
                // The child has died; its reader reports that.
            }
        }

        synchronized void closeInput() {
            if (input == null) {
                return;
            }
            try {
                input.close();
            } catch (IOException e) {
                // Closed either way.
            }
            input = null;
        }

        void signal(boolean force) {
            Process p = process;
            if (p != null && p.isAlive()) {
                if (force) {
                    p.destroyForcibly();
                } else {
                    p.destroy();
                }
            }
        }

        private void pumpErr(InputStream err) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (errTail) {
                        if (errTail.size() == STDERR_LINES) {
                            errTail.removeFirst();
                        }
                        errTail.addLast(line);
                    }
                }
            } catch (IOException e) {
                // The child is gone; what was read is kept.
            }
        }

        private String errReason(List<String> stdout) {
            try {
                errPump.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (errTail) {
                List<String> lines = new ArrayList<>();
                List<String> all = new ArrayList<>(stdout);
                all.addAll(errTail);
                for (String l : all) {
                    if (!l.isBlank() && !l.startsWith("Error: A fatal exception") && lines.size() < 3) {
                        lines.add(l.trim());
                    }
                }
                return lines.isEmpty() ? "no message on its standard error" : String.join("; ", lines);
            }
        }

        /** The reader thread: parses the child's events into its lane until the child's output ends. */
        private void read(Process p, long spawnAt) {
            try {
                readEvents(p, spawnAt);
            } catch (RuntimeException | Error e) {
                // A fault of StreamLab itself: the run reports it as failed.
                p.destroyForcibly();
                status = "reader failed: " + e;
                feed.failed(worker, e);
                feed.ended(worker, LaneState.STOPPED, 0, false, String.valueOf(e));
            }
        }

        private void readEvents(Process p, long spawnAt) {
            int tasks = scenario.tasks();
            boolean sqlite = scenario.resource() == Resource.SQLITE;
            boolean hello = false;
            boolean bye = false;
            long offset = 0;
            int current = 0;
            long taskStart = -1;
            long holdStart = -1;
            long writeStart = -1;
            boolean currentLocked = false;
            int lastEnded = 0;
            String firstError = null;
            String cutOff = null;
            List<String> preHello = new ArrayList<>();
            LineReader in = new LineReader(p.getInputStream());
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    EventLine.Event e;
                    if (!hello && !line.startsWith("H ") && preHello.size() < PRE_HELLO_LINES) {
                        // A JVM that cannot start says why on standard output ("Error occurred during
                        // initialization of VM"): kept as the reason, not taken for an event.
                        preHello.add(abbreviate(line.trim()));
                        continue;
                    }
                    try {
                        e = EventLine.parse(line, tasks);
                        if (hello == e instanceof EventLine.Hello) {
                            throw new IllegalArgumentException(hello ? "a second hello" : "an event before the hello");
                        }
                    } catch (IllegalArgumentException bad) {
                        cutOff = "malformed event line '" + abbreviate(line) + "' (" + bad.getMessage() + ")";
                        p.destroyForcibly();
                        break;
                    }
                    if (e instanceof EventLine.Hello h) {
                        long arrived = feed.now();
                        // The child's wall clock at its hello, on the run's clock; never before the spawn nor after
                        // the line arrived (which bounds a wall-clock step between the two readings).
                        offset = Math.max(spawnAt, Math.min(h.epochNanos() - feed.startEpochNanos(), arrived));
                        startupNanos = offset - spawnAt;
                        hello = true;
                        status = "running";
                        feed.started(worker, pid, offset);
                    } else if (e instanceof EventLine.PhaseAt ph) {
                        long at = offset + ph.at();
                        if (ph.task() != current) {
                            current = ph.task();
                            taskStart = at;
                            holdStart = -1;
                            writeStart = -1;
                            currentLocked = ph.phase() == Phase.WAITING && ph.value() == 1;
                        }
                        feed.live(worker, ph.phase(), ph.task(), at);
                        if (ph.phase() == Phase.WAITING) {
                            feed.phaseLine(worker, at, "task " + ph.task() + ": " + (currentLocked
                                    ? "waiting for the OS file lock" : "starting without a lock"));
                        } else if (ph.phase() == Phase.HOLDING) {
                            holdStart = at;
                            feed.phaseLine(worker, at, "task " + ph.task() + ": " + (currentLocked
                                    ? "got the lock after " + Durations.formatNanos(at - taskStart) + ", " : "")
                                    + (sqlite ? "inserted row " : "read ") + ph.value());
                        } else {
                            writeStart = at;
                        }
                    } else if (e instanceof EventLine.TaskEnd t) {
                        feed.task(worker, t.task(), offset + t.t0(), offset + t.acquired(), offset + t.tailStart(),
                                offset + t.end(), t.read(), t.overwritten(), t.tail(), t.outcome(), t.locked(),
                                t.message(), null);
                        lastEnded = t.task();
                        if (t.outcome() == Outcome.FAILED && firstError == null) {
                            firstError = t.message();
                        }
                    } else {
                        bye = true;
                    }
                }
            } catch (IOException e) {
                // The pipe broke: the child died. What it was doing is worked out below.
            }
            long diedAt = feed.now();
            int exit = awaitExit(p);
            closeInput();
            try {
                p.getInputStream().close();
            } catch (IOException e) {
                // Closed either way; this only frees the pipe now rather than when the Process is collected.
            }
            boolean inTask = current > lastEnded;
            LaneState state;
            String why;
            long cut = 0;
            if (cutOff != null) {
                status = "cut off: " + cutOff;
                feed.error(worker, "pid " + pid + " " + status + "; killed");
                firstError = status;
                state = LaneState.STOPPED;
                why = "cut off";
            } else if (exit == SIGKILL_EXIT && (killRequested || !feed.stopping())) {
                killed = true;
                fromOutside = !killRequested;
                status = "killed by signal 9" + (hello ? "" : " while starting");
                if (fromOutside) {
                    feed.mark(Marker.Kind.KILL, "worker-" + worker + " (pid " + pid + ") killed by signal 9 from "
                            + "outside StreamLab " + (inTask ? "during task " + current : "between tasks"), worker);
                }
                state = LaneState.KILLED;
                why = "killed by signal 9";
            } else if (!hello) {
                status = (feed.stopping() ? "stopped before it started" : "failed to start (exit " + exit + "): "
                        + errReason(preHello));
                if (!feed.stopping()) {
                    firstError = status;
                    feed.error(worker, status);
                }
                state = LaneState.STOPPED;
                why = status;
            } else if (exit == 0 && bye) {
                status = "exited 0";
                state = LaneState.FINISHED;
                why = null;
            } else if (feed.stopping()) {
                status = "stopped (" + exitText(exit) + ")";
                state = LaneState.STOPPED;
                why = "stopped";
            } else {
                status = exitText(exit) + ": " + errReason(preHello);
                firstError = firstError != null ? firstError : status;
                feed.error(worker, "pid " + pid + " " + status);
                state = LaneState.STOPPED;
                why = status;
            }
            if (inTask && state != LaneState.FINISHED) {
                Outcome outcome = state == LaneState.KILLED ? Outcome.ABANDONED : Outcome.STOPPED;
                long acquired = holdStart >= 0 ? holdStart : diedAt;
                long tailStart = writeStart >= 0 ? writeStart : diedAt;
                feed.task(worker, current, taskStart, Math.min(acquired, diedAt), Math.min(tailStart, diedAt),
                        Math.max(diedAt, taskStart), 0, 0, Phase.WRITING, outcome, currentLocked, null, why);
                cut = 1;
            }
            feed.ended(worker, state, cut, killed, firstError);
        }

        private int awaitExit(Process p) {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    if (!p.waitFor(2, TimeUnit.SECONDS)) {
                        return -1;
                    }
                }
                return p.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                return -1;
            }
        }
    }

    private static String exitText(int exit) {
        return exit > 128 && exit < 160 ? "killed by signal " + (exit - 128) : exit < 0 ? "did not exit"
                : "exited " + exit;
    }

    private static String abbreviate(String line) {
        String l = line.length() > 80 ? line.substring(0, 80) + "…" : line;
        StringBuilder sb = new StringBuilder();
        for (char c : l.toCharArray()) {
            sb.append(c < 32 || c > 126 && c != '…' ? '?' : c);
        }
        return sb.toString();
    }

    /**
     * Confined to one reader thread: reads ASCII lines of at most {@link EventLine#MAX_LENGTH} characters; a longer
     * one is returned cut at one character more, which the parser refuses. A last line without its newline (the
     * child died while writing it) is dropped.
     */
    static final class LineReader {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private final byte[] line = new byte[EventLine.MAX_LENGTH + 1];
        private int pos;
        private int len;

        LineReader(InputStream in) {
            this.in = in;
        }

        String readLine() throws IOException {
            int n = 0;
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return null;
                    }
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    return new String(line, 0, n, StandardCharsets.ISO_8859_1);
                }
                line[n++] = b;
                if (n == line.length) {
                    return new String(line, 0, n, StandardCharsets.ISO_8859_1);
                }
            }
        }
    }
}
