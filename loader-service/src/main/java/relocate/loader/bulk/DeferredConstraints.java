package relocate.loader.bulk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.catalog.TableName;
import relocate.catalog.connect.WriteTransaction;

/**
 * The bulk loader's fast path into a fresh table: a target table that holds no rows at all when the
 * migration's first chunk of it arrives (nothing of another domain relies on it) loads without its
 * secondary indexes and its foreign-key checks; they are built once, over every loaded row, after the last
 * chunk ({@link #restore}). A table that holds any row keeps every index and constraint all the time.
 *
 * <p>Kept in every case: the primary key and unique constraints (chunk reloads and other domains' writes
 * rely on them). Deferred: non-unique indexes that back no constraint, and the table's own foreign keys
 * (its references to parents) when it has the tenant column: a table without it belongs to the domain
 * through its foreign keys (the catalog finds its rows through them), so those stay. Restored: each index with its definition, each foreign key added
 * {@code NOT VALID} then validated over every row, so a row that breaks it (a writer that came in during
 * the load) fails the restore by name instead of being let through.
 *
 * <p>Crash safety: PostgreSQL's DDL is transactional. Dropping a table's indexes and keys commits in one
 * transaction with their definitions in the ledger table {@code relocate.deferred_constraints} on the
 * target, and each restore commits with its ledger row's delete; after a crash the ledger says what is
 * still to restore, and running {@link #restore} again finishes it. The decision is taken under a lock
 * that excludes writers and re-checked there: two loaders of one table's first chunks defer once.
 */
