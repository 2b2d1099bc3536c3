package relocate.dumper.freeze;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.TableName;

/**
 * Freezes a domain on the source so that no write to it is lost while it is copied, and lifts the freeze.
 *
 * <p>The freeze is a guard on every model of the domain: a {@code BEFORE INSERT OR UPDATE OR DELETE}
 * row trigger that refuses a write to a row of the domain (an UPDATE that moves a row into or out of
 * the domain included), and a {@code BEFORE TRUNCATE} trigger that refuses any TRUNCATE of the table
 * (and of each of its partitions). A refused write fails with SQLSTATE {@value #REFUSED_SQLSTATE} and a
 * message naming the domain and the migration; other domains keep writing. Every trigger calls one
 * function per migration in schema {@code relocate}; the domain and the row test are trigger arguments,
 * so no value is ever spliced into a function's code. See {@link Membership} for the row test.
 *
 * <p>Each model is guarded in a transaction of its own, which waits at most {@value #LOCK_TIMEOUT} for
 * the table's lock (a freeze queued behind a long transaction would otherwise stall every writer
 * queued behind it). Installing the guard waits for the transactions that already wrote to the table,
 * so once {@link #install} returns, no write to the domain is in flight. A crash or a failure leaves
 * some models guarded: {@link #install} again completes the set, {@link #remove} removes whatever is
 * there, found by name in the catalog whatever the domain model looks like by then.
 *
 * <p>The user must own the models (PostgreSQL lets only a table's owner drop a trigger, so a freeze
 * that it could not remove again is refused before anything is installed), and the guard runs as that
 * user ({@code SECURITY DEFINER}): the application's users need no rights on the tables the row test
 * reads. The triggers are enabled ALWAYS, so that a session with {@code session_replication_role = replica}
 * is refused too. Requires PostgreSQL 13 or later.
 */
public final class Freeze {

    /** The SQLSTATE of a write refused by the freeze: class "RL" (Relocate), F for freeze. */
    public static final String REFUSED_SQLSTATE = "RLF01";

    /**
     * The setting that lets one transaction write through the freeze: set it (locally) to the migration's
     * id. For Relocate's own cleanup; it guards against mistakes, not against someone who knows the id.
     */
    public static final String CLEANUP_SETTING = "relocate.cleanup_migration";

    static final String LOCK_TIMEOUT = "5s";

    private static final String GUARD_FUNCTION = """
            CREATE OR REPLACE FUNCTION %s() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $guard$
            DECLARE
                -- TG_ARGV[0]: the domain; [1]: the membership query ($1 = the row, $2 = the domain); [2]: the migration id
                member boolean := false;
            BEGIN
                -- the cleanup of this migration deletes the domain's rows before it lifts the freeze
                IF coalesce(current_setting('%s', true), '') = TG_ARGV[2] THEN
                    IF TG_OP = 'DELETE' THEN
                        RETURN OLD;
                    END IF;
                    RETURN NEW;
                END IF;
                IF TG_OP = 'TRUNCATE' THEN
                    member := true; -- a TRUNCATE removes every domain's rows, the frozen one's too
                ELSE
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        EXECUTE TG_ARGV[1] INTO member USING OLD, TG_ARGV[0];
                    END IF;
                    IF NOT coalesce(member, false) AND TG_OP IN ('INSERT', 'UPDATE') THEN
                        EXECUTE TG_ARGV[1] INTO member USING NEW, TG_ARGV[0];
                    END IF;
                END IF;
                IF coalesce(member, false) THEN
                    RAISE EXCEPTION USING
                        ERRCODE = '%s',
                        MESSAGE = format('domain ''%%s'' is frozen by Relocate migration %%s (moving to another '
                                         'environment); writes are refused until it completes or is aborted',
                                         TG_ARGV[0], TG_ARGV[2]),
                        DETAIL = format('%%s on %%I.%%I refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME),
                        HINT = 'Retry once the migration is complete (the domain then lives in its new environment), '
                               'or abort the migration to write here again.';
                END IF;
                IF TG_OP = 'DELETE' THEN
                    RETURN OLD;
                END IF;
                RETURN NEW;
            END
            $guard$
            """;

    // Triggers on a partition that PostgreSQL cloned from the partitioned table (tgparentid <> 0) go with it.
    private static final String TRIGGERS_BY_NAME = """
            SELECT n.nspname, c.relname, t.tgname
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE t.tgname IN (?, ?) AND t.tgparentid = 0
            ORDER BY n.nspname, c.relname, t.tgname
            """;

    private static final String GUARD_FUNCTION_COMMENT = """
            SELECT obj_description(p.oid, 'pg_proc')
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = ? AND p.proname = ?
            """;

    // Tables are found by name in pg_class rather than with to_regclass, which needs USAGE on their schema.
    private static final String TABLE_OID = """
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?
            """;

