package relocate.loader.sequence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import relocate.catalog.DomainModel;
import relocate.catalog.Sql;
import relocate.catalog.connect.WriteTransaction;

/**
 * Moves the target's sequences past the ids a load brought in, so that the application's next insert
 * (of any domain) does not draw an id the loaded rows already hold.
 *
 * <p>The sequences considered are those of the domain's models' columns: the ones their defaults call
 * {@code nextval} on (serial and bigserial columns, and sequences shared between tables) and the ones a
 * column owns (identity columns, serials); this is what {@code pg_get_serial_sequence} finds, plus shared
 * sequences that no column owns. Each sequence is compared with every column that draws from it, in
 * every table, domain or not, over the whole table: other domains share the tables and the sequence.
 * Only integer columns (smallint, integer, bigint and domains over them) are compared; a text column
 * that builds its value from a sequence ({@code 'INV-' || nextval(...)}) cannot be, and is left out.
 *
 * <p>A sequence is never moved back: one whose next value is already past every id is left alone.
 * Reading a sequence and setting it happen in one statement, which keeps the window in which the live
 * application's own {@code nextval} calls could interleave as small as it can be without locking the
 * sequence (which would stall every writer of the other domains). Sequence changes are not transactional
 * in PostgreSQL: a failure part way leaves the sequences already handled moved forward, which is harmless,
 * and running the step again is safe.
 */
public final class Sequences {

    private static final String SEQUENCE_COLUMNS = """
            WITH uses AS (
                -- a default that calls nextval depends on the sequence it names: serial columns, shared sequences
                SELECT dep.refobjid AS sequence, d.adrelid AS relation, d.adnum AS attnum
                FROM pg_attrdef d
                JOIN pg_depend dep ON dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid
                                  AND dep.refclassid = 'pg_class'::regclass
                UNION
                -- a sequence owned by a column: identity columns (they have no default) and serial ones
                SELECT dep.objid, dep.refobjid, dep.refobjsubid
                FROM pg_depend dep
                WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
                  AND dep.refobjsubid > 0 AND dep.deptype IN ('a', 'i')
            ), sequence_columns AS (
                SELECT s.oid AS sequence, sn.nspname AS sequence_schema, s.relname AS sequence_name,
                       q.seqincrement AS increment, n.nspname AS schema, c.relname AS table_name, a.attname AS column_name,
                       coalesce(nullif(ty.typbasetype, 0), ty.oid)
                           IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) AS integral
                FROM uses u
                JOIN pg_class s ON s.oid = u.sequence AND s.relkind = 'S'
                JOIN pg_namespace sn ON sn.oid = s.relnamespace
                JOIN pg_sequence q ON q.seqrelid = s.oid
                JOIN pg_class c ON c.oid = u.relation AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum AND NOT a.attisdropped
                JOIN pg_type ty ON ty.oid = a.atttypid
            )
            SELECT sequence, sequence_schema, sequence_name, increment, schema, table_name, column_name, integral
            FROM sequence_columns
            WHERE sequence IN (SELECT m.sequence FROM sequence_columns m
                               JOIN unnest(?::text[], ?::text[]) AS model(schema, name)
                                 ON m.schema = model.schema AND m.table_name = model.name)
            ORDER BY sequence_schema, sequence_name, schema, table_name, column_name
            """;

    private Sequences() {
    }

    /**
     * Moves every sequence of the domain's models past the ids on the target; returns the sequences it
     * moved, in name order (those already past are left alone and not listed).
     *
     * @param target a connection to the target in auto-commit mode
     * @param model  the domain's models (the target's own or the source's: tables are looked up by name)
     */
    public static List<SequenceAdvance> advance(Connection target, DomainModel model) {
        try {
            return WriteTransaction.run(target, "Sequences.advance", c -> {
                List<SequenceAdvance> moved = new ArrayList<>();
                for (SequenceColumns sequence : sequences(c, model)) {
                    advance(c, sequence).ifPresent(moved::add);
                }
                return moved;
            });
        } catch (SQLException e) {
            throw new SequenceFailure("Cannot move the target's sequences past the loaded ids: " + e.getMessage()
                    + ". Sequences already moved stay moved; running the step again is safe.", e);
        }
    }

    /** A sequence and the integer columns that draw from it. */
    private record SequenceColumns(long oid, String schema, String name, long increment, List<ColumnRef> columns) {

        String describe() {
            return schema + '.' + name;
        }

