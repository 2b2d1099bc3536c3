package relocate.loader.bulk;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import relocate.catalog.connect.WriteTransaction;

/**
 * A bookkeeping table of the loader's in schema {@code relocate} on the target ({@code relocate.deferred_constraints},
 * {@code relocate.forward_references}): what a crash or another loader must find there.
 */
public final class TargetLedger {
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private TargetLedger() {
    }

    /** Whether the ledger {@code name} ({@code relocate.x}) exists. */
    public static boolean exists(Connection target, String name) throws SQLException {
        try (Statement s = target.createStatement();
             ResultSet r = s.executeQuery("SELECT to_regclass('" + name + "') IS NOT NULL")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    /**
     * Creates the ledger {@code name} with {@code columns} (the table's DDL body) unless it exists, in a transaction
     * of its own; {@code target} must be in auto-commit mode. False when the loader's role may not create it.
     */
    public static boolean ensure(Connection target, String name, String columns) throws SQLException {
        if (exists(target, name)) {
            return true;
        }
        // IF NOT EXISTS is not safe against a concurrent creator (it fails on pg_namespace's unique index),
        // so loaders creating a ledger at the same moment take turns on an advisory lock
        try {
            WriteTransaction.run(target, "TargetLedger", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(hashtext('" + name + "'))");
                    s.execute("CREATE SCHEMA IF NOT EXISTS relocate");
                    s.execute("CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ")");
                }
                return null;
            });
            return true;
        } catch (SQLException e) {
            if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }
}
