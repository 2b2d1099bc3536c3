package relocate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.compat.ColumnCompatibility;
import relocate.catalog.compat.ColumnDifference;
import relocate.catalog.fk.ForeignKeyCycle;
import relocate.catalog.rows.RowCounter;
import relocate.catalog.selection.ByTenantColumn;
import relocate.catalog.selection.ThroughForeignKeys;

class DomainCatalogIT {

    private static final String INJECTION = "o'brien\"; DROP TABLE cases; --";

    private static Connection app;

    @BeforeAll
    static void createApplication() throws Exception {
        app = TestDatabases.connect(TestDatabases.create("catalog_it_app"));
        TestDatabases.runScript(app, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(app, "/relocate/catalog/app-data.sql");
    }

    @AfterAll
    static void close() throws SQLException {
        if (app != null) {
            app.close();
        }
    }

    private static TableName publicTable(String name) {
        return new TableName("public", name);
    }

    @Test
    void derivesTheDomainsModelsAndLoadOrderFromTheCatalog() throws SQLException {
        DomainModel domain = DomainCatalog.read(app, "domain");

        assertEquals(List.of("public.location_types", "public.locations", "public.users", "public.forms",
                "audit.form_events", "public.cases", "public.case_attachments", "public.attachment_chunks",
                "public.case_indices", "public.ledger_values"),
                domain.loadOrder().stream().map(TableName::toString).toList());
        // the global lookup is referenced by locations but is no part of any domain; the partition is its parent's
        assertTrue(domain.model(publicTable("countries")).isEmpty());
        assertTrue(domain.model(new TableName("audit", "form_events_2026")).isEmpty());
        assertEquals(List.of("public.cases", "public.forms", "public.ledger_values", "public.location_types",
                "public.locations", "public.users"), domain.tenantTables().stream().map(TableName::toString).toList());
        assertTrue(domain.cycles().isEmpty());
        assertTrue(domain.deferred().isEmpty());
    }

    @Test
    void loadLevelsPutEveryChildAfterItsParentsAndModelsWithoutLinksTogether() throws SQLException {
        DomainModel domain = DomainCatalog.read(app, "domain");
        Map<TableName, Integer> levels = domain.loadLevels();

        assertEquals(domain.loadOrder(), List.copyOf(levels.keySet()));
        for (relocate.catalog.fk.ForeignKey fk : domain.foreignKeys()) {
            if (levels.containsKey(fk.child()) && levels.containsKey(fk.parent()) && !fk.child().equals(fk.parent())) {
                assertTrue(levels.get(fk.child()) > levels.get(fk.parent()), fk + " in " + levels);
            }
        }
        assertEquals(0, levels.get(publicTable("location_types")));
        assertEquals(0, levels.get(publicTable("users")), "no parent among the models: loads with location_types");
        assertTrue(levels.values().stream().distinct().count() < levels.size(), "some models share a level: " + levels);
        for (TableName model : domain.loadOrder()) {
            for (TableName parent : domain.loadAfter(model)) {
                assertTrue(levels.get(parent) < levels.get(model), model + " after " + parent + " in " + levels);
            }
        }
    }

    @Test
    void aModelLoadsAfterItsOwnParentsOnlyNotAfterAWholeLevel() throws SQLException {
        DomainModel domain = DomainCatalog.read(app, "domain");
        assertEquals(List.of(publicTable("users")), domain.loadAfter(publicTable("forms")));
        assertEquals(List.of(publicTable("cases")), domain.loadAfter(publicTable("case_indices")),
                "one parent, referenced twice");
        assertEquals(java.util.Set.of(publicTable("users"), publicTable("locations"), publicTable("forms")),
                java.util.Set.copyOf(domain.loadAfter(publicTable("cases"))));
        assertEquals(List.of(publicTable("location_types")), domain.loadAfter(publicTable("locations")),
                "not after itself, nor after a global table (countries)");
        assertEquals(domain.loadLevels().get(publicTable("forms")), domain.loadLevels().get(publicTable("locations")),
                "forms and locations share a level; forms needs users only, not location_types");
    }

    @Test
    void selectsByOwnTenantColumnOrThroughTheShortestForeignKeyPath() throws SQLException {
        DomainModel domain = DomainCatalog.read(app, "domain");
        Map<String, String> selections = new LinkedHashMap<>();
        domain.models().forEach(m -> selections.put(m.name().toString(), m.selection().describe()));

        assertEquals("domain = ?", selections.get("public.cases"));
        assertEquals("domain = ?", selections.get("public.ledger_values")); // its own column beats case_id
        assertEquals("via case_id -> public.cases", selections.get("public.case_indices"));
        assertEquals("via attachment_id -> public.case_attachments, case_id -> public.cases",
                selections.get("public.attachment_chunks"));
        assertEquals("via form_id -> public.forms", selections.get("audit.form_events"));
        assertInstanceOf(ByTenantColumn.class, domain.model(publicTable("locations")).orElseThrow().selection());
        assertInstanceOf(ThroughForeignKeys.class,
                domain.model(publicTable("case_indices")).orElseThrow().selection());
    }

    @Test
    void readsColumnsWithTypesNullabilityDefaultsAndPrimaryKeys() throws SQLException {
        DomainModel domain = DomainCatalog.read(app, "domain");

        Model cases = domain.model(publicTable("cases")).orElseThrow();
        assertEquals(List.of("id", "domain", "type", "owner_id", "location_id", "opened_by"), cases.table().columnNames());
        assertEquals(new Column("type", "character varying(255)", true, null, false, false),
                cases.table().column("type").orElseThrow());
        assertEquals(List.of("id"), cases.primaryKey());

        Model forms = domain.model(publicTable("forms")).orElseThrow();
        assertEquals("gen_random_uuid()", forms.table().column("id").orElseThrow().defaultExpression());
        assertEquals("timestamp with time zone", forms.table().column("received_on").orElseThrow().type());
        assertFalse(forms.table().column("xmlns").orElseThrow().notNull());

        assertEquals(List.of("attachment_id", "seq"),
                domain.model(publicTable("attachment_chunks")).orElseThrow().primaryKey());
        assertEquals("numeric(20,5)", domain.model(publicTable("ledger_values")).orElseThrow().table()
                .column("balance").orElseThrow().type());
        assertTrue(domain.model(publicTable("case_indices")).orElseThrow().table().column("id").orElseThrow()
                .defaultExpression().startsWith("nextval("));
    }

    @Test
    void countsEachModelsRowsForOneDomain() throws SQLException {
        DomainModel domain = DomainCatalog.read(app, "domain");

        Map<String, Long> alpha = counts(RowCounter.countAll(app, domain, "alpha"));
        assertEquals(Map.of("public.location_types", 2L, "public.locations", 3L, "public.users", 2L, "public.forms", 2L,
                "audit.form_events", 1L, "public.cases", 3L, "public.case_attachments", 1L,
                "public.attachment_chunks", 2L, "public.case_indices", 2L, "public.ledger_values", 2L), alpha);

        Map<String, Long> beta = counts(RowCounter.countAll(app, domain, "beta"));
        assertEquals(Map.of("public.location_types", 1L, "public.locations", 1L, "public.users", 1L, "public.forms", 1L,
                "audit.form_events", 1L, "public.cases", 1L, "public.case_attachments", 1L,
                "public.attachment_chunks", 1L, "public.case_indices", 1L, "public.ledger_values", 0L), beta);
    }

    @Test
    void aTenantNameWithQuotesAndASemicolonIsOnlyData() throws SQLException {
        DomainModel domain = DomainCatalog.read(app, "domain");

        Map<String, Long> counts = counts(RowCounter.countAll(app, domain, INJECTION));

        assertEquals(1L, counts.get("public.users"));
        assertEquals(1L, counts.get("public.cases"));
        assertEquals(1L, counts.get("public.case_indices"));
        assertEquals(0L, counts.get("public.locations"));
        assertEquals(0L, counts.get("audit.form_events"));
        assertEquals(5L, countAll(app, "public.cases"), "the cases table is untouched");
        assertEquals(0L, RowCounter.count(app, domain.model(publicTable("cases")).orElseThrow().selection(), "ALPHA"),
                "a domain's name is compared exactly");
    }

    @Test
    void identifiersWithCapitalsSpacesAndQuotesAreReadAndUsed() throws Exception {
        try (Connection db = TestDatabases.connect(TestDatabases.create("catalog_it_odd_names"))) {
            TestDatabases.execute(db, """
                    CREATE SCHEMA "Cli""ent";
                    CREATE TABLE "Cli""ent"."Projects" ("Id" int PRIMARY KEY, "Tenant Name" text NOT NULL);
                    CREATE TABLE "Cli""ent"."task;list" (id int PRIMARY KEY,
                        "Project" int REFERENCES "Cli""ent"."Projects" ("Id"));
                    INSERT INTO "Cli""ent"."Projects" VALUES (1, 'x'), (2, 'y');
                    INSERT INTO "Cli""ent"."task;list" VALUES (1, 1), (2, 1), (3, 2);
                    """);

            DomainModel domain = DomainCatalog.read(db, "Tenant Name");

            TableName tasks = new TableName("Cli\"ent", "task;list");
            assertEquals(List.of(new TableName("Cli\"ent", "Projects"), tasks), domain.loadOrder());
            assertEquals("via Project -> Cli\"ent.Projects", domain.model(tasks).orElseThrow().selection().describe());
            assertEquals(2L, RowCounter.count(db, domain.model(tasks).orElseThrow().selection(), "x"));
        }
    }

    @Test
    void theTenantColumnIsConfigurable() throws SQLException {
        DomainModel byUsername = DomainCatalog.read(app, "username");

        assertEquals(List.of(publicTable("users"), publicTable("forms"), new TableName("audit", "form_events"),
                publicTable("cases"), publicTable("case_attachments"),
                publicTable("attachment_chunks"), publicTable("case_indices"), publicTable("ledger_values")),
                byUsername.loadOrder());
        assertEquals("via owner_id -> public.users",
                byUsername.model(publicTable("cases")).orElseThrow().selection().describe());
        assertEquals(2L, RowCounter.count(app, byUsername.model(publicTable("cases")).orElseThrow().selection(), "ann"));

        DomainModel none = DomainCatalog.read(app, "no_such_column");
        assertTrue(none.tenantTables().isEmpty());
        assertTrue(none.models().isEmpty());
    }

    @Test
    void aDeferrableCycleIsBrokenThereAndANotDeferrableOneIsReported() throws Exception {
        try (Connection db = TestDatabases.connect(TestDatabases.create("catalog_it_cycles"))) {
            TestDatabases.execute(db, """
                    CREATE TABLE orders (id int PRIMARY KEY, domain text NOT NULL, last_invoice int);
                    CREATE TABLE invoices (id int PRIMARY KEY, domain text NOT NULL,
                        order_id int NOT NULL REFERENCES orders (id));
                    ALTER TABLE orders ADD CONSTRAINT orders_last_invoice_fkey
                        FOREIGN KEY (last_invoice) REFERENCES invoices (id) DEFERRABLE INITIALLY DEFERRED;

                    CREATE SCHEMA hr;
                    CREATE TABLE hr.teams (id int PRIMARY KEY, domain text NOT NULL, lead_id int);
                    CREATE TABLE hr.people (id int PRIMARY KEY, domain text NOT NULL,
                        team_id int REFERENCES hr.teams (id));
                    ALTER TABLE hr.teams ADD CONSTRAINT teams_lead_fkey FOREIGN KEY (lead_id) REFERENCES hr.people (id);
                    """);

            DomainModel domain = DomainCatalog.read(db, "domain");

            assertEquals(List.of("orders_last_invoice_fkey"), domain.deferred().stream().map(k -> k.name()).toList());
            List<TableName> order = domain.loadOrder();
            assertTrue(order.indexOf(publicTable("orders")) < order.indexOf(publicTable("invoices")), order.toString());

            assertEquals(1, domain.cycles().size());
            ForeignKeyCycle cycle = domain.cycles().get(0);
            assertEquals(List.of(new TableName("hr", "people"), new TableName("hr", "teams")), cycle.tables());
            assertTrue(cycle.describe().contains("hr.people, hr.teams"), cycle.describe());
            assertTrue(cycle.describe().contains("make one of these constraints DEFERRABLE"), cycle.describe());
            assertFalse(domain.loadable());
        }
    }

    @Test
    void comparesASourceModelWithTheTargetsTable() throws Exception {
        try (Connection target = TestDatabases.connect(TestDatabases.create("catalog_it_target"))) {
            TestDatabases.execute(target, """
                    CREATE TABLE cases (id uuid PRIMARY KEY, domain text NOT NULL, type text NOT NULL,
                        owner_id integer, location_id integer, closed boolean NOT NULL, note text,
                        created timestamptz NOT NULL DEFAULT now());
                    CREATE TABLE users (id serial PRIMARY KEY, domain text NOT NULL, username varchar(128) NOT NULL,
                        is_active boolean NOT NULL DEFAULT true, nickname text);
                    """);
            DomainModel domain = DomainCatalog.read(app, "domain");
            Map<TableName, Table> onTarget = DomainCatalog.readTables(target);

            List<ColumnDifference> cases = ColumnCompatibility.compare(
                    domain.model(publicTable("cases")).orElseThrow().table(), onTarget.get(publicTable("cases")));
            assertEquals(List.of(
                    new ColumnDifference.TypeDiffers("type", "character varying(255)", "text"),
                    new ColumnDifference.MissingOnTarget("opened_by", "uuid"),
                    new ColumnDifference.RequiredOnTargetOnly("closed", "boolean")), cases);

            assertTrue(ColumnCompatibility.compare(domain.model(publicTable("users")).orElseThrow().table(),
                    onTarget.get(publicTable("users"))).isEmpty(), "an extra nullable column is fine");
            assertTrue(DomainCatalog.readTable(target, publicTable("forms")).isEmpty());
        }
    }

    private static Map<String, Long> counts(Map<TableName, Long> counts) {
        Map<String, Long> byName = new LinkedHashMap<>();
        counts.forEach((name, rows) -> byName.put(name.toString(), rows));
        return byName;
    }

    private static long countAll(Connection connection, String table) throws SQLException {
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
