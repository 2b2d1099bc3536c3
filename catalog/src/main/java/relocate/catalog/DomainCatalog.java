package relocate.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import relocate.catalog.fk.ForeignKey;
import relocate.catalog.fk.LoadOrder;
import relocate.catalog.selection.Classification;
import relocate.catalog.selection.Selection;
import relocate.catalog.selection.Selections;

/**
 * Reads a database's catalog (plain JDBC on {@code pg_catalog}) and derives a domain's models from it.
 *
 * <p>Every ordinary and partitioned table of every schema is considered, except PostgreSQL's own
 * ({@code pg_catalog}, {@code information_schema}, {@code pg_toast} and the other {@code pg_*}
 * schemas); partitions are covered by their partitioned table. Run the reads in one transaction
 * (REPEATABLE READ) when the schema may change meanwhile.
 */
public final class DomainCatalog {

    // A user schema cannot start with "pg_" (reserved), so this excludes exactly PostgreSQL's own schemas.
    private static final String USER_SCHEMA = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'";

    private static final String TABLES = """
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid), a.attidentity <> '', a.attgenerated <> ''
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND %s
            ORDER BY n.nspname, c.relname, a.attnum
            """.formatted(USER_SCHEMA);

    private static final String PRIMARY_KEYS = """
            SELECT n.nspname, c.relname, a.attname
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
            WHERE con.contype = 'p' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND %s
            ORDER BY n.nspname, c.relname, k.position
            """.formatted(USER_SCHEMA);

    // conparentid = 0 leaves out the copies PostgreSQL makes of a constraint for each partition.
    private static final String FOREIGN_KEYS = """
            SELECT con.conname, n.nspname, c.relname, pn.nspname, pc.relname, con.condeferrable,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, position)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                         ORDER BY k.position) AS columns,
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, position)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                         ORDER BY k.position) AS parent_columns
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class pc ON pc.oid = con.confrelid
            JOIN pg_namespace pn ON pn.oid = pc.relnamespace
            WHERE con.contype = 'f' AND con.conparentid = 0 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND %s
            ORDER BY n.nspname, c.relname, con.conname
            """.formatted(USER_SCHEMA);

    private DomainCatalog() {
    }

    /** The domain's models in {@code connection}'s database, where {@code tenantColumn} names the domain. */
    public static DomainModel read(Connection connection, String tenantColumn) throws SQLException {
        return read(connection, tenantColumn, TenantDeclarations.NONE);
    }

    /** The domain's models, as the environment's tenancy (tenant column and declarations) tells them. */
    public static DomainModel read(Connection connection, Tenancy tenancy) throws SQLException {
        return read(connection, tenancy.tenantColumn(), tenancy.declarations());
    }

    /** The domain's models, with what the environment declares about its schema. */
    public static DomainModel read(Connection connection, String tenantColumn, TenantDeclarations declarations)
            throws SQLException {
        if (tenantColumn == null || tenantColumn.isBlank()) {
            throw new IllegalArgumentException("the tenant column must be named (for example \"domain\")");
        }
        Map<TableName, Table> tables = readTables(connection);
        List<ForeignKey> foreignKeys = readForeignKeys(connection);
        Map<TableName, Selection> selections = Selections.derive(tables.values(), foreignKeys, tenantColumn,
                declarations);
        LoadOrder order = LoadOrder.of(selections.keySet(), foreignKeys);

        List<Model> models = order.order().stream()
                .map(name -> new Model(tables.get(name), selections.get(name)))
                .toList();
        List<TableName> tenantTables = tables.values().stream()
                .filter(table -> table.hasColumn(tenantColumn))
                .map(Table::name)
                .toList();
        List<ForeignKey> modelKeys = foreignKeys.stream()
                .filter(key -> selections.containsKey(key.child()))
                .toList();
        return new DomainModel(tenantColumn, tenantTables, models, modelKeys, order.deferred(), order.cycles(),
                Classification.of(tables.values(), foreignKeys, tenantColumn, declarations, selections));
    }

    /** Every user table of the database, by name. */
    public static Map<TableName, Table> readTables(Connection connection) throws SQLException {
        Map<TableName, List<Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                TableName name = new TableName(rows.getString(1), rows.getString(2));
                List<Column> ofTable = columns.computeIfAbsent(name, n -> new ArrayList<>());
                String column = rows.getString(3);
                if (column != null) { // a table may have no columns at all
                    boolean generated = rows.getBoolean(8);
                    ofTable.add(new Column(column, rows.getString(4), rows.getBoolean(5),
                            generated ? null : rows.getString(6), rows.getBoolean(7), generated));
                }
            }
        }
        Map<TableName, List<String>> primaryKeys = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEYS);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                primaryKeys.computeIfAbsent(new TableName(rows.getString(1), rows.getString(2)), n -> new ArrayList<>())
                        .add(rows.getString(3));
            }
        }
        Map<TableName, Table> tables = new TreeMap<>();
        columns.forEach((name, ofTable) ->
                tables.put(name, new Table(name, ofTable, primaryKeys.getOrDefault(name, List.of()))));
        return tables;
    }

    /** One table, if the database has it. */
    public static Optional<Table> readTable(Connection connection, TableName name) throws SQLException {
        return Optional.ofNullable(readTables(connection).get(name));
    }

    /** Every foreign key declared on a user table, sorted by child table and constraint name. */
    public static List<ForeignKey> readForeignKeys(Connection connection) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(FOREIGN_KEYS);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                keys.add(new ForeignKey(rows.getString(1),
                        new TableName(rows.getString(2), rows.getString(3)), names(rows.getArray(7)),
                        new TableName(rows.getString(4), rows.getString(5)), names(rows.getArray(8)),
                        rows.getBoolean(6)));
            }
        }
        keys.sort(null);
        return keys;
    }

    private static List<String> names(Array array) throws SQLException {
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }
}
