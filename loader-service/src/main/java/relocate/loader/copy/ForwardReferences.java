package relocate.loader.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import relocate.catalog.Column;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.Table;
import relocate.catalog.fk.ForeignKey;
import relocate.loader.bulk.TargetLedger;

/**
 * Loads a self-referencing model ({@code locations.parent_id -> locations.id}), and models in a cycle of foreign keys
 * broken by a DEFERRABLE one ({@code companies.primary_location_id -> locations.id}), into a target that enforces the
 * references, whatever order the chunks come in, without touching a constraint other tenants' writes rely on.
 *
 * <p>Chunks are key ranges, so a row's parent may be in a chunk not loaded yet (a child with a lower id than its
 * parent), and two chunks may each wait on the other: no order of chunks works in general. So a row whose parent is
 * neither on the target nor in its own chunk is loaded with one nullable column of the reference set to NULL (a
 * foreign key with a NULL column is not checked), and the value it held waits in the ledger
 * {@value #LEDGER} on the target, by the row's primary key. After each chunk's rows are in, in the chunk's own
 * transaction, every waiting value whose parent is now there is written back: the model's own, and those of the
 * models whose cycle-breaking reference points at it. The last chunk to commit writes back the rest: each chunk takes
 * its turn for that step on a lock of the waiting table held to its commit, so it sees every earlier chunk's committed
 * rows and waiting values. (A DEFERRABLE reference is checked at each chunk's commit, so deferring it is not enough.)
 *
 * <p>Only a reference whose row has a primary key (to find it again) and a nullable column can wait; a model without
 * either loads as it is, and a forward reference then fails the chunk, as the constraint says.
 */
public final class ForwardReferences {

    static final String LEDGER = "relocate.forward_references";

    private ForwardReferences() {
    }

    /**
     * A reference rows can wait on: the constraint, the nullable column that holds back the value, and the model the
     * waiting rows are in (the constraint's child).
     */
    public record Waiting(ForeignKey key, String heldColumn, Model child) {
    }

    /**
     * What a chunk of one model does: hold back its own rows' references ({@code held}), and write back, once its rows
     * are in, what waits on them ({@code resolved}: its own, and other models' cycle-breaking references to it).
     */
    public record Plan(List<Waiting> held, List<Waiting> resolved) {
        public static final Plan NONE = new Plan(List.of(), List.of());

        public Plan {
            held = List.copyOf(held);
            resolved = List.copyOf(resolved);
        }

        public boolean isEmpty() {
            return held.isEmpty() && resolved.isEmpty();
        }
    }

    /**
     * The plan for a chunk of {@code table}: its references and those to it that the target enforces now
     * ({@code targetModel}'s foreign keys: the fast path may have deferred them) and that rows can wait on: the
     * self-references and the DEFERRABLE references that break cycles.
     */
    public static Plan of(DomainModel targetModel, Table table) {
        List<Waiting> held = new ArrayList<>();
        List<Waiting> resolved = new ArrayList<>();
        for (ForeignKey key : targetModel.foreignKeys()) {
            boolean canWait = key.selfReference() || targetModel.deferred().contains(key);
            Model child = targetModel.model(key.child()).orElse(null);
            if (!canWait || child == null || child.primaryKey().isEmpty() || targetModel.model(key.parent()).isEmpty()) {
                continue;
            }
            Optional<String> column = key.columns().stream()
                    .filter(c -> child.table().column(c).map(found -> !found.notNull()).orElse(false))
                    .filter(c -> !child.primaryKey().contains(c))
                    .findFirst();
            if (column.isEmpty()) {
                continue;
            }
            Waiting waiting = new Waiting(key, column.get(), child);
            if (key.child().equals(table.name())) {
                held.add(waiting);
            }
            if (key.child().equals(table.name()) || key.parent().equals(table.name())) {
                resolved.add(waiting);
            }
        }
        return new Plan(held, resolved);
    }

