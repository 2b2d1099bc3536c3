package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import relocate.catalog.DomainCatalog;
import relocate.catalog.TableName;
import relocate.catalog.TenantSchemas;
import relocate.catalog.TenantSchemas.KeyType;
import relocate.catalog.TestDatabases;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;

/**
 * Whole migrations of a schema that is not the sample's: the SaaS fixture ({@code companies} as the tenant root,
 * composite keys, a self-referencing tree whose children come before their parents in key order, tables without
 * a primary key), with bigint, uuid and text tenant keys, into targets that already serve two other companies.
 */
class TenantSchemasMigrationIT {
    private static final Duration RUN = Duration.ofSeconds(240);
    private static EmbeddedServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = Coordinators.start("schemas_coordinator", "schemas");
        base = "http://127.0.0.1:" + server.getPort();
    }

    @AfterAll
    static void stop() {
        Coordinators.stop(server);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"BIGINT", "UUID", "TEXT"})
    void aCompanyMovesWithItsRootRowAndUnderANewKeyWhileOtherCompaniesAreUntouched(KeyType type) throws Exception {
        String name = type.name().toLowerCase();
        String source = database("schemas_src_" + name, type, 0, 1, 2);
        String target = database("schemas_tgt_" + name, type, 3, 4);
        String renamedTarget = database("schemas_ren_" + name, type, 3, 4);
        environment("src-" + name, source);
        environment("tgt-" + name, target);
        environment("ren-" + name, renamedTarget);
        String company = type.tenant(1);
        Map<TableName, ModelStats> before = stats(source, company, company);
        Map<String, Map<TableName, ModelStats>> untouched = untouched(type, source, target, renamedTarget);

        // relocate stats: the counts in the key's own type, and how the other tables are classified
        JsonNode counted = call("GET", base + "/environments/src-" + name + "/stats?domain="
                + java.net.URLEncoder.encode(company, java.nio.charset.StandardCharsets.UTF_8), null, 200);
        assertEquals(before.values().stream().mapToLong(ModelStats::rows).sum(), counted.get("totalRows").asLong());
        assertEquals("public.countries", counted.get("otherTables").get(0).get("name").asText(), counted.toString());
        assertEquals("global", counted.get("otherTables").get(0).get("role").asText());
        if (type != KeyType.TEXT) {
            JsonNode refused = call("GET", base + "/environments/src-" + name + "/stats?domain=abc", null, 400);
            assertTrue(refused.toString().contains("'abc' is not a value of type " + type.sql()), refused.toString());
        }

        String id = create(company, "src-" + name, "tgt-" + name, Map.of("run", "true", "chunk-rows", "20"));
        JsonNode m = awaitMigration(base, id, TenantSchemasMigrationIT::finished, RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(before, stats(target, company, company));
        assertEquals(1L, before.get(new TableName("public", "companies")).rows(), "the root row moved");
        assertTrue(before.get(new TableName("public", "locations")).rows() >= 200, "ten chunks of the tree");

        // frozen on the source: the company's writes are refused, every other company writes
        try (Connection c = Coordinators.connect(source)) {
            SQLException refused = assertThrows(SQLException.class, () -> touchEvents(c, type, company));
            assertEquals("RLF01", refused.getSQLState());
            assertEquals(1, touchEvents(c, type, type.tenant(0)));
            assertEquals(1, touchEvents(c, type, type.tenant(2)));
        }

        // cleanup deletes the company on the source, its root row included, and lifts its freeze
        call("POST", base + "/migrations/" + id + "/cleanup", null, 200);
        awaitMigration(base, id, c -> c.get("step").asText().equals("CLEANUP")
                && !c.get("stepState").asText().matches("PENDING|RUNNING"), RUN);
        assertEquals(0, stats(source, company, company).values().stream().mapToLong(ModelStats::rows).sum());
        assertEquals(before, stats(target, company, company), "the target keeps it");

        String renamed = type.unusedTenant();
        String other = type.tenant(2);
        String renamedId = create(other, "src-" + name, "ren-" + name, Map.of("run", "true", "chunk-rows", "20",
                "new-name", renamed));
        m = awaitMigration(base, renamedId, TenantSchemasMigrationIT::finished, RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(stats(source, other, other), stats(renamedTarget, renamed, other));
        try (Connection c = Coordinators.connect(renamedTarget)) {
            assertEquals(1, TestDatabases.queryLong(c, "SELECT count(*) FROM companies WHERE id = CAST(? AS " + type.sql() + ")", renamed));
            assertEquals(0, TestDatabases.queryLong(c, "SELECT count(*) FROM click_notes WHERE click_company = CAST(? AS " + type.sql()
                    + ")", other), "every copy of the key carries the new one");
        }
        assertEquals(untouched, untouched(type, source, target, renamedTarget));
    }

    @org.junit.jupiter.api.Test
    void unclassifiedTenantDataAndMissingGlobalRowsStopPreflightUntilDeclaredAndAdded() throws Exception {
        KeyType type = KeyType.BIGINT;
        String source = database("guard_src", type, 0, 1);
        String target = database("guard_tgt", type, 3);
        String company = type.tenant(1);
        for (String database : List.of(source, target)) {
            try (Connection c = Coordinators.connect(database)) {
                // the domain's notes, kept by a column the catalog cannot tie to the domain
                TestDatabases.execute(c, "CREATE TABLE legacy_notes (owner_company_id bigint, note text)");
            }
        }
        try (Connection c = Coordinators.connect(source)) {
            TestDatabases.execute(c, "INSERT INTO legacy_notes VALUES (" + company + ", 'kept by hand'); "
                    + "UPDATE companies SET country_code = 'FR' WHERE id = " + company);
        }
        try (Connection c = Coordinators.connect(target)) {
            TestDatabases.execute(c, "DELETE FROM countries WHERE code = 'FR'");
        }
        environment("guard-src", source);
        environment("guard-tgt", target);
        Map<TableName, ModelStats> before = stats(source, company, company);

        String refused = create(company, "guard-src", "guard-tgt", Map.of("run", "true"));
        JsonNode m = awaitMigration(base, refused, TenantSchemasMigrationIT::finished, RUN);
        assertEquals("FAILED", m.get("state").asText(), m.toString());
        assertEquals("PREFLIGHT", m.get("step").asText(), m.toString());
        Map<String, String> problems = new HashMap<>();
        m.get("preflight").get("problems").forEach(p -> problems.put(p.get("code").asText(), p.get("message").asText()));
        assertEquals(java.util.Set.of("UNCLASSIFIED_TABLE", "GLOBAL_ROWS_MISSING"), problems.keySet(), m.toString());
        assertTrue(problems.get("UNCLASSIFIED_TABLE").contains("table public.legacy_notes")
                && problems.get("UNCLASSIFIED_TABLE").contains("--ignore public.legacy_notes"), problems.toString());
        assertTrue(problems.get("GLOBAL_ROWS_MISSING").contains("public.countries")
                && problems.get("GLOBAL_ROWS_MISSING").contains("[\"FR\"]"), problems.toString());
        try (Connection c = Coordinators.connect(source)) {
            assertEquals(1, touchEvents(c, type, company), "nothing was frozen");
        }
        call("POST", base + "/migrations/" + refused + "/abort", null, 200);
        awaitMigration(base, refused, TenantSchemasMigrationIT::finished, RUN);

        // declared on the environment, and the global row added: the migration goes on
        call("PUT", base + "/environments/guard-src", Map.of("jdbcUrl", Coordinators.stack().jdbcUrl(source),
                "user", "postgres", "password", "", "tenantColumn", TenantSchemas.TENANT_COLUMN,
                "ignored", List.of("public.legacy_notes")), 200);
        try (Connection c = Coordinators.connect(target)) {
            TestDatabases.execute(c, "INSERT INTO countries VALUES ('FR', 'France')");
        }
        String id = create(company, "guard-src", "guard-tgt", Map.of("run", "true"));
        m = awaitMigration(base, id, TenantSchemasMigrationIT::finished, RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(before, stats(target, company, company));
        boolean ignoredShown = false;
        for (JsonNode table : m.get("preflight").get("tables")) {
            ignoredShown |= table.get("name").asText().equals("public.legacy_notes")
                    && table.get("role").asText().equals("ignored");
        }
        assertTrue(ignoredShown, m.get("preflight").toString());
    }

    /** The stats of every company that no migration of the test moves, on each database. */
    private static Map<String, Map<TableName, ModelStats>> untouched(KeyType type, String source, String target,
                                                                     String renamedTarget) throws SQLException {
        Map<String, Map<TableName, ModelStats>> stats = new HashMap<>();
        stats.put("source " + type.tenant(0), stats(source, type.tenant(0), type.tenant(0)));
        for (String database : List.of(target, renamedTarget)) {
            for (int slot : List.of(3, 4)) {
                stats.put(database + " " + slot, stats(database, type.tenant(slot), type.tenant(slot)));
            }
        }
        return stats;
    }

    private static String database(String name, KeyType type, int... slots) throws SQLException {
        Coordinators.createDatabase(name);
        try (Connection c = Coordinators.connect(name)) {
            TenantSchemas.create(c, type);
            for (int slot : slots) {
                TenantSchemas.seed(c, type, type.tenant(slot), slot, slot == 1 ? 2_000 : 300);
            }
        }
        return name;
    }

    private static void environment(String name, String database) {
        call("PUT", base + "/environments/" + name, Map.of("jdbcUrl", Coordinators.stack().jdbcUrl(database),
                "user", "postgres", "password", "", "tenantColumn", TenantSchemas.TENANT_COLUMN), 200);
    }

    private static boolean finished(JsonNode m) {
        return List.of("COMPLETED", "FAILED", "ABORTED").contains(m.get("state").asText());
    }

    private static String create(String domain, String from, String to, Map<String, String> options) {
        Map<String, Object> body = new HashMap<>(Map.of("domain", domain, "from", from, "to", to));
        body.put("options", options);
        return call("POST", base + "/migrations", body, 201).get("id").asText();
    }

    private static Map<TableName, ModelStats> stats(String database, String domain, String canonical)
            throws SQLException {
        try (Connection c = Coordinators.connect(database)) {
            return DomainStats.of(c, DomainCatalog.read(c, TenantSchemas.TENANT_COLUMN), domain, canonical);
        }
    }

    private static int touchEvents(Connection c, KeyType type, String company) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE events SET kind = kind WHERE ctid = (SELECT ctid "
                + "FROM events WHERE company_id = CAST(? AS " + type.sql() + ") LIMIT 1)")) {
            update.setString(1, company);
            return update.executeUpdate();
        }
    }
}
