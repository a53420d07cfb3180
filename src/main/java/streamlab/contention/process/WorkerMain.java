package streamlab.contention.process;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import streamlab.contention.CounterFileResource;
import streamlab.contention.Outcome;
import streamlab.contention.Phase;
import streamlab.contention.SqliteStore;

/**
 * The hidden entry point of a process worker: a child JVM that runs one worker's task loop against a file that
 * processes really share, and reports each phase to its parent on standard output in the {@link EventLine} format.
 * Not a user command; {@link ProcessWorkers} starts it. Confined to its main thread, except the lock and hold
 * settings, which its {@code parent-watch} thread sets from the parent's commands.
 *
 * <p>Arguments, each {@code key=value}: {@code worker}, {@code tasks}, {@code hold} (nanoseconds), {@code lock}
 * (0 or 1), {@code resource} (sqlite or counter), {@code file}, {@code lockfile}, {@code busy} (milliseconds).
 * It exits 0 after its last task, at once when its standard input ends (the parent stopped the run or died: no
 * orphan outlives its parent), and 2 for arguments it cannot read.
 */
public final class WorkerMain {

    /** A system property for tests: {@code garbage} writes a malformed line after the first task, then hangs. */
    public static final String FAULT = "streamlab.process.fault";

    private static volatile boolean lockOn;
    private static volatile long holdNanos;

    private WorkerMain() {
    }

