package relocate.catalog.rows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.connect.LocalSettings;
import relocate.catalog.connect.WriteTransaction;
import relocate.catalog.rows.DomainRowsFailure.Reason;

/**
 * Deletes one domain's rows from the target: what an abort does to a loaded target, and what a
 * rehearsal does after itself.
 *
 * <p>All the domain's models in ONE transaction, so that the target is either as it was or wholly cleared
 * of the domain, never in between. Models go in reverse load order, children before parents: a child
 * selected through its parents ({@code case_indices} through {@code cases}) is found while those still
 * exist, and no foreign key inside the domain is left dangling at any step. A self-referencing model
 * ({@code locations.parent_id -> locations.id}) goes in one statement: PostgreSQL checks a foreign key at
 * the end of the statement, when parents and children are gone together. DEFERRABLE constraints (those
 * that break cycles) are deferred to the commit.
 *
 * <p>Rows outside the domain that reference the domain's rows make the delete fail
 * ({@link Reason#STILL_REFERENCED}) and change nothing: the data is inconsistent, and deleting would
 * either fail or (with ON DELETE CASCADE / SET NULL) change another domain.
 */
public final class DomainRows {

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";

    private DomainRows() {
    }

    /** Deletes the domain's rows with {@link DeleteLimits#DEFAULT}; see {@link #delete(Connection, DomainModel, String, DeleteLimits)}. */
    public static Map<TableName, Long> delete(Connection target, DomainModel model, String domain) {
        return delete(target, model, domain, DeleteLimits.DEFAULT);
    }

    /**
     * Deletes the domain's rows in every model, or none.
     *
     * @param target a connection to the target in auto-commit mode, with no transaction open
     * @param model  the domain's models, in load order
     * @return rows deleted per model, in the order deleted (reverse load order)
     * @throws DomainRowsFailure when nothing was deleted; {@link DomainRowsFailure#retryable()} says whether
     *                           trying again later can succeed
     */
    public static Map<TableName, Long> delete(Connection target, DomainModel model, String domain, DeleteLimits limits) {
        return delete(target, model, domain, limits, Map.of());
    }

    /**
     * As {@link #delete(Connection, DomainModel, String, DeleteLimits)}, with settings that last for the
     * delete's transaction only ({@code set_config(name, value, true)}): the cleanup of a frozen source
     * names its migration so that the freeze lets this delete through.
     */
    public static Map<TableName, Long> delete(Connection target, DomainModel model, String domain, DeleteLimits limits,
                                              Map<String, String> localSettings) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(limits, "limits");
        String what = "domain '" + domain + "'";
        // where a failure struck, for its message: a model's delete, or the commit that checks deferred constraints
        String[] at = {"the start of the transaction"};
        try {
            return WriteTransaction.run(target, "DomainRows.delete", c -> {
                limit(c, limits);
                LocalSettings.set(c, localSettings);
                Map<TableName, Long> deleted = new LinkedHashMap<>();
                List<Model> childrenFirst = new ArrayList<>(model.models());
                Collections.reverse(childrenFirst);
                for (Model each : childrenFirst) {
                    at[0] = "model " + each.name();
                    try (PreparedStatement delete = c.prepareStatement("DELETE " + each.selection().fromWhere())) {
                        each.selection().bindDomain(delete, 1, domain);
                        deleted.put(each.name(), delete.executeLargeUpdate());
                    }
                }
                at[0] = "the commit (which checks deferred constraints)";
                return deleted;
            });
        } catch (SQLException e) {
            throw failure(what, at[0], limits, e);
        }
    }

    private static void limit(Connection target, DeleteLimits limits) throws SQLException {
        LocalSettings.set(target, Map.of("lock_timeout", milliseconds(limits.lockTimeout()),
                "statement_timeout", milliseconds(limits.statementTimeout())));
        try (Statement statement = target.createStatement()) {
            statement.execute("SET CONSTRAINTS ALL DEFERRED");
        }
    }

    private static String milliseconds(Duration duration) {
        // a positive timeout under 1 ms would become 0, which PostgreSQL reads as "no limit"
        return String.valueOf(duration.isZero() ? 0 : Math.max(1, duration.toMillis()));
    }

    private static DomainRowsFailure failure(String what, String where, DeleteLimits limits, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        switch (state) {
            case FOREIGN_KEY_VIOLATION -> {
                ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
                String constraint = server == null || server.getConstraint() == null ? "(unnamed)" : server.getConstraint();
                String referencing = server == null || server.getTable() == null ? "another table"
                        : (server.getSchema() == null ? "" : server.getSchema() + '.') + server.getTable();
                String detail = server == null || server.getDetail() == null ? "" : " (" + server.getDetail() + ")";
                return new DomainRowsFailure(Reason.STILL_REFERENCED, "Cannot delete " + what + " from the target: at "
                        + where + ", constraint " + constraint + " of " + referencing + " refuses it, because rows that "
                        + "are not the domain's still reference the domain's rows" + detail + ". The target's data is "
                        + "inconsistent: rows outside the domain point at it. Nothing was deleted; correct or remove the "
                        + "referencing rows, then delete again.", e);
            }
            case LOCK_NOT_AVAILABLE -> {
                return new DomainRowsFailure(Reason.LOCK_TIMEOUT, "Cannot delete " + what + " from the target now: at "
                        + where + ", a lock was not granted within " + describe(limits.lockTimeout()) + ", because "
                        + "another transaction holds it (a long transaction or a schema change of the application; "
                        + "see pg_stat_activity and pg_locks on the target). Nothing was deleted; try again later.", e);
            }
            case QUERY_CANCELED -> {
                return new DomainRowsFailure(Reason.STATEMENT_TIMEOUT, "Cannot delete " + what + " from the target: at "
                        + where + ", the delete ran longer than " + describe(limits.statementTimeout()) + " (or was "
                        + "cancelled). Nothing was deleted; try again with a longer statement timeout, at a quieter time.", e);
            }
            case DEADLOCK, SERIALIZATION_FAILURE -> {
                return new DomainRowsFailure(Reason.CONFLICT, "Cannot delete " + what + " from the target: at " + where
                        + ", the delete conflicted with another transaction (" + e.getMessage() + "). Nothing was "
                        + "deleted; trying again is safe.", e);
            }
            default -> {
                return new DomainRowsFailure(Reason.DATABASE_ERROR, "Cannot delete " + what + " from the target: at "
                        + where + ": " + e.getMessage() + ". Nothing was deleted (if the connection was lost during the "
                        + "commit, check the target). Trying again is safe.", e);
            }
        }
    }

    private static String describe(Duration timeout) {
        return timeout.isZero() ? "no limit" : timeout.toMillis() + " ms";
    }
}
