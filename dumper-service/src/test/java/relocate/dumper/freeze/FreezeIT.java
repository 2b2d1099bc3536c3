package relocate.dumper.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;

class FreezeIT {

    private static final String DATABASE = "freeze_it";
    private static final String MIGRATION = "3f2a9c41-07de-4b1e-9a4c-5d8e2b7f1a60";
    private static final String OTHER_MIGRATION = "8b1d0c7e-5a2f-4e3b-8c9d-0e1f2a3b4c5d";
    private static final String INJECTION = "o'brien\"; DROP TABLE cases; --";

    private static final String ALPHA_CASE = "00000000-0000-0000-0000-00000000c001";
    private static final String BETA_CASE = "00000000-0000-0000-0000-00000000c004";
    private static final String INJECTION_CASE = "00000000-0000-0000-0000-00000000c005";
    private static final String ALPHA_FORM = "00000000-0000-0000-0000-00000000f001";
    private static final String BETA_FORM = "00000000-0000-0000-0000-00000000f003";

    /** Relocate's connection: the superuser, who owns the application's tables. */
    private static Connection source;
    /** The application's connection, writing meanwhile. */
    private static Connection app;
    private static DomainModel model;

    @BeforeAll
    static void createApplication() throws Exception {
        source = TestDatabases.connect(TestDatabases.create(DATABASE));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        app = TestDatabases.connect(DATABASE);
        model = DomainCatalog.read(source, "domain");
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection connection : new Connection[] {source, app}) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** No freeze of an earlier test left, and the application's data as the script wrote it. */
    @BeforeEach
    void freshData() throws Exception {
        Freeze.remove(source, MIGRATION);
        Freeze.remove(source, OTHER_MIGRATION);
        TestDatabases.execute(source, "TRUNCATE public.countries, public.users, public.location_types, public.locations, "
                + "public.forms, public.cases, public.case_indices, public.case_attachments, public.attachment_chunks, "
                + "public.ledger_values, audit.form_events RESTART IDENTITY CASCADE");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");
    }

    @Test
    void writesToTheFrozenDomainAreRefusedOnEveryKindOfModel() {
        Freeze.install(source, model, "alpha", MIGRATION);

        // a model with the tenant column
        assertRefused("INSERT INTO users (id, domain, username) VALUES (10, 'alpha', 'eve')", "alpha", MIGRATION);
        assertRefused("UPDATE users SET username = 'anne' WHERE id = 1", "alpha", MIGRATION);
        assertRefused("DELETE FROM users WHERE id = 2", "alpha", MIGRATION);
        // one foreign key away from it: case_indices.case_id -> cases
        assertRefused("INSERT INTO case_indices (case_id, referenced_id, identifier) VALUES ('" + ALPHA_CASE + "', '"
                + ALPHA_CASE + "', 'self')", "alpha", MIGRATION);
        assertRefused("UPDATE case_indices SET identifier = 'host' WHERE case_id = '" + ALPHA_CASE + "'", "alpha",
                MIGRATION);
        assertRefused("DELETE FROM case_indices WHERE case_id = '" + ALPHA_CASE + "'", "alpha", MIGRATION);
        // two foreign keys away: attachment_chunks -> case_attachments -> cases
        assertRefused("INSERT INTO attachment_chunks (attachment_id, seq, content) VALUES (1, 3, '\\x04')", "alpha",
                MIGRATION);
        // a partitioned table in another schema, through its parent and through the partition itself
        assertRefused("INSERT INTO audit.form_events (id, form_id, at) VALUES (10, '" + ALPHA_FORM + "', '2026-05-01')",
                "alpha", MIGRATION);
        assertRefused("DELETE FROM audit.form_events_2026 WHERE form_id = '" + ALPHA_FORM + "'", "alpha", MIGRATION);
    }

    @Test
    void otherDomainsKeepWritingOnEveryKindOfModel() throws SQLException {
        Freeze.install(source, model, "alpha", MIGRATION);

        write("INSERT INTO users (id, domain, username) VALUES (10, 'beta', 'eve')");
        write("UPDATE users SET username = 'cyd' WHERE id = 3");
        write("INSERT INTO case_indices (case_id, referenced_id, identifier) VALUES ('" + BETA_CASE + "', '"
                + BETA_CASE + "', 'again')");
        write("UPDATE case_indices SET identifier = 'host' WHERE case_id = '" + BETA_CASE + "'");
        write("INSERT INTO attachment_chunks (attachment_id, seq, content) VALUES (2, 2, '\\x04')");
        write("INSERT INTO audit.form_events (id, form_id, at) VALUES (10, '" + BETA_FORM + "', '2026-05-01')");
        write("DELETE FROM case_indices WHERE case_id = '" + INJECTION_CASE + "'");
        // a row of no domain at all (a global lookup is no model)
        write("INSERT INTO countries (id, code) VALUES (3, 'FR')");

        assertEquals(2L, count("SELECT count(*) FROM users WHERE domain = 'beta'"));
        assertEquals(2L, count("SELECT count(*) FROM case_indices WHERE case_id = '" + BETA_CASE + "' AND identifier = 'host'"));
        assertEquals(0L, count("SELECT count(*) FROM case_indices WHERE case_id = '" + INJECTION_CASE + "'"));
        assertEquals(2L, count("SELECT count(*) FROM attachment_chunks WHERE attachment_id = 2"));
        assertEquals(2L, count("SELECT count(*) FROM audit.form_events WHERE form_id = '" + BETA_FORM + "'"));
        assertEquals(2L, count("SELECT count(*) FROM case_indices WHERE case_id <> '" + BETA_CASE + "'"
                + " AND case_id <> '" + INJECTION_CASE + "'"), "alpha's two, untouched");
    }

