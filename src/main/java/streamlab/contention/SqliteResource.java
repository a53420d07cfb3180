package streamlab.contention;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Thread-safe (immutable settings; each {@link Session} is confined to its worker): the shared SQLite file, with one
 * {@link SqliteStore} connection per worker and each task a transaction that inserts a pet.
 *
 * <p>A task's transaction holds SQLite's write lock from {@code BEGIN IMMEDIATE} to {@code COMMIT}, so commits happen
 * one at a time even without the app's lock; each takes its place in the write order just before its {@code COMMIT},
 * still holding that lock.
 */
final class SqliteResource implements SharedResource {

    private final Path db;
    private final Duration busyTimeout;
    /** Commits begun, for their places in the write order. */
    private final AtomicLong commits = new AtomicLong();

    SqliteResource(Path db, Duration busyTimeout) {
        this.db = db;
        this.busyTimeout = busyTimeout;
    }

    @Override
    public void prepare() {
        SqliteStore.recreate(db);
    }

    @Override
    public Session open(int worker) throws TaskFailure {
        long slice = Math.min(SqliteStore.BUSY_SLICE_MS, busyTimeout.toMillis());
        Connection c = null;
        try {
            c = SqliteStore.open(db, slice);
            return new Connected(worker, c, c.createStatement(),
                    c.prepareStatement(SqliteStore.INSERT_PET));
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // Opening already failed; that is the error to report.
                }
            }
            throw new TaskFailure("cannot open " + db + ": " + SqliteStore.shortMessage(e), e);
        }
    }

    @Override
    public boolean instant() {
        return false;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public long liveValue() {
        return 0;
    }

    @Override
    public boolean countsRows() {
        return true;
    }

    @Override
    public long finalCount() {
        try {
            return SqliteStore.count(db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the rows in " + db + ": " + SqliteStore.shortMessage(e), e);
        }
    }

    /** One worker's connection. Confined to that worker's thread. */
    private final class Connected implements Session {

        private final int worker;
        private final Connection db;
        private final Statement control;
        private final PreparedStatement insert;
        private boolean inTransaction;

        Connected(int worker, Connection db, Statement control, PreparedStatement insert) {
            this.worker = worker;
            this.db = db;
            this.control = control;
            this.insert = insert;
        }

        @Override
        public void begin() throws InterruptedException, TaskFailure {
            retrying("BEGIN IMMEDIATE");
            inTransaction = true;
        }

        @Override
        public long read(int task) throws TaskFailure {
            try {
                return SqliteStore.insertPet(insert, control, worker, task);
            } catch (SQLException e) {
                throw failure(e);
            }
        }

        @Override
        public long write(long read, WriteOrder order) throws InterruptedException, TaskFailure {
            // BEGIN IMMEDIATE holds SQLite's write lock until the COMMIT: no other commit can come in between.
            order.writing();
            long seq = commits.incrementAndGet();
            retrying("COMMIT");
            inTransaction = false;
            order.written(seq, 0);
            return read;
        }

        @Override
        public boolean canCompareAndWrite() {
            return false;
        }

        @Override
        public boolean compareAndWrite(long read, WriteOrder order) {
            throw new UnsupportedOperationException("SQLite has no compare-and-set; the CAS kind spins instead");
        }

        /** Runs a statement, retrying SQLITE_BUSY until the busy timeout; each try waits at most one slice. */
        private void retrying(String sql) throws InterruptedException, TaskFailure {
            long deadline = System.nanoTime() + busyTimeout.toNanos();
            while (true) {
                try {
                    control.execute(sql);
                    return;
                } catch (SQLException e) {
                    if (!SqliteStore.isBusy(e) || System.nanoTime() >= deadline) {
                        throw failure(e);
                    }
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        @Override
        public void rollback() {
            if (inTransaction) {
                inTransaction = false;
                try {
                    control.execute("ROLLBACK");
                } catch (SQLException e) {
                    // SQLite already rolled back (for example after a failed COMMIT); nothing is left open.
                }
            }
        }

        @Override
        public void close() throws TaskFailure {
            rollback();
            try {
                db.close();
            } catch (SQLException e) {
                throw failure(e);
            }
        }

        private TaskFailure failure(SQLException e) {
            return new TaskFailure(SqliteStore.shortMessage(e), e);
        }
    }
}
