package relocate.catalog.rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.selection.Selection;

/**
 * Counts a domain's rows, model by model, with the same selection a dump uses. For counts that agree
 * with each other, run them in one REPEATABLE READ transaction.
 */
public final class RowCounter {

    private RowCounter() {
    }

    /** The domain's rows selected by {@code selection} in {@code connection}'s database. */
    public static long count(Connection connection, Selection selection, String domain) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) " + selection.fromWhere())) {
            selection.bindDomain(statement, 1, domain);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Each model's count, in load order. */
    public static Map<TableName, Long> countAll(Connection connection, DomainModel domainModel, String domain)
            throws SQLException {
        Map<TableName, Long> counts = new LinkedHashMap<>();
        for (Model model : domainModel.models()) {
            counts.put(model.name(), count(connection, model.selection(), domain));
        }
        return counts;
    }
}
