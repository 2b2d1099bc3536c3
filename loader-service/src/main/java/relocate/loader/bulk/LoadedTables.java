package relocate.loader.bulk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.connect.WriteTransaction;

/** After a bulk load: the planner's statistics of the tables that just grew. */
public final class LoadedTables {
    /**
     * Stale: more rows written since the last ANALYZE than a tenth of the rows it found (autovacuum's default
     * rule), or never analyzed. A loaded domain is most of a table it came into, or all of it.
     */
    private static final String STALE = """
            SELECT coalesce(s.n_mod_since_analyze > 0.1 * greatest(c.reltuples, 0) + 50, true)
            FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
            WHERE c.oid = ?::regclass""";

    private LoadedTables() {
    }

    /**
     * ANALYZE every model's table whose statistics are stale (a sample, seconds at most): until autovacuum gets to
     * them, VERIFY's and the application's queries would be planned for the tables as they were before the load,
     * often empty.
     */
    public static List<TableName> analyze(Connection target, DomainModel model) throws SQLException {
        return analyzeStale(target, model.models().stream().map(Model::name).toList());
    }

    /**
     * ANALYZE each of {@code tables} whose statistics are stale, one transaction each; returns those analyzed. Two
     * callers at once (LOAD's last task and VERIFY's checks beside it) analyze a table once: the check runs under
     * the lock ANALYZE takes, after the other's ANALYZE has reset the count of rows written. {@code target} must be
     * in auto-commit mode, and is left so.
     */
    public static List<TableName> analyzeStale(Connection target, Collection<TableName> tables) throws SQLException {
        List<TableName> analyzed = new ArrayList<>();
        for (TableName table : tables) {
            boolean done = WriteTransaction.run(target, "LoadedTables.analyzeStale", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("LOCK TABLE " + table.sql() + " IN SHARE UPDATE EXCLUSIVE MODE");
                }
                if (!stale(c, table)) {
                    return false;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE " + table.sql());
                }
                return true;
            });
            if (done) {
                analyzed.add(table);
            }
        }
        return analyzed;
    }

    private static boolean stale(Connection target, TableName table) throws SQLException {
        try (PreparedStatement s = target.prepareStatement(STALE)) {
            s.setString(1, table.sql());
            try (ResultSet r = s.executeQuery()) {
                return !r.next() || r.getBoolean(1);
            }
        }
    }
}
