package relocate.dumper.preflight;

import relocate.catalog.connect.ReadOnlyTransaction;
import relocate.catalog.connect.DatabaseConnector;
import relocate.catalog.connect.DatabaseFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.TenantDeclarations;
import relocate.schemas.ModelInfo;
import relocate.schemas.PreflightReport;
import relocate.schemas.Problem;

class PreflightIT {

    private static final String INJECTION = "o'brien\"; DROP TABLE cases; --";

    /** The application with domains alpha, beta and the injection attempt. */
    private static Connection source;
    /** The same schema, empty: where a domain should go. */
    private static Connection emptyTarget;
    /** The same schema and the same domains: every domain is already there. */
    private static Connection busyTarget;
    /** An older schema: ledger_values missing, cases with other columns. */
    private static Connection oldTarget;

    @BeforeAll
    static void createDatabases() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("preflight_it_source"));
        TestDatabases.createApplication(source, true);
        emptyTarget = TestDatabases.connect(TestDatabases.create("preflight_it_empty_target"));
        TestDatabases.createApplication(emptyTarget, false);
        busyTarget = TestDatabases.connect(TestDatabases.create("preflight_it_busy_target"));
        TestDatabases.createApplication(busyTarget, true);
        oldTarget = TestDatabases.connect(TestDatabases.create("preflight_it_old_target"));
        TestDatabases.createApplication(oldTarget, false);
        TestDatabases.execute(oldTarget, """
                DROP TABLE ledger_values;
                ALTER TABLE cases DROP COLUMN opened_by;
                ALTER TABLE cases ALTER COLUMN type TYPE text;
                ALTER TABLE cases ADD COLUMN closed boolean NOT NULL;
                ALTER TABLE cases ADD COLUMN note text;
                """);
    }

    @AfterAll
    static void closeConnections() throws SQLException {
        for (Connection connection : new Connection[] {source, emptyTarget, busyTarget, oldTarget}) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static PreflightReport check(Connection target, String domain) {
        return Preflight.check(source, target, domain, "domain", "eu-old", "eu-new");
    }

    private static Map<String, Long> rows(PreflightReport report) {
        Map<String, Long> rows = new LinkedHashMap<>();
        report.getModels().forEach(model -> rows.put(model.getName(), model.getRows()));
        return rows;
    }

    private static List<Problem> problems(PreflightReport report, String code) {
        return report.getProblems().stream().filter(p -> p.getCode().equals(code)).toList();
    }

    @Test
    void aDomainThatFitsTheTargetHasItsModelsCountsAndLoadOrderAndNoProblems() {
        PreflightReport report = check(emptyTarget, "alpha");

        assertEquals(List.of(), report.getProblems());
        assertEquals(List.of("public.location_types", "public.locations", "public.users", "public.forms",
                "audit.form_events", "public.cases", "public.case_attachments", "public.attachment_chunks",
                "public.case_indices", "public.ledger_values"), report.getLoadOrder());
        assertEquals(report.getLoadOrder(), report.getModels().stream().map(ModelInfo::getName).toList());
        assertEquals(Map.of("public.location_types", 2L, "public.locations", 3L, "public.users", 2L, "public.forms", 2L,
                "audit.form_events", 1L, "public.cases", 3L, "public.case_attachments", 1L,
                "public.attachment_chunks", 2L, "public.case_indices", 2L, "public.ledger_values", 2L), rows(report));

        ModelInfo indices = report.getModels().stream().filter(m -> m.getName().equals("public.case_indices"))
                .findFirst().orElseThrow();
        assertEquals("via case_id -> public.cases", indices.getSelection());
        assertEquals(List.of("id", "case_id", "referenced_id", "identifier"), indices.getColumns());
        ModelInfo cases = report.getModels().stream().filter(m -> m.getName().equals("public.cases"))
                .findFirst().orElseThrow();
        assertEquals("domain = ?", cases.getSelection());
    }

    @Test
    void aDomainNameWithQuotesAndASemicolonIsCountedAsData() {
        PreflightReport report = check(emptyTarget, INJECTION);

        assertEquals(List.of(), report.getProblems());
        Map<String, Long> rows = rows(report);
        assertEquals(1L, rows.get("public.users"));
        assertEquals(1L, rows.get("public.forms"));
        assertEquals(1L, rows.get("public.cases"));
        assertEquals(1L, rows.get("public.case_indices"));
        assertEquals(0L, rows.get("public.locations"));
        assertEquals(0L, rows.get("public.ledger_values"));
    }

    @Test
    void anUnknownDomainIsReportedAsNotFound() {
        PreflightReport report = check(emptyTarget, "Alpha");

        List<Problem> notFound = problems(report, Preflight.DOMAIN_NOT_FOUND);
        assertEquals(1, notFound.size(), report.getProblems().toString());
        String message = notFound.get(0).getMessage();
        assertTrue(message.contains("domain 'Alpha' has no rows on source 'eu-old'"), message);
        assertTrue(message.contains("case-sensitive"), message);
        assertTrue(message.contains("public.cases"), message);
        assertTrue(rows(report).values().stream().allMatch(n -> n == 0L));
    }

    @Test
    void aTenantColumnThatNoTableHasIsReportedAsDomainNotFound() {
        PreflightReport report = Preflight.check(source, emptyTarget, "alpha", "tenant_id", "eu-old", "eu-new");

        assertEquals(1, report.getProblems().size(), report.getProblems().toString());
        Problem problem = report.getProblems().get(0);
        assertEquals(Preflight.DOMAIN_NOT_FOUND, problem.getCode());
        assertTrue(problem.getMessage().contains("no table on source 'eu-old' has the tenant column \"tenant_id\""),
                problem.getMessage());
        assertTrue(report.getModels().isEmpty());
    }

    @Test
    void globalRowsTheDomainReferencesThatTheTargetLacksAreListedBeforeAnythingIsFrozen() throws Exception {
        try (Connection noCountries = TestDatabases.connect(TestDatabases.create("preflight_it_no_globals"))) {
            TestDatabases.createApplication(noCountries, false);
            TestDatabases.execute(noCountries, "DELETE FROM countries WHERE id = 1");

            PreflightReport report = check(noCountries, "alpha");

            assertEquals(List.of("GLOBAL_ROWS_MISSING"), report.getProblems().stream().map(Problem::getCode).toList());
            String message = report.getProblems().get(0).getMessage();
            assertTrue(message.contains("lacks 1 row of the global table public.countries") && message.contains("[1]")
                    && message.contains("locations(country_id)"), message);
        }
    }

    @Test
    void theNameTheDomainWillHaveOnTheTargetMustBeFreeThereSinceAnAbortDeletesByIt() {
        PreflightReport taken = Preflight.check(source, busyTarget, "alpha", "domain", "eu-old", "eu-new",
                new Preflight.Options(TenantDeclarations.NONE, "beta", false));
        assertTrue(!taken.getProblems().isEmpty()
                && taken.getProblems().stream().allMatch(p -> p.getCode().equals("DOMAIN_PRESENT_ON_TARGET")),
                taken.getProblems().toString());
        assertTrue(taken.getProblems().get(0).getMessage().contains("domain 'beta' (the new name given for 'alpha')"),
                taken.getProblems().get(0).getMessage());

        // alpha itself is on that target, but it would load as gamma: nothing of gamma is there
        PreflightReport free = Preflight.check(source, busyTarget, "alpha", "domain", "eu-old", "eu-new",
                new Preflight.Options(TenantDeclarations.NONE, "gamma", false));
        assertEquals(List.of(), free.getProblems());
    }

    @Test
    void askedToItCopiesTheMissingGlobalRowsButNeverOverwritesOne() throws Exception {
        try (Connection empty = TestDatabases.connect(TestDatabases.create("preflight_it_copy_globals"));
             Connection taken = TestDatabases.connect(TestDatabases.create("preflight_it_taken_globals"))) {
            TestDatabases.createApplication(empty, false);
            TestDatabases.execute(empty, "DELETE FROM countries");
            TestDatabases.createApplication(taken, false);
            TestDatabases.execute(taken, "DELETE FROM countries; INSERT INTO countries (id, code) VALUES (7, 'KE')");

            PreflightReport copied = Preflight.check(source, empty, "alpha", "domain", "eu-old", "eu-new",
                    new Preflight.Options(TenantDeclarations.NONE, null, true));
            assertEquals(List.of(), copied.getProblems());
            assertEquals(1, relocate.catalog.TestDatabases.queryLong(empty, "SELECT count(*) FROM countries WHERE id = 1 AND code = 'KE'"));

            // the target's own KE (another id) holds the unique code: nothing is overwritten, the row is still missing
            PreflightReport refused = Preflight.check(source, taken, "alpha", "domain", "eu-old", "eu-new",
                    new Preflight.Options(TenantDeclarations.NONE, null, true));
            assertEquals(List.of("GLOBAL_ROWS_MISSING"), refused.getProblems().stream().map(Problem::getCode).toList());
            assertEquals(1, relocate.catalog.TestDatabases.queryLong(taken, "SELECT count(*) FROM countries WHERE id = 7 AND code = 'KE'"));
            assertEquals(1, relocate.catalog.TestDatabases.queryLong(taken, "SELECT count(*) FROM countries"));
        }
    }

    @Test
    void modelsMissingOnTheTargetAndColumnDifferencesAreReportedPerModel() {
        PreflightReport report = check(oldTarget, "alpha");

        List<Problem> missing = problems(report, Preflight.MODEL_MISSING_ON_TARGET);
        assertEquals(1, missing.size(), report.getProblems().toString());
        assertEquals("public.ledger_values", missing.get(0).getModel());
        assertTrue(missing.get(0).getMessage().contains("table public.ledger_values of domain 'alpha' is missing on "
                + "target 'eu-new'"), missing.get(0).getMessage());
        assertTrue(missing.get(0).getMessage().contains("exclude model public.ledger_values"));

        List<Problem> incompatible = problems(report, Preflight.INCOMPATIBLE_COLUMNS);
        assertEquals(1, incompatible.size(), report.getProblems().toString());
        assertEquals("public.cases", incompatible.get(0).getModel());
        String message = incompatible.get(0).getMessage();
        assertTrue(message.contains("between source 'eu-old' and target 'eu-new'"), message);
        assertTrue(message.contains("column type is character varying(255) on the source but text on the target"),
                message);
        assertTrue(message.contains("column opened_by (uuid) is missing on the target"), message);
        assertTrue(message.contains("column closed (boolean) is NOT NULL without a default on the target"), message);
        assertFalse(message.contains("note"), "an extra nullable column is fine: " + message);
        assertEquals(2, report.getProblems().size(), report.getProblems().toString());
    }

    @Test
    void aDomainAlreadyOnTheTargetIsReportedWithItsRowsPerModel() {
        PreflightReport report = check(busyTarget, "beta");

        List<Problem> present = problems(report, Preflight.DOMAIN_PRESENT_ON_TARGET);
        Map<String, String> byModel = new LinkedHashMap<>();
        present.forEach(p -> byModel.put(p.getModel(), p.getMessage()));
        // beta has no ledger values: no problem for that model
        assertEquals(List.of("public.location_types", "public.locations", "public.users", "public.forms",
                "audit.form_events", "public.cases", "public.case_attachments", "public.attachment_chunks",
                "public.case_indices"), List.copyOf(byModel.keySet()));
        assertTrue(byModel.get("public.cases").contains("target 'eu-new' already holds 1 row of domain 'beta' in "
                + "public.cases"), byModel.get("public.cases"));
        assertTrue(byModel.get("public.cases").contains("abort"), byModel.get("public.cases"));
        assertTrue(byModel.get("public.cases").contains("choose another target"), byModel.get("public.cases"));

        PreflightReport alpha = check(busyTarget, "alpha");
        assertTrue(problems(alpha, Preflight.DOMAIN_PRESENT_ON_TARGET).stream()
                .anyMatch(p -> p.getMessage().contains("already holds 3 rows of domain 'alpha' in public.cases")));
    }

    @Test
    void aCycleOfNotDeferrableKeysIsAProblemAndADeferrableOneIsNot() throws Exception {
        String cycle = """
                CREATE TABLE teams (id int PRIMARY KEY, domain text NOT NULL, lead_id int);
                CREATE TABLE people (id int PRIMARY KEY, domain text NOT NULL, team_id int REFERENCES teams (id));
                ALTER TABLE teams ADD CONSTRAINT teams_lead_fkey FOREIGN KEY (lead_id) REFERENCES people (id) %s;
                INSERT INTO teams VALUES (1, 'alpha', NULL);
                INSERT INTO people VALUES (1, 'alpha', 1);
                """;
        try (Connection strict = TestDatabases.connect(TestDatabases.create("preflight_it_cycle_strict"));
             Connection deferrable = TestDatabases.connect(TestDatabases.create("preflight_it_cycle_deferrable"));
             Connection target = TestDatabases.connect(TestDatabases.create("preflight_it_cycle_target"))) {
            TestDatabases.execute(strict, cycle.formatted(""));
            TestDatabases.execute(deferrable, cycle.formatted("DEFERRABLE"));
            TestDatabases.execute(target, cycle.formatted("").replaceAll("INSERT .*\\n", ""));

            PreflightReport strictReport = Preflight.check(strict, target, "alpha", "domain", "eu-old", "eu-new");
            assertEquals(1, strictReport.getProblems().size(), strictReport.getProblems().toString());
            Problem problem = strictReport.getProblems().get(0);
            assertEquals(Preflight.FOREIGN_KEY_CYCLE, problem.getCode());
            assertTrue(problem.getMessage().contains("on source 'eu-old'"), problem.getMessage());
            assertTrue(problem.getMessage().contains("public.people, public.teams"), problem.getMessage());
            assertTrue(problem.getMessage().contains("make one of these constraints DEFERRABLE"), problem.getMessage());
            assertTrue(problem.getMessage().contains("or exclude one of these models"), problem.getMessage());

            PreflightReport deferrableReport = Preflight.check(deferrable, target, "alpha", "domain", "eu-old",
                    "eu-new");
            assertEquals(List.of(), deferrableReport.getProblems());
            assertEquals(List.of("public.teams", "public.people"), deferrableReport.getLoadOrder());
        }
    }

    @Test
    void preflightLeavesBothDatabasesUnchangedAndTheConnectionsAsTheyWere() throws SQLException {
        Map<String, String> sourceBefore = TestDatabases.fingerprint(source);
        Map<String, String> targetBefore = TestDatabases.fingerprint(busyTarget);

        check(busyTarget, "alpha");
        check(busyTarget, INJECTION);

        assertEquals(sourceBefore, TestDatabases.fingerprint(source));
        assertEquals(targetBefore, TestDatabases.fingerprint(busyTarget));
        assertTrue(source.getAutoCommit());
        assertFalse(source.isReadOnly());
        assertEquals(Connection.TRANSACTION_READ_COMMITTED, busyTarget.getTransactionIsolation());
    }

    @Test
    void theReadOnlyTransactionRefusesWrites() {
        SQLException refused = assertThrows(SQLException.class, () -> ReadOnlyTransaction.run(source,
                connection -> {
                    TestDatabases.execute(connection, "INSERT INTO countries (id, code) VALUES (99, 'XX')");
                    return null;
                }));
        assertEquals("25006", refused.getSQLState()); // read_only_sql_transaction
    }

    @Test
    void aUserWhoMayNotReadTheTablesGetsAFailureThatSaysWhatToGrant() throws SQLException {
        TestDatabases.execute(source, """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'preflight_it_reader') THEN
                    CREATE ROLE preflight_it_reader LOGIN PASSWORD 'Reader-pw-1';
                  END IF;
                END $$;
                """);
        String url = TestDatabases.stack().jdbcUrl("preflight_it_source");
        try (Connection reader = DatabaseConnector.open("eu-old", url, "preflight_it_reader", "Reader-pw-1", "source")) {
            DatabaseFailure failure = assertThrows(DatabaseFailure.class,
                    () -> Preflight.check(reader, emptyTarget, "alpha", "domain", "eu-old", "eu-new"));
            assertEquals(DatabaseFailure.Reason.READ_FAILED, failure.reason());
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("source 'eu-old'"), failure.getMessage());
            assertTrue(failure.getMessage().contains("grant it SELECT"), failure.getMessage());
        }
    }
}
