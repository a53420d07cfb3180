package streamlab.contention;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Thread-safe (stateless): the shared SQLite file; recreates the {@code pets} table, opens connections, counts rows.
 */
final class SqliteStore {

    /**
     * The longest single wait inside SQLite's own busy handler. Longer busy timeouts are reached by retrying in Java,
     * because a thread blocked inside SQLite cannot be interrupted and Stop must return within a second.
     */
    static final long BUSY_SLICE_MS = 100;

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
