package relocate.catalog.selection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;

/**
 * Checks that a domain's name is a value of every type its key has in a database ({@code 42} for a
 * {@code bigint} key, a uuid for a {@code uuid} one) before anything uses it: otherwise the first statement that
 * compares it fails with PostgreSQL's {@code invalid input syntax}, deep inside a step. The server parses it
 * (a cast), so a type of the application's own (a domain over {@code text}, {@code citext}) is checked as the
 * server would.
 */
public final class TenantValue {

    private TenantValue() {
    }

    /** Why a domain's name is not a value of its key's type. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * Throws {@link Invalid} when {@code domain} does not parse as each type the domain's key has among
     * {@code model}'s models; {@code where} names the database for people ({@code "source 'eu'"}). Inside a
     * transaction the check runs under a savepoint, so a refusal leaves the transaction usable.
     */
    public static void check(Connection connection, DomainModel model, String domain, String where)
            throws SQLException {
        // one key of each type stands for the others: they cast the domain alike
        Map<String, TenantKey> keyOfType = new LinkedHashMap<>();
        Map<String, List<TableName>> tablesByType = new LinkedHashMap<>();
        for (Model each : model.models()) {
            if (each.selection() instanceof ByTenantColumn direct) {
                keyOfType.putIfAbsent(direct.key().type(), direct.key());
                tablesByType.computeIfAbsent(direct.key().type(), t -> new ArrayList<>()).add(each.name());
            }
        }
        for (Map.Entry<String, List<TableName>> type : tablesByType.entrySet()) {
            if (!parses(connection, domain, keyOfType.get(type.getKey()))) {
                throw new Invalid("'" + domain + "' is not a value of type " + type.getKey() + ", the type of the "
                        + "domain's key on " + where + " (" + describe(model, type.getValue()) + "): give the "
                        + "domain as its key is stored there (for example 42 for a bigint key, a uuid for a uuid key)");
            }
        }
    }

    private static boolean parses(Connection connection, String domain, TenantKey key) throws SQLException {
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        boolean parses;
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + key.value("?"))) {
            statement.setString(1, domain);
            statement.executeQuery().close();
            parses = true;
        } catch (SQLException e) {
            // class 22: a data exception (invalid text, out of range, too long); 23514: a domain type's CHECK
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (!state.startsWith("22") && !state.equals("23514")) {
                throw e;
            }
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            parses = false;
        }
        if (savepoint != null) {
            connection.releaseSavepoint(savepoint);
        }
        return parses;
    }

    private static String describe(DomainModel model, Collection<TableName> tables) {
        return tables.stream().limit(3).map(table -> table + "." + model.model(table).orElseThrow().selection()
                .tenantKey().column()).collect(Collectors.joining(", ")) + (tables.size() > 3 ? ", ..." : "");
    }
}
