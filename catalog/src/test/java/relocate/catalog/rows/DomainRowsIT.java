package relocate.catalog.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;
import relocate.catalog.rows.DomainRowsFailure.Reason;

/** A real target with the application's schema and three domains, one of them deleted. */
class DomainRowsIT {

    private static final String INJECTION = "o'brien\"; DROP TABLE cases; --";
    private static final List<String> DOMAINS = List.of("alpha", "beta", INJECTION);

    /** A self-reference declared RESTRICT (checked without deferral) besides the NO ACTION one of locations. */
    private static final String EXTRA_SCHEMA = """
            CREATE TABLE regions (id integer PRIMARY KEY, domain text NOT NULL,
                parent_id integer REFERENCES regions (id) ON DELETE RESTRICT);
            INSERT INTO regions VALUES (1, 'alpha', NULL), (2, 'alpha', 1), (3, 'alpha', 2), (4, 'beta', NULL);
            """;

    private static int databases;

    @Test
    void deletingADomainRemovesExactlyItsRowsInEveryModelAndLeavesTheOthersIdentical() throws Exception {
        try (Connection target = newTarget()) {
            DomainModel model = DomainCatalog.read(target, "domain");
            Map<String, String> alphaBefore = rows(target, model, "alpha");
            Map<String, String> othersBefore = others(target, model, "alpha");
            alphaBefore.forEach((name, rows) -> assertFalse(rows.startsWith("0:"), "alpha has rows in " + name));

            Map<TableName, Long> deleted = DomainRows.delete(target, model, "alpha");

            List<TableName> reverse = new ArrayList<>(model.loadOrder());
            Collections.reverse(reverse);
            assertEquals(reverse, List.copyOf(deleted.keySet()), "children before parents");
            deleted.forEach((name, count) -> assertEquals(alphaBefore.get(name.toString()).split(":")[0],
                    String.valueOf(count), "rows deleted from " + name));
            assertEquals(3, deleted.get(new TableName("public", "locations")), "a self-reference in one statement");
            assertEquals(3, deleted.get(new TableName("public", "regions")), "a RESTRICT self-reference too");
            assertEquals(2, deleted.get(new TableName("public", "case_indices")), "selected through cases");
            rows(target, model, "alpha").forEach((name, rows) -> assertEquals("0:", rows, name));
            assertEquals(0, count(target, "SELECT count(*) FROM case_indices WHERE case_id IN "
                    + "('00000000-0000-0000-0000-00000000c001', '00000000-0000-0000-0000-00000000c003')"));
            assertEquals(0, count(target, "SELECT count(*) FROM attachment_chunks WHERE attachment_id = 1"));
            assertEquals(othersBefore, others(target, model, "alpha"));
            assertTrue(target.getAutoCommit(), "the connection is given back as it came");
        }
    }

    @Test
    void aDomainNamedLikeAnInjectionIsOnlyABoundValue() throws Exception {
        try (Connection target = newTarget()) {
            DomainModel model = DomainCatalog.read(target, "domain");
            Map<String, String> othersBefore = others(target, model, INJECTION);

            Map<TableName, Long> deleted = DomainRows.delete(target, model, INJECTION);

            assertEquals(1, deleted.get(new TableName("public", "cases")));
            rows(target, model, INJECTION).forEach((name, rows) -> assertEquals("0:", rows, name));
            assertEquals(othersBefore, others(target, model, INJECTION));
        }
    }

