package relocate.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys, foreign keys and indexes of a set of tables, as the statements that drop them and the ones that
 * make them again, read from the catalog ({@code pg_get_constraintdef}, {@code pg_get_indexdef}) so that
 * whatever the schema holds comes back as it was, names included. A bulk load drops them, fills the tables,
 * and builds them again in one pass each, which is several times faster than maintaining every index and
 * checking every foreign key row by row; re-adding a foreign key checks all its rows, so nothing invalid
 * can stay. Used inside one transaction, the whole exchange is atomic: PostgreSQL's DDL is transactional, a
 * failure or a crash leaves the constraints as they were. A load spread over several connections (so
 * several transactions) {@linkplain #remember remembers} them in the database until it completes.
 */
final class TableConstraints {
    private final List<String> drops;
    private final List<String> creates;

    private TableConstraints(List<String> drops, List<String> creates) {
        this.drops = drops;
        this.creates = creates;
    }

    /**
     * Those of {@code tables} (names as the search path resolves them), and the foreign keys of other tables
     * that point at them (they depend on the keys dropped).
     */
    static TableConstraints of(Connection c, List<String> tables) throws SQLException {
        List<String> foreignKeyDrops = new ArrayList<>();
        List<String> foreignKeyCreates = new ArrayList<>();
        List<String> keyDrops = new ArrayList<>();
        List<String> keyCreates = new ArrayList<>();
        List<String> indexDrops = new ArrayList<>();
        List<String> indexCreates = new ArrayList<>();
        String[] names = tables.toArray(String[]::new);
        read(c, """
                SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                       format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid)),
                       contype = 'f'
                FROM pg_constraint
                WHERE (contype IN ('p', 'u') AND conrelid = ANY (?::regclass[]))
                   OR (contype = 'f' AND (conrelid = ANY (?::regclass[]) OR confrelid = ANY (?::regclass[])))
                ORDER BY conrelid, conname""", names, (drop, create, foreignKey) -> {
            (foreignKey ? foreignKeyDrops : keyDrops).add(drop);
            (foreignKey ? foreignKeyCreates : keyCreates).add(create);
        });
        // indexes of their own, not those behind a key (or an exclusion constraint, which stays)
        read(c, """
                SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), false
                FROM pg_index i
                WHERE i.indrelid = ANY (?::regclass[]) AND NOT EXISTS (
                    SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid
                                                    AND k.contype IN ('p', 'u', 'x'))
                ORDER BY i.indrelid, i.indexrelid""", names, (drop, create, foreignKey) -> {
            indexDrops.add(drop);
            indexCreates.add(create);
        });
        List<String> drops = new ArrayList<>(foreignKeyDrops);
        drops.addAll(indexDrops);
        drops.addAll(keyDrops);
        List<String> creates = new ArrayList<>(keyCreates);
        creates.addAll(indexCreates);
        creates.addAll(foreignKeyCreates);
        return new TableConstraints(drops, creates);
    }

    /** Foreign keys first (they depend on keys), then indexes and keys. */
    void drop(Connection c) throws SQLException {
        execute(c, drops);
    }

    /** Keys and indexes first, then the foreign keys, each checked against every row. */
    void create(Connection c) throws SQLException {
        execute(c, creates);
    }

    int size() {
        return creates.size();
    }

    /**
     * Keeps the statements that make them again in a table of their own ({@value #PENDING}), committed with the
     * drop when the load that follows runs outside the drop's transaction: a load that dies half way can
     * then be undone by {@link #restoreInterrupted}.
     */
    void remember(Connection c) throws SQLException {
        execute(c, List.of("CREATE TABLE " + PENDING + " (n int PRIMARY KEY, statement text NOT NULL)"));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + PENDING + " (n, statement) VALUES (?, ?)")) {
            for (int i = 0; i < creates.size(); i++) {
                ps.setInt(1, i);
                ps.setString(2, creates.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The load completed: the remembered statements are no longer needed. */
    void forget(Connection c) throws SQLException {
        execute(c, List.of("DROP TABLE " + PENDING));
    }

    /** Where {@link #remember} keeps the statements. */
    static final String PENDING = "relocate_sample_constraints";

    /**
     * Undoes a load that died after {@link #remember}: empties {@code tables} (they were empty before it) and
     * makes their constraints again. Returns whether there was one to undo. Run it in a transaction.
     */
    static boolean restoreInterrupted(Connection c, List<String> tables) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet exists = s.executeQuery("SELECT to_regclass('" + PENDING + "') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return false;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT statement FROM " + PENDING + " ORDER BY n")) {
            while (rs.next()) {
                statements.add(rs.getString(1));
            }
        }
        execute(c, List.of("TRUNCATE " + String.join(", ", tables)));
        execute(c, statements);
        execute(c, List.of("DROP TABLE " + PENDING));
        return true;
    }

    private static void execute(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private interface Row {
        void accept(String drop, String create, boolean foreignKey);
    }

    private static void read(Connection c, String sql, String[] tables, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int params = (int) sql.chars().filter(ch -> ch == '?').count();
            for (int i = 1; i <= params; i++) {
                ps.setArray(i, c.createArrayOf("text", tables));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs.getString(1), rs.getString(2), rs.getBoolean(3));
                }
            }
        }
    }
}