    @Test
    void anUpdateThatMovesARowIntoOrOutOfTheFrozenDomainIsRefused() throws SQLException {
        Freeze.install(source, model, "alpha", MIGRATION);

        assertRefused("UPDATE users SET domain = 'alpha' WHERE id = 3", "alpha", MIGRATION);
        assertRefused("UPDATE users SET domain = 'beta' WHERE id = 1", "alpha", MIGRATION);
        assertRefused("UPDATE case_indices SET case_id = '" + ALPHA_CASE + "' WHERE case_id = '" + BETA_CASE + "'",
                "alpha", MIGRATION);
        assertRefused("UPDATE case_indices SET case_id = '" + BETA_CASE + "' WHERE case_id = '" + ALPHA_CASE + "'",
                "alpha", MIGRATION);
        assertEquals(1L, count("SELECT count(*) FROM users WHERE domain = 'beta'"));
        assertEquals(1L, count("SELECT count(*) FROM case_indices WHERE case_id = '" + BETA_CASE + "'"));
    }

    @Test
    void truncateIsRefusedOnAFrozenTableAndOnItsPartitions() {
        Freeze.install(source, model, "alpha", MIGRATION);

        assertRefused("TRUNCATE case_indices", "alpha", MIGRATION);
        assertRefused("TRUNCATE users CASCADE", "alpha", MIGRATION);
        assertRefused("TRUNCATE audit.form_events", "alpha", MIGRATION);
        assertRefused("TRUNCATE audit.form_events_2026", "alpha", MIGRATION);
    }

    @Test
    void aSessionThatDisablesOrdinaryTriggersIsRefusedToo() throws SQLException {
        Freeze.install(source, model, "alpha", MIGRATION);

        TestDatabases.execute(app, "SET session_replication_role = replica");
        try {
            assertRefused("UPDATE users SET username = 'anne' WHERE id = 1", "alpha", MIGRATION);
            assertRefused("DELETE FROM audit.form_events_2026 WHERE form_id = '" + ALPHA_FORM + "'", "alpha", MIGRATION);
        } finally {
            TestDatabases.execute(app, "RESET session_replication_role");
        }
    }

    @Test
    void freezingTwiceInstallsOneGuardPerModelAndInstalledListsThemAll() throws SQLException {
        List<TableName> first = Freeze.install(source, model, "alpha", MIGRATION);
        List<TableName> second = Freeze.install(source, model, "alpha", MIGRATION);

        List<TableName> models = model.models().stream().map(Model::name).sorted().toList();
        assertEquals(10, models.size(), models.toString());
        assertEquals(models, first);
        assertEquals(models, second);
        assertEquals(models, Freeze.installed(source, MIGRATION));
        // one row trigger per model (plus PostgreSQL's clone on the partition), one TRUNCATE trigger per model and partition
        assertEquals(models.size() + 1, count("SELECT count(*) FROM pg_trigger WHERE tgname = 'relocate_freeze_3f2a9c4107de'"));
        assertEquals(models.size() + 1, count("SELECT count(*) FROM pg_trigger WHERE tgname = "
                + "'relocate_freeze_3f2a9c4107de_truncate'"));
        assertEquals(1L, count("SELECT count(*) FROM pg_proc WHERE proname = 'freeze_3f2a9c4107de'"));
        assertEquals(List.of(), Freeze.installed(source, OTHER_MIGRATION));
    }

