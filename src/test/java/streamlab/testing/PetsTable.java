package streamlab.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** Reads the {@code pets} table that SQLite runs insert into, on a connection of its own. Stateless. */
public final class PetsTable {

    private PetsTable() {
    }

    /** The names of the pets in the SQLite file {@code db}. */
    public static Set<String> names(Path db) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM pets")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