    /**
     * Creates the ledger when it is missing, in a transaction of its own ({@code target} in auto-commit mode); false
     * when the loader's role may not (the model then loads as it is).
     */
    public static boolean ensureLedger(Connection target) throws SQLException {
        return TargetLedger.ensure(target, LEDGER, "table_name text NOT NULL, constraint_name text NOT NULL, "
                + "row_key jsonb NOT NULL, held_value text NOT NULL, held_at timestamptz NOT NULL DEFAULT now(), "
                + "PRIMARY KEY (table_name, constraint_name, row_key)");
    }

    /**
     * In the chunk's transaction, on its rows staged in {@code staged} (a temporary table like the model's): sets the
     * held column to NULL in each row whose parent is neither on the target nor among the staged rows, and records
     * the value in the ledger. Returns how many rows wait.
     */
    static long hold(Connection target, Model model, Waiting waiting, String staged) throws SQLException {
        ForeignKey key = waiting.key();
        String inChunk = key.selfReference()
                ? " AND NOT EXISTS (SELECT 1 FROM " + staged + " p WHERE " + parentMatch(key, "s") + ")" : "";
        String rowKey = rowKey(model, "s");
        String allSet = key.columns().stream().map(c -> Sql.column("s", c) + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
        String sql = "WITH held AS (INSERT INTO " + LEDGER + " (table_name, constraint_name, row_key, held_value) "
                + "SELECT ?, ?, " + rowKey + ", " + Sql.column("s", waiting.heldColumn()) + "::text FROM " + staged
                + " s WHERE " + allSet
                + " AND NOT EXISTS (SELECT 1 FROM " + key.parent().sql() + " p WHERE " + parentMatch(key, "s") + ")"
                + inChunk
                + " ON CONFLICT (table_name, constraint_name, row_key) DO UPDATE SET held_value = EXCLUDED.held_value,"
                + " held_at = now() RETURNING row_key) "
                + "UPDATE " + staged + " s SET " + Sql.ident(waiting.heldColumn()) + " = NULL FROM held WHERE "
                + rowKey + " = held.row_key";
        return withIndexLookups(target, () -> {
            try (PreparedStatement statement = target.prepareStatement(sql)) {
                statement.setString(1, model.name().sql());
                statement.setString(2, key.name());
                return statement.executeLargeUpdate();
            }
        });
    }

    /**
     * In the chunk's transaction, after its rows are in: writes back every waiting value of {@code resolved} whose
     * parent is on the target now. Takes each waiting table's turn first (see the class). Returns how many values were
     * written back. (A reload's held values replace the earlier ones by row; an abort forgets them: {@link
     * #forgetDeleted}.)
     */
    static long resolve(Connection target, List<Waiting> resolved) throws SQLException {
        if (resolved.isEmpty() || !TargetLedger.exists(target, LEDGER)) {
            return 0;
        }
        long written = 0;
        for (Waiting each : resolved) {
            try (PreparedStatement lock = target.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, LEDGER + " " + each.child().name().sql());
                lock.execute();
            }
            written += resolve(target, each);
        }
        return written;
    }

    private static long resolve(Connection target, Waiting waiting) throws SQLException {
        Model model = waiting.child();
        ForeignKey key = waiting.key();
        String type = baseType(model, waiting.heldColumn());
        String held = "CAST(r.held_value AS " + type + ")";
        String parent = IntStream.range(0, key.columns().size())
                .mapToObj(i -> Sql.column("p", key.parentColumns().get(i)) + " = "
                        + (key.columns().get(i).equals(waiting.heldColumn()) ? held
                        : Sql.column("t", key.columns().get(i))))
                .collect(Collectors.joining(" AND "));
        String ready = "WITH ready AS (DELETE FROM " + LEDGER + " r USING " + model.name().sql() + " t WHERE "
                + "r.table_name = ? AND r.constraint_name = ? AND " + rowMatch(model, "t", "r") + " AND EXISTS (SELECT 1 FROM "
                + key.parent().sql() + " p WHERE " + parent + ") RETURNING r.row_key, r.held_value) "
                + "UPDATE " + model.name().sql() + " t SET " + Sql.ident(waiting.heldColumn()) + " = "
                + "CAST(ready.held_value AS " + type + ") FROM ready WHERE " + rowMatch(model, "t", "ready");
        return withIndexLookups(target, () -> {
            long written;
            try (PreparedStatement statement = target.prepareStatement(ready)) {
                statement.setString(1, model.name().sql());
                statement.setString(2, key.name());
                written = statement.executeLargeUpdate();
            }
            return written;
        });
    }