    @Test
    void unfreezeRestoresWritesAndLeavesNothingOfTheMigration() throws SQLException {
        Freeze.install(source, model, "alpha", MIGRATION);

        List<TableName> removed = Freeze.remove(source, MIGRATION);

        assertEquals(model.models().stream().map(Model::name).sorted().toList(), removed);
        write("UPDATE users SET username = 'anne' WHERE id = 1");
        write("INSERT INTO case_indices (case_id, referenced_id, identifier) VALUES ('" + ALPHA_CASE + "', '"
                + ALPHA_CASE + "', 'self')");
        write("TRUNCATE audit.form_events_2026");
        assertEquals(0L, count("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'relocate\\_freeze\\_3f2a9c4107de%'"));
        assertEquals(0L, count("SELECT count(*) FROM pg_proc WHERE proname = 'freeze_3f2a9c4107de'"));
        assertEquals(List.of(), Freeze.installed(source, MIGRATION));
        assertEquals(List.of(), Freeze.remove(source, MIGRATION), "a second unfreeze is a no-op");
    }

    @Test
    void aPartialFreezeIsCompletedByTheNextFreezeAndRemovedWhateverTheModel() throws SQLException {
        // as if the freeze had crashed after its first three models
        DomainModel firstThree = new DomainModel(model.tenantColumn(), model.tenantTables(),
                model.models().subList(0, 3), model.foreignKeys(), model.deferred(), model.cycles());
        assertEquals(3, Freeze.install(source, firstThree, "alpha", MIGRATION).size());
        write("INSERT INTO case_indices (case_id, referenced_id, identifier) VALUES ('" + ALPHA_CASE + "', '"
                + ALPHA_CASE + "', 'not yet guarded')");

        assertEquals(model.models().size(), Freeze.install(source, model, "alpha", MIGRATION).size());
        assertRefused("DELETE FROM case_indices WHERE case_id = '" + ALPHA_CASE + "'", "alpha", MIGRATION);

        // and a partial set is removed as completely, from the catalog alone
        Freeze.remove(source, MIGRATION);
        Freeze.install(source, firstThree, "alpha", MIGRATION);
        assertEquals(3, Freeze.remove(source, MIGRATION).size());
        assertEquals(0L, count("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'relocate\\_freeze\\_3f2a9c4107de%'"));
    }

    @Test
    void aFreezeAgainWithOtherArgumentsReplacesTheGuardInsteadOfAddingOne() throws SQLException {
        // stands for a guard whose row test changed with the schema: the arguments differ, the guard is redone
        Freeze.install(source, model, "alpha", MIGRATION);
        Freeze.install(source, model, "beta", MIGRATION);

        write("UPDATE users SET username = 'anne' WHERE id = 1");
        assertRefused("UPDATE users SET username = 'cyd' WHERE id = 3", "beta", MIGRATION);
        assertEquals(model.models().size() + 1L,
                count("SELECT count(*) FROM pg_trigger WHERE tgname = 'relocate_freeze_3f2a9c4107de'"));
    }

    @Test
    void aFreezeWaitsForTheTableLockOnlyBrieflyAndTheRetryCompletesIt() throws SQLException {
        try (Connection longTransaction = TestDatabases.connect(DATABASE)) {
            longTransaction.setAutoCommit(false);
            TestDatabases.execute(longTransaction, "UPDATE users SET username = 'cyd' WHERE id = 3");

            FreezeFailure failure = assertThrows(FreezeFailure.class,
                    () -> Freeze.install(source, model, "alpha", MIGRATION));
            assertTrue(failure.retryable());
            assertTrue(failure.getMessage().contains("could not install the freeze guard on table public.users"),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("Retry"), failure.getMessage());
            List<TableName> partial = Freeze.installed(source, MIGRATION);
            assertFalse(partial.contains(new TableName("public", "users")), partial.toString());
            assertTrue(partial.contains(model.models().get(0).name()), partial.toString());
            longTransaction.commit();
        }
        assertEquals(model.models().size(), Freeze.install(source, model, "alpha", MIGRATION).size());
        assertRefused("UPDATE users SET username = 'anne' WHERE id = 1", "alpha", MIGRATION);
        assertTrue(source.getAutoCommit());
    }

    @Test
    void twoMigrationsOfTwoDomainsAreIndependent() throws SQLException {
        Freeze.install(source, model, "alpha", MIGRATION);
        Freeze.install(source, model, "beta", OTHER_MIGRATION);

        assertRefused("UPDATE users SET username = 'cyd' WHERE id = 3", "beta", OTHER_MIGRATION);
        assertRefused("UPDATE users SET username = 'anne' WHERE id = 1", "alpha", MIGRATION);

        Freeze.remove(source, MIGRATION);

        write("UPDATE users SET username = 'anne' WHERE id = 1");
        assertRefused("UPDATE users SET username = 'cyd' WHERE id = 3", "beta", OTHER_MIGRATION);
        assertRefused("TRUNCATE case_indices", "beta", OTHER_MIGRATION);
        assertEquals(List.of(), Freeze.installed(source, MIGRATION));
        assertEquals(model.models().size(), Freeze.installed(source, OTHER_MIGRATION).size());
        assertEquals(1L, count("SELECT count(*) FROM pg_proc WHERE proname LIKE 'freeze\\_%'"));
    }