        boolean ascending() {
            return increment > 0;
        }
    }

    private record ColumnRef(String schema, String table, String column) {

        String describe() {
            return schema + '.' + table + '.' + column;
        }
    }

    private static List<SequenceColumns> sequences(Connection target, DomainModel model) throws SQLException {
        String[] schemas = model.models().stream().map(m -> m.name().schema()).toArray(String[]::new);
        String[] names = model.models().stream().map(m -> m.name().name()).toArray(String[]::new);
        Map<Long, SequenceColumns> sequences = new LinkedHashMap<>();
        Array schemaArray = target.createArrayOf("text", schemas);
        Array nameArray = target.createArrayOf("text", names);
        try (PreparedStatement statement = target.prepareStatement(SEQUENCE_COLUMNS)) {
            statement.setArray(1, schemaArray);
            statement.setArray(2, nameArray);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long oid = rows.getLong(1);
                    SequenceColumns sequence = sequences.get(oid);
                    if (sequence == null) {
                        sequence = new SequenceColumns(oid, rows.getString(2), rows.getString(3), rows.getLong(4),
                                new ArrayList<>());
                        sequences.put(oid, sequence);
                    }
                    if (rows.getBoolean(8)) {
                        sequence.columns().add(new ColumnRef(rows.getString(5), rows.getString(6), rows.getString(7)));
                    }
                }
            }
        } finally {
            schemaArray.free();
            nameArray.free();
        }
        return List.copyOf(sequences.values());
    }

    private static Optional<SequenceAdvance> advance(Connection target, SequenceColumns sequence)
            throws SQLException {
        Long bound = null; // the highest id of its columns (the lowest for a sequence that counts down)
        for (ColumnRef column : sequence.columns()) {
            String aggregate = sequence.ascending() ? "max" : "min";
            try (PreparedStatement statement = target.prepareStatement("SELECT " + aggregate + "("
                    + Sql.column("t", column.column()) + ") FROM " + Sql.qualified(column.schema(), column.table())
                    + " t");
                 ResultSet result = statement.executeQuery()) {
                result.next();
                long value = result.getLong(1);
                if (!result.wasNull() && (bound == null || (sequence.ascending() ? value > bound : value < bound))) {
                    bound = value;
                }
            }
        }
        if (bound == null) {
            return Optional.empty(); // no ids anywhere: whatever the sequence hands out is free
        }
        // Past means nextval returns a value beyond the bound: last_value is the value handed out last when
        // is_called, and the value nextval returns next when not.
        String beyond = sequence.ascending() ? ">" : "<";
        String sql = "SELECT last_value, is_called, CASE WHEN last_value " + beyond + " ? OR (is_called AND last_value = ?)"
                + " THEN NULL ELSE setval(CAST(? AS bigint)::oid::regclass, ?, true) END"
                + " FROM " + Sql.qualified(sequence.schema(), sequence.name());
        try (PreparedStatement statement = target.prepareStatement(sql)) {
            statement.setLong(1, bound);
            statement.setLong(2, bound);
            statement.setLong(3, sequence.oid());
            statement.setLong(4, bound);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                long lastValue = result.getLong(1);
                boolean called = result.getBoolean(2);
                result.getLong(3);
                if (result.wasNull()) {
                    return Optional.empty();
                }
                long nextBefore = called ? saturatedAdd(lastValue, sequence.increment()) : lastValue;
                return Optional.of(new SequenceAdvance(sequence.describe(), nextBefore,
                        saturatedAdd(bound, sequence.increment()),
                        sequence.columns().stream().map(ColumnRef::describe).toList()));
            }
        } catch (SQLException e) {
            if ("22003".equals(e.getSQLState())) { // numeric_value_out_of_range: setval beyond MAXVALUE/MINVALUE
                throw new SequenceFailure("Cannot move sequence " + sequence.describe() + " past id " + bound
                        + " of " + sequence.columns().stream().map(ColumnRef::describe).toList() + ": " + e.getMessage()
                        + ". The sequence's range is too small for the loaded ids: widen it on the target (ALTER SEQUENCE"
                        + " ... AS bigint MAXVALUE ...) and run the step again.", e);
            }
            throw e;
        }
    }

    private static long saturatedAdd(long value, long increment) {
        long sum = value + increment;
        // overflow only when both have the same sign and the sum's sign differs
        if (((value ^ sum) & (increment ^ sum)) < 0) {
            return increment > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