    public static void main(String[] args) {
        // First of all, so that a parent dying while this JVM starts still ends it.
        Thread watch = new Thread(WorkerMain::watchParent, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                a.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        int worker;
        int tasks;
        long busyMs;
        boolean sqlite;
        Path file;
        Path lockFile;
        try {
            worker = Integer.parseInt(a.get("worker"));
            tasks = Integer.parseInt(a.get("tasks"));
            holdNanos = Long.parseLong(a.get("hold"));
            lockOn = "1".equals(a.get("lock"));
            busyMs = Long.parseLong(a.get("busy"));
            sqlite = "sqlite".equals(a.get("resource"));
            file = Path.of(a.get("file"));
            lockFile = Path.of(a.get("lockfile"));
        } catch (RuntimeException e) {
            System.err.println("streamlab process worker: bad arguments " + a + ": " + e);
            System.exit(2);
            return;
        }
        OutputStream out = new java.io.BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             Store store = sqlite ? new Sqlite(file, busyMs, worker) : new CounterFile(file)) {
            new Loop(worker, tasks, sqlite, lock, store, out).run();
        } catch (IOException | SQLException e) {
            System.err.println("streamlab process worker " + a.get("worker") + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /** Reads the parent's commands; the end of standard input means the parent is gone or wants this child gone. */
    private static void watchParent() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("L ")) {
                    lockOn = line.endsWith("1");
                } else if (line.startsWith("H ")) {
                    try {
                        holdNanos = Math.max(0, Long.parseLong(line.substring(2).trim()));
                    } catch (NumberFormatException e) {
                        // Only the parent writes here; a wrong command changes nothing.
                    }
                }
            }
        } catch (IOException e) {
            // As good as the end of input.
        }
        // halt, not exit: no shutdown hook, no COMMIT, just gone, as the parent's death would have it.
        Runtime.getRuntime().halt(0);
    }

    /** The task loop. Confined to the main thread. */
    private static final class Loop {
        private final int tasks;
        private final boolean sqlite;
        private final FileChannel lockChannel;
        private final Store store;
        private final OutputStream out;
        private final String fault = System.getProperty(FAULT, "");
        private long hello;

        Loop(int worker, int tasks, boolean sqlite, FileChannel lockChannel, Store store, OutputStream out) {
            this.tasks = tasks;
            this.sqlite = sqlite;
            this.lockChannel = lockChannel;
            this.store = store;
            this.out = out;
        }

        private long now() {
            return System.nanoTime() - hello;
        }

        private void send(String line) throws IOException {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }

        void run() throws IOException {
            // Link the event formatting before the hello: its first use costs tens of milliseconds of start-up
            // (string concatenation is bootstrapped per call site), which would otherwise show as a lock wait.
            EventLine.phase(1, Phase.WAITING, 0, 0);
            EventLine.taskEnd(1, 0, 0, 0, 0, 0, 0, Phase.WRITING, Outcome.DONE, false, null);
            EventLine.taskEnd(1, 0, 0, 0, 0, 0, 0, Phase.ERROR, Outcome.FAILED, false, "warm-up");
            EventLine.bye(1);
            hello = System.nanoTime();
            Instant at = Instant.now();
            send(EventLine.hello(ProcessHandle.current().pid(), at.getEpochSecond() * 1_000_000_000L + at.getNano()));
            out.flush();
            for (int task = 1; task <= tasks; task++) {
                boolean locked = lockOn;
                long hold = holdNanos;
                // At hold 0 a counter task takes microseconds: no frame could show its phases, so only its end is
                // sent, as a thread worker skips those clock readings.
                boolean timed = hold > 0 || sqlite;
                long t0 = now();
                long t1 = -1;
                long t2 = -1;
                long read = 0;
                if (timed) {
                    send(EventLine.phase(task, Phase.WAITING, t0, locked ? 1 : 0));
                    out.flush();
                }
                FileLock held = locked ? lockChannel.lock() : null;
                try {
                    store.begin();
                    t1 = now();
                    if (!locked && !sqlite) {
                        // Without a lock the counter file has nothing to wait for: the task starts at its read, as
                        // a thread worker's does.
                        t0 = t1;
                    }
                    read = store.read(task);
                    if (timed) {
                        send(EventLine.phase(task, Phase.HOLDING, t1, read));
                        out.flush();
                    }
                    pause(hold);
                    t2 = now();
                    if (timed) {
                        send(EventLine.phase(task, Phase.WRITING, t2, 0));
                        out.flush();
                    }
                    long overwritten = store.write(read);
                    long end = now();
                    send(EventLine.taskEnd(task, t0, t1, t2, end, read, overwritten, Phase.WRITING,
                            overwritten == read ? Outcome.DONE : Outcome.OVERWROTE, locked, null));
                } catch (SQLException e) {
                    store.rollback();
                    long end = now();
                    long acquired = t1 < 0 ? end : t1;
                    long tail = t2 < 0 ? end : t2;
                    send(EventLine.taskEnd(task, t0, acquired, tail, end, read, 0, Phase.ERROR, Outcome.FAILED,
                            locked, shortMessage(e)));
                } finally {
                    if (held != null) {
                        held.release();
                    }
                }
                out.flush();
                if ("garbage".equals(fault)) {
                    send("this is not an event");
                    out.flush();
                    hang();
                }
            }
            send(EventLine.bye(tasks));
            out.flush();
        }

        private static void hang() {
            while (true) {
                try {
                    TimeUnit.SECONDS.sleep(60);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static void pause(long nanos) {
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** SQLite's own message, as sqlite-jdbc puts it in parentheses: "database is locked". */
    static String shortMessage(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int open = m.lastIndexOf('(');
        int close = m.lastIndexOf(')');
        return open >= 0 && close > open ? m.substring(open + 1, close) : m;
    }

    /** What the child's tasks work on. Confined to the main thread. */
    private interface Store extends AutoCloseable {
        void begin() throws SQLException;

        long read(int task) throws SQLException, IOException;

        long write(long read) throws SQLException, IOException;

        void rollback();

        @Override
        void close() throws IOException, SQLException;
    }

    /** The course's experiment: each task a transaction that inserts a pet, with SQLite's own file locking. */
    private static final class Sqlite implements Store {
        private final Connection db;
        private final Statement control;
        private final PreparedStatement insert;
        private final int worker;

        Sqlite(Path file, long busyMs, int worker) throws SQLException {
            this.worker = worker;
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            control = db.createStatement();
            // SQLite's own busy handler, as the course script has it: a blocked process waits in SQLite, and a kill
            // or the end of standard input ends it there too.
            control.execute("PRAGMA busy_timeout = " + busyMs);
            insert = db.prepareStatement(SqliteStore.INSERT_PET);
        }

        @Override
        public void begin() throws SQLException {
            control.execute("BEGIN IMMEDIATE");
        }

        @Override
        public long read(int task) throws SQLException {
            return SqliteStore.insertPet(insert, control, worker, task);
        }

        @Override
        public long write(long read) throws SQLException {
            control.execute("COMMIT");
            return read;
        }

        @Override
        public void rollback() {
            try {
                control.execute("ROLLBACK");
            } catch (SQLException e) {
                // Nothing was open (BEGIN itself failed), or SQLite already rolled back.
            }
        }

        @Override
        public void close() throws SQLException {
            db.close();
        }
    }

    /** The shared counter as a file: read it, hold, write read + 1, one same-sized write at offset 0. */
    private static final class CounterFile implements Store {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(64);

        CounterFile(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }

        @Override
        public void begin() {
            // The file has no lock of its own: without the file lock nothing keeps two processes apart.
        }

        @Override
        public long read(int task) throws IOException {
            buffer.clear();
            int n = 0;
            while (buffer.hasRemaining()) {
                int r = channel.read(buffer, n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            try {
                return CounterFileResource.decode(buffer.array(), n);
            } catch (NumberFormatException e) {
                throw new IOException("the counter file does not hold a number: " + e.getMessage(), e);
            }
        }

        @Override
        public long write(long read) throws IOException {
            long before = read(0);
            ByteBuffer b = ByteBuffer.wrap(CounterFileResource.encode(read + 1));
            int at = 0;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            return before;
        }

        @Override
        public void rollback() {
            // Nothing is written before the write, and a write is one call.
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
