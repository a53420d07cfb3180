package streamlab.contention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Thread-safe (stateless): the shared SQLite file; recreates the {@code pets} table, opens connections, inserts and
 * counts rows. Worker threads and worker processes insert their pets through the same {@link #insertPet}.
 */
public final class SqliteStore {

    /**
     * The longest single wait inside SQLite's own busy handler. Longer busy timeouts are reached by retrying in Java,
     * because a thread blocked inside SQLite cannot be interrupted and Stop must return within a second.
     */
    static final long BUSY_SLICE_MS = 100;

    /** The statement {@link #insertPet} fills: one pet of one worker's task. */
    public static final String INSERT_PET = "INSERT INTO pets(name, species, worker, task) VALUES (?, ?, ?, ?)";

    private SqliteStore() {
    }

    /** Creates the file if needed and recreates an empty {@code pets} table. */
    static void recreate(Path db) {
        try {
            Path parent = db.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot create the folder for the SQLite database " + db + ": "
                    + e.getMessage() + ". Choose a writable path.", e);
        }
        try (Connection c = open(db, BUSY_SLICE_MS * 20); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE IF EXISTS pets");
            s.executeUpdate("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, species TEXT NOT NULL,"
                    + " worker INTEGER NOT NULL, task INTEGER NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalArgumentException("Cannot prepare the SQLite database " + db + ": " + shortMessage(e)
                    + ". Choose a writable path, and close other programs that have it open.", e);
        }
    }

    static Connection open(Path db, long busySliceMs) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + busySliceMs);
        }
        return c;
    }

    /**
     * Inserts the pet of one worker's task with {@code insert}, prepared from {@link #INSERT_PET}, and returns its row
     * id, read on the same connection through {@code control}. Both statements belong to the caller's thread.
     */
    public static long insertPet(PreparedStatement insert, Statement control, int worker, int task)
            throws SQLException {
        insert.setString(1, "pet-" + worker + "-" + task);
        insert.setString(2, task % 2 == 0 ? "cat" : "dog");
        insert.setInt(3, worker);
        insert.setInt(4, task);
        insert.executeUpdate();
        try (ResultSet rs = control.executeQuery("SELECT last_insert_rowid()")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long count(Path db) throws SQLException {
        try (Connection c = open(db, BUSY_SLICE_MS * 20); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pets")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** SQLITE_BUSY or SQLITE_LOCKED, including their extended codes. */
    static boolean isBusy(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        return primary == 5 || primary == 6 || String.valueOf(e.getMessage()).contains("database is locked");
    }

    /** The part of sqlite-jdbc's message a student recognises, such as "database is locked". */
    static String shortMessage(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int open = m.lastIndexOf('(');
        int close = m.lastIndexOf(')');
        return open >= 0 && close > open ? m.substring(open + 1, close) : m;
    }
}