    @Test
    void aTenantNameWithQuotesAndSemicolonsIsFrozenExactly() throws SQLException {
        Freeze.install(source, model, INJECTION, MIGRATION);

        assertRefused("UPDATE users SET username = 'danny' WHERE id = 4", INJECTION, MIGRATION);
        assertRefused("DELETE FROM case_indices WHERE case_id = '" + INJECTION_CASE + "'", INJECTION, MIGRATION);
        write("UPDATE users SET username = 'anne' WHERE id = 1");
        write("DELETE FROM case_indices WHERE case_id = '" + ALPHA_CASE + "'");
        assertEquals(5L, count("SELECT count(*) FROM cases"), "nothing was injected");
    }

    @Test
    void theApplicationsUsersNeedNoRightOnTheTablesTheGuardReads() throws SQLException {
        TestDatabases.execute(source, """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'freeze_it_indexer') THEN
                    CREATE ROLE freeze_it_indexer LOGIN;
                  END IF;
                END $$;
                ALTER ROLE freeze_it_indexer PASSWORD 'Freeze-pw-1';
                GRANT INSERT ON case_indices TO freeze_it_indexer;
                GRANT USAGE ON SEQUENCE case_indices_id_seq TO freeze_it_indexer;
                """);
        Freeze.install(source, model, "alpha", MIGRATION);

        try (Connection indexer = connectAs(DATABASE, "freeze_it_indexer")) {
            TestDatabases.execute(indexer, "INSERT INTO case_indices (case_id, referenced_id, identifier) VALUES ('"
                    + BETA_CASE + "', '" + BETA_CASE + "', 'by the indexer')");
            SQLException refused = assertThrows(SQLException.class, () -> TestDatabases.execute(indexer,
                    "INSERT INTO case_indices (case_id, referenced_id, identifier) VALUES ('" + ALPHA_CASE + "', '"
                            + ALPHA_CASE + "', 'by the indexer')"));
            assertEquals(Freeze.REFUSED_SQLSTATE, refused.getSQLState(), refused.getMessage());
        }
        assertEquals(1L, count("SELECT count(*) FROM case_indices WHERE identifier = 'by the indexer'"));
    }

    @Test
    void aUserThatDoesNotOwnTheTablesIsToldSoBeforeAnythingIsInstalled() throws SQLException {
        TestDatabases.execute(source, """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'freeze_it_stranger') THEN
                    CREATE ROLE freeze_it_stranger LOGIN;
                  END IF;
                END $$;
                ALTER ROLE freeze_it_stranger PASSWORD 'Freeze-pw-1';
                GRANT CREATE ON DATABASE freeze_it TO freeze_it_stranger;
                GRANT TRIGGER ON ALL TABLES IN SCHEMA public TO freeze_it_stranger;
                """);
        try (Connection stranger = connectAs(DATABASE, "freeze_it_stranger")) {
            FreezeFailure failure = assertThrows(FreezeFailure.class,
                    () -> Freeze.install(stranger, model, "alpha", MIGRATION));
            assertFalse(failure.retryable());
            String message = failure.getMessage();
            assertTrue(message.contains("user freeze_it_stranger of the source does not own public.location_types, "),
                    message);
            assertTrue(message.contains("public.users"), message);
            assertTrue(message.contains("(owned by postgres)"), message);
            assertTrue(message.contains("so nothing was installed"), message);
            assertTrue(message.contains("GRANT \"postgres\" TO \"freeze_it_stranger\""), message);
        }
        assertEquals(List.of(), Freeze.installed(source, MIGRATION));
        assertEquals(0L, count("SELECT count(*) FROM pg_proc WHERE proname = 'freeze_3f2a9c4107de'"));
    }

    @Test
    void aMigrationIdMustBeAUuid() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Freeze.install(source, model, "alpha", "m1'; DROP TABLE users; --"));
        assertTrue(refused.getMessage().contains("a migration id is a UUID"), refused.getMessage());
    }

    private static void assertRefused(String sql, String domain, String migrationId) {
        SQLException refused = assertThrows(SQLException.class, () -> TestDatabases.execute(app, sql), sql);
        assertEquals(Freeze.REFUSED_SQLSTATE, refused.getSQLState(), refused.getMessage());
        assertTrue(refused.getMessage().contains("domain '" + domain + "' is frozen by Relocate migration "
                + migrationId + " (moving to another environment); writes are refused until it completes or is "
                + "aborted"), refused.getMessage());
    }

    private static Connection connectAs(String database, String role) throws SQLException {
        return DriverManager.getConnection(TestDatabases.stack().jdbcUrl(database), role, "Freeze-pw-1");
    }

    private static void write(String sql) throws SQLException {
        TestDatabases.execute(app, sql);
    }

    private static long count(String sql) throws SQLException {
        try (PreparedStatement statement = source.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