    private static final String NOT_OWNED = """
            SELECT pg_get_userbyid(c.relowner) FROM pg_class c
            WHERE c.oid = (%s) AND NOT pg_has_role(c.relowner, 'USAGE')
            """.formatted(TABLE_OID);

    // The table itself and, when it is partitioned, every partition below it: a TRUNCATE of a partition
    // fires only that partition's statement triggers. (Row triggers are cloned to partitions by PostgreSQL.)
    private static final String TRUNCATE_TARGETS = """
            WITH model AS (%s)
            SELECT n.nspname, c.relname
            FROM (SELECT oid AS relid FROM model
                  UNION SELECT tree.relid FROM model, pg_partition_tree(model.oid::regclass) tree) member
            JOIN pg_class c ON c.oid = member.relid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
            ORDER BY n.nspname, c.relname
            """.formatted(TABLE_OID);

    private static final String EXISTING_TRIGGER = """
            SELECT t.tgargs, t.tgenabled FROM pg_trigger t
            WHERE t.tgrelid = (%s) AND t.tgname = ?
            """.formatted(TABLE_OID);

    private Freeze() {
    }

    /**
     * Guards every model of {@code model} against writes to {@code domain}; does nothing more for the models
     * already guarded by this migration.
     *
     * @return the tables guarded by this migration once done, by name
     * @throws FreezeFailure when a model could not be guarded; those guarded before stay guarded
     */
    public static List<TableName> install(Connection source, DomainModel model, String domain, String migrationId) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(domain, "domain");
        GuardNames names = GuardNames.of(migrationId);
        return withOwnTransactions(source, () -> {
            requireOwnership(source, model);
            installFunction(source, names);
            List<String> arguments = List.of(domain, "", names.migrationId());
            for (Model each : model.models()) {
                guard(source, names, each, arguments);
            }
            return installed(source, names);
        });
    }

    /**
     * Removes every guard of migration {@code migrationId} from every table of the database, then its
     * function; does nothing when there is none.
     *
     * @return the tables whose guard was removed, by name
     * @throws FreezeFailure when a guard could not be removed; running it again removes the rest
     */
    public static List<TableName> remove(Connection source, String migrationId) {
        GuardNames names = GuardNames.of(migrationId);
        return withOwnTransactions(source, () -> {
            requireOwnFunction(source, names);
            List<TableName> unguarded = installed(source, names);
            for (Trigger trigger : triggers(source, names)) {
                String what = "remove the freeze guard " + trigger.name() + " from table " + trigger.table();
                transaction(source, what, "connect as the owner of " + trigger.table(), statement ->
                        statement.execute("DROP TRIGGER IF EXISTS " + Sql.ident(trigger.name()) + " ON "
                                + trigger.table().sql()));
            }
            transaction(source, "drop the freeze guard function " + GuardNames.SCHEMA + "." + names.function(),
                    "connect as the owner of that function (the user that froze the domain)", statement ->
                            statement.execute("DROP FUNCTION IF EXISTS " + names.functionSql() + "()"));
            return unguarded;
        });
    }

    /** The tables guarded by migration {@code migrationId}, sorted by name; empty when it froze nothing. */
    public static List<TableName> installed(Connection source, String migrationId) {
        GuardNames names = GuardNames.of(migrationId);
        try {
            return installed(source, names);
        } catch (SQLException e) {
            throw failure(e, "list the freeze guards of migration " + migrationId, "grant it SELECT on pg_catalog");
        }
    }

    private static List<TableName> installed(Connection source, GuardNames names) throws SQLException {
        return triggers(source, names).stream()
                .filter(trigger -> trigger.name().equals(names.rowTrigger()))
                .map(Trigger::table)
                .toList();
    }

    private record Trigger(TableName table, String name) {
    }

    private static List<Trigger> triggers(Connection source, GuardNames names) throws SQLException {
        List<Trigger> triggers = new ArrayList<>();
        try (PreparedStatement statement = source.prepareStatement(TRIGGERS_BY_NAME)) {
            statement.setString(1, names.rowTrigger());
            statement.setString(2, names.truncateTrigger());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    triggers.add(new Trigger(new TableName(rows.getString(1), rows.getString(2)), rows.getString(3)));
                }
            }
        }
        return triggers;
    }

    private static void requireOwnership(Connection source, DomainModel model) throws SQLException {
        Map<String, List<String>> notOwnedByOwner = new TreeMap<>();
        try (PreparedStatement statement = source.prepareStatement(NOT_OWNED)) {
            for (Model each : model.models()) {
                statement.setString(1, each.name().schema());
                statement.setString(2, each.name().name());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        notOwnedByOwner.computeIfAbsent(rows.getString(1), owner -> new ArrayList<>())
                                .add(each.name().toString());
                    }
                }
            }
        }
        if (!notOwnedByOwner.isEmpty()) {
            String user = source.getMetaData().getUserName();
            String tables = notOwnedByOwner.entrySet().stream()
                    .map(owned -> String.join(", ", owned.getValue()) + " (owned by " + owned.getKey() + ")")
                    .collect(Collectors.joining("; "));
            String grants = notOwnedByOwner.keySet().stream()
                    .map(owner -> "GRANT " + Sql.ident(owner) + " TO " + Sql.ident(user))
                    .collect(Collectors.joining("; "));
            throw new FreezeFailure("cannot freeze: user " + user + " of the source does not own " + tables
                    + ", and PostgreSQL lets only a table's owner remove the freeze guard again, so nothing was "
                    + "installed. Connect Relocate to the source as the owner of the application's tables, or make "
                    + user + " a member of the owning role (" + grants + ")", false, null);
        }
    }

    private static void installFunction(Connection source, GuardNames names) throws SQLException {
        String user = source.getMetaData().getUserName();
        String database = source.getCatalog();
        requireOwnFunction(source, names);
        transaction(source, "create schema " + GuardNames.SCHEMA + " for the freeze guard",
                "GRANT CREATE ON DATABASE " + Sql.ident(database) + " TO " + Sql.ident(user) + ", or create schema "
                        + GuardNames.SCHEMA + " and GRANT CREATE ON SCHEMA " + GuardNames.SCHEMA + " TO "
                        + Sql.ident(user), statement -> {
                    // CREATE SCHEMA IF NOT EXISTS needs CREATE on the database even when the schema exists, and
                    // fails on pg_namespace's unique index when two freezes create it at once: they take turns
                    statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + GuardNames.SCHEMA + "'))");
                    if (!schemaExists(source)) {
                        statement.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(GuardNames.SCHEMA));
                    }
                });
        transaction(source, "create the freeze guard function " + GuardNames.SCHEMA + "." + names.function(),
                "GRANT CREATE ON SCHEMA " + GuardNames.SCHEMA + " TO " + Sql.ident(user), statement -> {
                    statement.execute(GUARD_FUNCTION.formatted(names.functionSql(), CLEANUP_SETTING, REFUSED_SQLSTATE));
                    statement.execute("COMMENT ON FUNCTION " + names.functionSql() + "() IS "
                            + literal(source, names.functionComment()));
                    // whoever may use the function in a trigger could run any query as its owner (SECURITY DEFINER);
                    // a trigger once created calls it without this right
                    statement.execute("REVOKE ALL ON FUNCTION " + names.functionSql() + "() FROM PUBLIC");
                });
    }

    private static boolean schemaExists(Connection source) throws SQLException {
        try (PreparedStatement statement = source.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            statement.setString(1, GuardNames.SCHEMA);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Refuses to touch a guard function that another migration, whose id starts alike, installed. */
    private static void requireOwnFunction(Connection source, GuardNames names) throws SQLException {
        try (PreparedStatement statement = source.prepareStatement(GUARD_FUNCTION_COMMENT)) {
            statement.setString(1, GuardNames.SCHEMA);
            statement.setString(2, names.function());
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next() && !names.functionComment().equals(rows.getString(1))) {
                    throw new FreezeFailure("the freeze guard function " + GuardNames.SCHEMA + "." + names.function()
                            + " on the source is not migration " + names.migrationId() + "'s (its comment says: "
                            + rows.getString(1) + "); its name is taken by another migration whose id starts alike: "
                            + "finish or abort that migration first", false, null);
                }
            }
        }
    }

    /** Guards one model, in a transaction of its own; leaves a guard that is already right as it is. */
    private static void guard(Connection source, GuardNames names, Model model, List<String> truncateArguments)
            throws SQLException {
        TableName table = model.name();
        List<String> rowArguments = List.of(truncateArguments.get(0), Membership.query(model.selection()),
                truncateArguments.get(2));
        transaction(source, "install the freeze guard on table " + table,
                "connect as the owner of " + table, statement -> {
                    trigger(source, statement, table, names.rowTrigger(), "BEFORE INSERT OR UPDATE OR DELETE",
                            "FOR EACH ROW", names, rowArguments);
                    for (TableName target : truncateTargets(source, table)) {
                        trigger(source, statement, target, names.truncateTrigger(), "BEFORE TRUNCATE",
                                "FOR EACH STATEMENT", names, truncateArguments);
                    }
                });
    }

    private static void trigger(Connection source, Statement statement, TableName table, String name, String when,
                                String level, GuardNames names, List<String> arguments) throws SQLException {
        Optional<Boolean> existing = existingTrigger(source, table, name, arguments);
        if (existing.isPresent() && existing.get()) {
            return;
        }
        if (existing.isPresent()) { // an older guard of this migration, e.g. from before the schema changed
            statement.execute("DROP TRIGGER " + Sql.ident(name) + " ON " + table.sql());
        }
        List<String> literals = new ArrayList<>();
        for (String argument : arguments) {
            literals.add(literal(source, argument));
        }
        statement.execute("CREATE TRIGGER " + Sql.ident(name) + " " + when + " ON " + table.sql() + " " + level
                + " EXECUTE FUNCTION " + names.functionSql() + "(" + String.join(", ", literals) + ")");
        statement.execute("ALTER TABLE " + table.sql() + " ENABLE ALWAYS TRIGGER " + Sql.ident(name));
    }

    /** Empty when the table has no such trigger; true when it has it with these arguments, enabled always. */
    private static Optional<Boolean> existingTrigger(Connection source, TableName table, String name,
                                                     List<String> arguments) throws SQLException {
        try (PreparedStatement statement = source.prepareStatement(EXISTING_TRIGGER)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            statement.setString(3, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(arguments(rows.getBytes(1)).equals(arguments) && "A".equals(rows.getString(2)));
            }
        }
    }

    /** pg_trigger.tgargs: each argument followed by a NUL byte. */
    private static List<String> arguments(byte[] tgargs) {
        List<String> arguments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < tgargs.length; i++) {
            if (tgargs[i] == 0) {
                arguments.add(new String(tgargs, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return arguments;
    }

    private static List<TableName> truncateTargets(Connection source, TableName table) throws SQLException {
        List<TableName> targets = new ArrayList<>();
        try (PreparedStatement statement = source.prepareStatement(TRUNCATE_TARGETS)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    targets.add(new TableName(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return targets;
    }

    /**
     * A value as an SQL literal, quoted by the server itself ({@code quote_literal}), for the statements that
     * cannot take parameters (CREATE TRIGGER, COMMENT): the value travels as a bound parameter.
     */
    private static String literal(Connection source, String value) throws SQLException {
        try (PreparedStatement statement = source.prepareStatement("SELECT quote_literal(?::text)")) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface Statements {
        void run(Statement statement) throws SQLException;
    }

    /**
     * Runs work that commits its own transactions on a connection it owns meanwhile: a transaction the caller
     * left open is rolled back first, and the connection's auto-commit is restored afterwards.
     */
    private static <T> T withOwnTransactions(Connection source, Work<T> work) {
        Objects.requireNonNull(source, "source");
        try {
            boolean autoCommit = source.getAutoCommit();
            if (!autoCommit) {
                source.rollback();
            }
            source.setAutoCommit(false);
            try {
                return work.run();
            } finally {
                // what is still open holds only reads (or a failed step, which must not be committed by the restore)
                rollback(source);
                if (!source.isClosed()) {
                    source.setAutoCommit(autoCommit);
                }
            }
        } catch (SQLException e) {
            throw failure(e, "reach the source's catalog", "grant it SELECT on pg_catalog");
        }
    }

    /** One transaction that waits at most {@link #LOCK_TIMEOUT} for a lock; a failure is explained as {@code what}. */
    private static void transaction(Connection source, String what, String grant, Statements work)
            throws SQLException {
        try (Statement statement = source.createStatement()) {
            statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            work.run(statement);
            source.commit();
        } catch (SQLException e) {
            rollback(source);
            throw failure(e, what, grant);
        } catch (RuntimeException e) {
            rollback(source);
            throw e;
        }
    }

    private static void rollback(Connection source) {
        try {
            source.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the server has rolled the transaction back itself
        }
    }

    private static FreezeFailure failure(SQLException e, String what, String grant) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String cause = e.getMessage();
        String rest = " What was done before stays done: running the same call again continues from there.";
        if (state.startsWith("08")) {
            return new FreezeFailure("lost the connection to the source while trying to " + what + " (" + cause
                    + "): check that its database is running, then retry." + rest, true, e);
        }
        if (state.equals("55P03")) { // lock_not_available
            return new FreezeFailure("could not " + what + ": other transactions held the table's lock for more than "
                    + LOCK_TIMEOUT + " (" + cause + "). Retry; if it keeps failing, look for long transactions on the "
                    + "source (pg_stat_activity)." + rest, true, e);
        }
        if (state.equals("40P01") || state.equals("40001")) {
            return new FreezeFailure("could not " + what + " (" + cause + "): retry." + rest, true, e);
        }
        if (state.equals("42501")) { // insufficient_privilege
            return new FreezeFailure("the source's user may not " + what + " (" + cause + "): " + grant + "." + rest,
                    false, e);
        }
        return new FreezeFailure("could not " + what + " on the source: " + cause + " (SQLState " + state + ")." + rest,
                false, e);
    }
}
