package relocate.loader.bulk;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;

/** After a bulk load: the planner's statistics of the tables that just grew. */
public final class LoadedTables {
    private LoadedTables() {
    }

    /**
     * ANALYZE every model's table (a sample, seconds at most): until autovacuum gets to them, VERIFY's and the
     * application's queries would be planned for the tables as they were before the load, often empty.
     */
    public static void analyze(Connection target, DomainModel model) throws SQLException {
        try (Statement s = target.createStatement()) {
            for (Model m : model.models()) {
                s.execute("ANALYZE " + m.name().sql());
            }
        }
    }
}