    @Test
    void anotherDomainsRowReferencingTheDomainBlocksTheDeleteNamesTheConstraintAndChangesNothing() throws Exception {
        try (Connection target = newTarget()) {
            // inconsistent data: beta's case is owned by alpha's user ann
            TestDatabases.execute(target, "INSERT INTO cases (id, domain, type, owner_id) VALUES "
                    + "('00000000-0000-0000-0000-00000000c0b1', 'beta', 'patient', 1)");
            DomainModel model = DomainCatalog.read(target, "domain");
            Map<String, String> everything = all(target, model);

            DomainRowsFailure failure = assertThrows(DomainRowsFailure.class,
                    () -> DomainRows.delete(target, model, "alpha"));

            assertEquals(Reason.STILL_REFERENCED, failure.reason());
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("cases_owner_id_fkey")
                    && failure.getMessage().contains("public.users") && failure.getMessage().contains("alpha")
                    && failure.getMessage().contains("Nothing was deleted"), failure.getMessage());
            assertEquals(everything, all(target, model), "the models deleted before users are back too");
            assertTrue(target.getAutoCommit());
        }
    }

    @Test
    void aDeferrableReferenceFromAnotherDomainFailsAtCommitAndChangesNothing() throws Exception {
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, """
                    CREATE TABLE notes (id integer PRIMARY KEY, domain text NOT NULL,
                        user_id integer CONSTRAINT notes_user_fk REFERENCES users (id) DEFERRABLE INITIALLY IMMEDIATE);
                    INSERT INTO notes VALUES (1, 'beta', 2), (2, 'alpha', 1);
                    """);
            DomainModel model = DomainCatalog.read(target, "domain");
            Map<String, String> everything = all(target, model);

            DomainRowsFailure failure = assertThrows(DomainRowsFailure.class,
                    () -> DomainRows.delete(target, model, "alpha"));

            assertEquals(Reason.STILL_REFERENCED, failure.reason(), failure.getMessage());
            assertTrue(failure.getMessage().contains("notes_user_fk") && failure.getMessage().contains("public.notes")
                    && failure.getMessage().contains("commit"), failure.getMessage());
            assertEquals(everything, all(target, model));
        }
    }

    @Test
    void aTableLockedByAnotherTransactionFailsRetryablyAfterTheLockTimeoutAndChangesNothing() throws Exception {
        try (Connection target = newTarget(); Connection blocker = TestDatabases.connect(target.getCatalog())) {
            DomainModel model = DomainCatalog.read(target, "domain");
            Map<String, String> everything = all(target, model);
            blocker.setAutoCommit(false);
            TestDatabases.execute(blocker, "LOCK TABLE location_types IN SHARE MODE"); // allows reads, not deletes
            DeleteLimits limits = new DeleteLimits(Duration.ofMillis(300), Duration.ZERO);

            long started = System.nanoTime();
            DomainRowsFailure failure = assertThrows(DomainRowsFailure.class,
                    () -> DomainRows.delete(target, model, "alpha", limits));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(Reason.LOCK_TIMEOUT, failure.reason(), failure.getMessage());
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("public.location_types")
                    && failure.getMessage().contains("300 ms") && failure.getMessage().contains("try again later"),
                    failure.getMessage());
            assertTrue(waitedMillis < 10_000, "gave up after " + waitedMillis + " ms");
            assertEquals(everything, all(target, model), "locations and everything else deleted before are back");

            blocker.rollback();
            DomainRows.delete(target, model, "alpha", limits);
            rows(target, model, "alpha").forEach((name, rows) -> assertEquals("0:", rows, name));
        }
    }

    @Test
    void aSlowDeleteStopsAtTheStatementTimeoutAndChangesNothing() throws Exception {
        try (Connection target = newTarget()) {
            // a trigger that takes its time, standing in for a model too large to delete in the time allowed
            TestDatabases.execute(target, """
                    CREATE FUNCTION slowly() RETURNS trigger LANGUAGE plpgsql AS
                        $$ BEGIN PERFORM pg_sleep(5); RETURN OLD; END $$;
                    CREATE TRIGGER slow_delete BEFORE DELETE ON forms FOR EACH ROW EXECUTE FUNCTION slowly();
                    """);
            DomainModel model = DomainCatalog.read(target, "domain");
            Map<String, String> everything = all(target, model);

            DomainRowsFailure failure = assertThrows(DomainRowsFailure.class, () -> DomainRows.delete(target, model,
                    "alpha", new DeleteLimits(Duration.ofSeconds(5), Duration.ofMillis(500))));

            assertEquals(Reason.STATEMENT_TIMEOUT, failure.reason(), failure.getMessage());
            assertTrue(failure.getMessage().contains("public.forms"), failure.getMessage());
            assertEquals(everything, all(target, model));
        }
    }

    @Test
    void refusesAConnectionWithATransactionOfItsOwn() throws Exception {
        try (Connection target = newTarget()) {
            DomainModel model = DomainCatalog.read(target, "domain");
            target.setAutoCommit(false);
            assertThrows(IllegalStateException.class, () -> DomainRows.delete(target, model, "alpha"));
            target.rollback();
        }
    }

    // ---- targets and what is in them ----

    private static Connection newTarget() throws Exception {
        Connection target = TestDatabases.connect(TestDatabases.create("domain_rows_target_" + (++databases)));
        TestDatabases.runScript(target, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(target, "/relocate/catalog/app-data.sql");
        TestDatabases.execute(target, EXTRA_SCHEMA);
        return target;
    }

    /** Per model, the domain's rows as a count and a hash of their text. */
    private static Map<String, String> rows(Connection connection, DomainModel model, String domain) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Model each : model.models()) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) || ':' || "
                    + "coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') " + each.selection().fromWhere())) {
                each.selection().bindDomain(statement, 1, domain);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    rows.put(each.name().toString(), result.getString(1));
                }
            }
        }
        return rows;
    }

    /** Every domain's rows but {@code deleted}'s, and the global table. */
    private static Map<String, String> others(Connection connection, DomainModel model, String deleted)
            throws SQLException {
        Map<String, String> all = new LinkedHashMap<>();
        for (String domain : DOMAINS) {
            if (!domain.equals(deleted)) {
                rows(connection, model, domain).forEach((name, rows) -> all.put(domain + " " + name, rows));
            }
        }
        all.put("countries", String.valueOf(count(connection, "SELECT count(*) FROM countries")));
        assertFalse(all.get("beta public.case_indices").startsWith("0:"), "the other domain has rows to lose");
        return all;
    }

    private static Map<String, String> all(Connection connection, DomainModel model) throws SQLException {
        Map<String, String> all = others(connection, model, null);
        rows(connection, model, "alpha").forEach((name, rows) -> assertFalse(rows.startsWith("0:"), name));
        return all;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
