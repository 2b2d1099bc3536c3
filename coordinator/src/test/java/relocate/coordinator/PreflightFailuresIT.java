package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.addEnvironment;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import relocate.sample.SampleDomain;

/**
 * Each bad input ends PREFLIGHT as FAILED with a message a person understands, and writes nothing to
 * the source or the target.
 */
class PreflightFailuresIT {
    private static EmbeddedServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        for (String db : new String[]{"bad_source", "bad_empty", "bad_missing", "bad_incompatible", "bad_present",
                "cycle_source", "cycle_target"}) {
            Coordinators.createDatabase(db);
        }
        try (Connection c = Coordinators.connect("bad_source")) {
            SampleDomain.createSchema(c);
            SampleDomain.seed(c, "acme", 0, 400);
        }
        try (Connection c = Coordinators.connect("bad_empty")) {
            SampleDomain.createSchema(c);
        }
        try (Connection c = Coordinators.connect("bad_missing"); Statement s = c.createStatement()) {
            SampleDomain.createSchema(c);
            s.execute("DROP TABLE ledger_values");
        }
        try (Connection c = Coordinators.connect("bad_incompatible"); Statement s = c.createStatement()) {
            SampleDomain.createSchema(c);
            s.execute("ALTER TABLE cases ALTER COLUMN properties TYPE text");
        }
        try (Connection c = Coordinators.connect("bad_present")) {
            SampleDomain.createSchema(c);
            SampleDomain.seed(c, "acme", 0, 100);
        }
        String cycle = """
                CREATE TABLE IF NOT EXISTS projects (id bigint PRIMARY KEY, domain text NOT NULL, lead_task_id bigint NOT NULL);
                CREATE TABLE IF NOT EXISTS tasks (id bigint PRIMARY KEY, domain text NOT NULL,
                    project_id bigint NOT NULL REFERENCES projects (id));
                DO $$ BEGIN
                  ALTER TABLE projects ADD CONSTRAINT projects_lead FOREIGN KEY (lead_task_id) REFERENCES tasks (id);
                EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                """;
        try (Connection c = Coordinators.connect("cycle_source"); Statement s = c.createStatement()) {
            s.execute(cycle);
            s.execute("BEGIN; SET CONSTRAINTS ALL DEFERRED; "
                    + "ALTER TABLE projects DROP CONSTRAINT projects_lead; "
                    + "INSERT INTO projects VALUES (1, 'acme', 1) ON CONFLICT DO NOTHING; "
                    + "INSERT INTO tasks VALUES (1, 'acme', 1) ON CONFLICT DO NOTHING; "
                    + "ALTER TABLE projects ADD CONSTRAINT projects_lead FOREIGN KEY (lead_task_id) REFERENCES tasks (id); "
                    + "COMMIT;");
        }
        try (Connection c = Coordinators.connect("cycle_target"); Statement s = c.createStatement()) {
            s.execute(cycle);
        }
        try (Connection c = Coordinators.connect("bad_source"); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN CREATE ROLE relocate_app LOGIN PASSWORD 'right-password'; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        }
        server = Coordinators.start("bad_coordinator", "bad");
        base = "http://127.0.0.1:" + server.getPort();
        addEnvironment(base, "bad-src", "bad_source", "postgres", "");
        addEnvironment(base, "empty", "bad_empty", "postgres", "");
        addEnvironment(base, "missing", "bad_missing", "postgres", "");
        addEnvironment(base, "incompatible", "bad_incompatible", "postgres", "");
        addEnvironment(base, "present", "bad_present", "postgres", "");
        addEnvironment(base, "cycle-src", "cycle_source", "postgres", "");
        addEnvironment(base, "cycle-tgt", "cycle_target", "postgres", "");
        addEnvironment(base, "wrong-password", "bad_source", "relocate_app", "wrong-password-value");
        call("PUT", base + "/environments/unreachable", Map.of("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/nothing",
                "user", "postgres", "password", ""), 200);
    }

    @AfterAll
    static void stop() {
        Coordinators.stop(server);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("unknown environment", "acme", "bad-src", "nowhere", "unknown environment 'nowhere'"),
                Arguments.of("unreachable database", "acme", "unreachable", "empty", "127.0.0.1:1"),
                Arguments.of("wrong password", "acme", "wrong-password", "empty", "password"),
                Arguments.of("unknown domain", "no-such-domain", "bad-src", "empty", "no-such-domain"),
                Arguments.of("model missing on target", "acme", "bad-src", "missing", "ledger_values"),
                Arguments.of("incompatible columns", "acme", "bad-src", "incompatible", "properties"),
                Arguments.of("domain already on target", "acme", "bad-src", "present", "already"),
                Arguments.of("foreign-key cycle", "acme", "cycle-src", "cycle-tgt", "DEFERRABLE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputFailsPreflightWithAMessageAndWritesNothing(String name, String domain, String from, String to,
                                                            String expectedInMessage) throws SQLException {
        Map<String, Long> before = fingerprint();
        String id = call("POST", base + "/migrations", Map.of("domain", domain, "from", from, "to", to), 201)
                .get("id").asText();
        JsonNode m = awaitMigration(base, id, Coordinators::ended, Duration.ofSeconds(60));
        try {
            assertEquals("FAILED", m.get("state").asText(), m.toString());
            assertEquals("PREFLIGHT", m.get("step").asText());
            String reason = m.get("reason").asText();
            assertTrue(reason.contains(expectedInMessage), name + ": " + reason);
            assertFalse(reason.contains("wrong-password-value"), "a password leaked: " + reason);
            assertFalse(reason.contains("Exception"), "not a message for people: " + reason);
            assertEquals(before, fingerprint(), "preflight wrote something");
        } finally {
            call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "test done"), 200);
        }
    }

    /** Every table's row count in every database of this test. */
    private static Map<String, Long> fingerprint() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String db : new String[]{"bad_source", "bad_empty", "bad_missing", "bad_incompatible", "bad_present",
                "cycle_source", "cycle_target"}) {
            try (Connection c = Coordinators.connect(db); Statement s = c.createStatement();
                 ResultSet tables = s.executeQuery("SELECT relname FROM pg_stat_user_tables ORDER BY relname")) {
                java.util.List<String> names = new java.util.ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString(1));
                }
                for (String t : names) {
                    try (Statement q = c.createStatement(); ResultSet r = q.executeQuery("SELECT count(*) FROM " + t)) {
                        r.next();
                        counts.put(db + "." + t, r.getLong(1));
                    }
                }
            }
        }
        return counts;
    }
}