public final class DeferredConstraints {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredConstraints.class);
    static final String LEDGER = "relocate.deferred_constraints";

    private DeferredConstraints() {
    }

    /** What was deferred on a table: kept for the log and the tests. */
    public record Deferral(TableName table, List<String> indexes, List<String> foreignKeys) {
        boolean isEmpty() {
            return indexes.isEmpty() && foreignKeys.isEmpty();
        }
    }

    /**
     * Before a chunk of {@code table} loads: defers the table's secondary indexes and foreign keys if the
     * table is empty and this migration has not already done so. Runs its own transaction; {@code target}
     * must be in auto-commit mode, and is left so. Returns what was deferred now (empty when nothing).
     */
    public static Deferral deferIfFresh(Connection target, String migrationId, TableName table, String tenantColumn)
            throws SQLException {
        Deferral none = new Deferral(table, List.of(), List.of());
        // without a lock first: a table already handled, or one that serves other rows, costs one query
        if (ledgerHas(target, migrationId, table) || !isEmpty(target, table)) {
            return none;
        }
        if (!ensureLedger(target)) {
            return none;
        }
        Deferral deferral = WriteTransaction.run(target, "DeferredConstraints.deferIfFresh", c -> {
            try (Statement s = c.createStatement()) {
                // excludes every writer of the table (and another loader's decision) until commit
                s.execute("LOCK TABLE " + table.sql() + " IN SHARE ROW EXCLUSIVE MODE");
            }
            if (ledgerHas(c, migrationId, table) || !isEmpty(c, table)) {
                return none;
            }
            List<String> indexes = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (String[] index : query(c, """
                    SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname), pg_get_indexdef(x.indexrelid)
                    FROM pg_index x
                    JOIN pg_class i ON i.oid = x.indexrelid
                    JOIN pg_namespace n ON n.oid = i.relnamespace
                    WHERE x.indrelid = ?::regclass AND NOT x.indisunique AND NOT x.indisprimary AND x.indisvalid
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
                    ORDER BY i.relname""", table)) {
                record(c, migrationId, table, "index", index[0], index[1]);
                execute(c, "DROP INDEX " + index[0]);
                indexes.add(index[0]);
            }
            for (String[] key : !hasColumn(c, table, tenantColumn) ? List.<String[]>of() : query(c, """
                    SELECT quote_ident(c.conname), pg_get_constraintdef(c.oid) || CASE WHEN c.convalidated THEN '' ELSE ' NOT VALID' END
                    FROM pg_constraint c
                    WHERE c.conrelid = ?::regclass AND c.contype = 'f'
                    ORDER BY c.conname""", table)) {
                record(c, migrationId, table, "foreign key", key[0], key[1]);
                execute(c, "ALTER TABLE " + table.sql() + " DROP CONSTRAINT " + key[0]);
                keys.add(key[0]);
            }
            // an empty deferral is recorded too, so that the next chunks skip the lock
            if (indexes.isEmpty() && keys.isEmpty()) {
                record(c, migrationId, table, "none", "", "");
            }
            return new Deferral(table, indexes, keys);
        });
        if (!deferral.isEmpty()) {
            LOG.info("{} {} is empty on the target: indexes {} and foreign keys {} deferred until the load ends",
                    migrationId, table, deferral.indexes(), deferral.foreignKeys());
        }
        return deferral;
    }

    /**
     * After the last chunk (and after an abort's delete): builds every index and foreign key the migration
     * deferred, each in its own transaction. Returns how many were restored.
     *
     * @throws SQLException naming the index or key when it cannot be built (a foreign key that rows break);
     *                      the ledger keeps it, so running this again after the rows are fixed goes on
     */
    public static int restore(Connection target, String migrationId) throws SQLException {
        if (!ledgerExists(target)) {
            return 0;
        }
        List<String[]> pending = new ArrayList<>();
        try (PreparedStatement s = target.prepareStatement("SELECT table_name, kind, name, definition FROM " + LEDGER
                + " WHERE migration_id = ? ORDER BY kind DESC, table_name, name")) {
            s.setString(1, migrationId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    pending.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)});
                }
            }
        }
        int restored = 0;
        for (String[] p : pending) {
            String table = p[0];
            String kind = p[1];
            long started = System.nanoTime();
            try {
                WriteTransaction.run(target, "DeferredConstraints.restore", c -> {
                    if (kind.equals("index")) {
                        execute(c, p[3]);
                    } else if (kind.equals("foreign key")) {
                        boolean validated = !p[3].endsWith(" NOT VALID");
                        execute(c, "ALTER TABLE " + table + " ADD CONSTRAINT " + p[2] + " "
                                + (validated ? p[3] + " NOT VALID" : p[3]));
                        if (validated) {
                            execute(c, "ALTER TABLE " + table + " VALIDATE CONSTRAINT " + p[2]);
                        }
                    }
                    try (PreparedStatement d = c.prepareStatement("DELETE FROM " + LEDGER
                            + " WHERE migration_id = ? AND table_name = ? AND kind = ? AND name = ?")) {
                        d.setString(1, migrationId);
                        d.setString(2, table);
                        d.setString(3, kind);
                        d.setString(4, p[2]);
                        d.executeUpdate();
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new SQLException("Cannot restore the " + kind + " " + p[2] + " of " + table
                        + " deferred during the load: " + e.getMessage() + ". It is still recorded in " + LEDGER
                        + " on the target; fix what stops it and retry the step (relocate retry)", e.getSQLState(), e);
            }
            if (!kind.equals("none")) {
                restored++;
                LOG.info("{} {} {} of {} restored in {} ms", migrationId, kind, p[2], table,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        return restored;
    }

    private static boolean hasColumn(Connection target, TableName table, String column) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_attribute "
                + "WHERE attrelid = ?::regclass AND attname = ? AND attnum > 0 AND NOT attisdropped)")) {
            s.setString(1, table.sql());
            s.setString(2, column);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private static boolean isEmpty(Connection target, TableName table) throws SQLException {
        try (Statement s = target.createStatement();
             ResultSet r = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table.sql() + ")")) {
            r.next();
            return r.getBoolean(1);
        }
    }

    private static boolean ledgerExists(Connection target) throws SQLException {
        return TargetLedger.exists(target, LEDGER);
    }

    private static boolean ledgerHas(Connection target, String migrationId, TableName table) throws SQLException {
        if (!ledgerExists(target)) {
            return false;
        }
        try (PreparedStatement s = target.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM " + LEDGER + " WHERE migration_id = ? AND table_name = ?)")) {
            s.setString(1, migrationId);
            s.setString(2, table.sql());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Creates the ledger; false (the fast path is not taken) when the loader's role may not. */
    private static boolean ensureLedger(Connection target) throws SQLException {
        boolean created = TargetLedger.ensure(target, LEDGER, "migration_id text NOT NULL, table_name text NOT NULL, "
                + "kind text NOT NULL, name text NOT NULL, definition text NOT NULL, "
                + "deferred_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (migration_id, table_name, kind, name)");
        if (!created) {
            LOG.info("the loader's role cannot create {} on the target: loading with every index in place", LEDGER);
        }
        return created;
    }

    private static void record(Connection target, String migrationId, TableName table, String kind, String name,
                               String definition) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("INSERT INTO " + LEDGER
                + " (migration_id, table_name, kind, name, definition) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, migrationId);
            s.setString(2, table.sql());
            s.setString(3, kind);
            s.setString(4, name);
            s.setString(5, definition);
            s.executeUpdate();
        }
    }

    private static List<String[]> query(Connection target, String sql, TableName table) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement s = target.prepareStatement(sql)) {
            s.setString(1, table.sql());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new String[] {r.getString(1), r.getString(2)});
                }
            }
        }
        return rows;
    }

    private static void execute(Connection target, String sql) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute(sql);
        }
    }
}