    /**
     * After an abort deleted a domain's rows: forgets the waiting values of rows that are gone, in every model of
     * {@code model} (the ledger keeps no leftovers of an aborted load). Does nothing when there is no ledger.
     */
    public static void forgetDeleted(Connection target, DomainModel model) throws SQLException {
        if (!TargetLedger.exists(target, LEDGER)) {
            return;
        }
        for (Model each : model.models()) {
            if (!each.primaryKey().isEmpty()) {
                forgetGone(target, each);
            }
        }
    }

    /** Forgets the waiting values of the model's rows that are no longer there. */
    private static void forgetGone(Connection target, Model model) throws SQLException {
        try (PreparedStatement statement = target.prepareStatement("DELETE FROM " + LEDGER + " r WHERE r.table_name = ?"
                + " AND NOT EXISTS (SELECT 1 FROM " + model.name().sql() + " t WHERE " + rowMatch(model, "t", "r") + ")")) {
            statement.setString(1, model.name().sql());
            statement.executeLargeUpdate();
        }
    }

    /** How many values of {@code model}'s rows wait in the ledger; 0 when there is no ledger. */
    public static long waitingOn(Connection target, Model model) throws SQLException {
        if (!TargetLedger.exists(target, LEDGER)) {
            return 0;
        }
        try (PreparedStatement statement = target.prepareStatement("SELECT count(*) FROM " + LEDGER + " r JOIN "
                + model.name().sql() + " t ON " + rowMatch(model, "t", "r") + " WHERE r.table_name = ?")) {
            statement.setString(1, model.name().sql());
            try (var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** {@code jsonb_build_array(s."id")}: the row's primary key, as the ledger keeps it. */
    private static String rowKey(Model model, String alias) {
        return model.primaryKey().stream().map(c -> Sql.column(alias, c))
                .collect(Collectors.joining(", ", "jsonb_build_array(", ")"));
    }

    /** {@code t."id" = CAST(r.row_key->>0 AS bigint)}: the ledger's row, found through the table's primary key. */
    private static String rowMatch(Model model, String table, String ledger) {
        List<String> key = model.primaryKey();
        return IntStream.range(0, key.size())
                .mapToObj(i -> Sql.column(table, key.get(i)) + " = CAST(" + ledger + ".row_key->>" + i + " AS "
                        + baseType(model, key.get(i)) + ")")
                .collect(Collectors.joining(" AND "));
    }

    /** {@code p."id" = s."parent_id"}. */
    private static String parentMatch(ForeignKey key, String child) {
        return IntStream.range(0, key.columns().size())
                .mapToObj(i -> Sql.column("p", key.parentColumns().get(i)) + " = " + Sql.column(child, key.columns().get(i)))
                .collect(Collectors.joining(" AND "));
    }

    private static String baseType(Model model, String column) {
        return model.table().column(column).map(Column::baseType).orElseThrow(() ->
                new IllegalArgumentException("table " + model.name() + " has no column " + column));
    }

    @FunctionalInterface
    private interface Work {
        long run() throws SQLException;
    }

    /**
     * Runs with nested loops allowed: these statements look rows up one by one through the table's keys, where the
     * chunk transaction's hash joins would read the whole table (other tenants' rows included).
     */
    private static long withIndexLookups(Connection target, Work work) throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.execute("SET LOCAL enable_nestloop = on");
        }
        long result = work.run();
        try (Statement statement = target.createStatement()) {
            statement.execute("SET LOCAL enable_nestloop = off");
        }
        return result;
    }
}
