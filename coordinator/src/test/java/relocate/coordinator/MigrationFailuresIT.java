package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.addEnvironment;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;
import static relocate.coordinator.Coordinators.rows;
import static relocate.coordinator.Coordinators.stats;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.sample.SampleDomain;

/**
 * Failures in the middle of a migration give a clear reason and leave it resumable or abortable: a
 * target table changed after preflight, and an artifact store whose disk fills up.
 */
class MigrationFailuresIT {
    private static final Duration RUN = Duration.ofSeconds(240);
    private static Path smallDisk;
    private static String notMounted;
    private static EmbeddedServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        smallDisk = Files.createTempDirectory("relocate-small-disk");
        notMounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", smallDisk.toString());
        for (String db : new String[] {"fail_src", "fail_tgt"}) {
            Coordinators.createDatabase(db);
        }
        try (Connection source = Coordinators.connect("fail_src"); Connection target = Coordinators.connect("fail_tgt")) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            SampleDomain.seed(source, "acme", 0, 4_000);
            SampleDomain.seed(source, "bigco", 1, 30_000);
        }
        Coordinators.createDatabase("fail_coordinator");
        Map<String, Object> props = Coordinators.properties("fail_coordinator", "fail");
        props.put("relocate.artifacts.dir", smallDisk.resolve("artifacts").toString());
        server = ApplicationContext.run(EmbeddedServer.class, props);
        base = "http://127.0.0.1:" + server.getPort();
        addEnvironment(base, "fail-src", "fail_src", "postgres", "");
        addEnvironment(base, "fail-tgt", "fail_tgt", "postgres", "");
    }

    @AfterAll
    static void stop() throws Exception {
        Coordinators.stop(server);
        if (notMounted == null && run("umount", smallDisk.toString()) != null) {
            run("umount", "-l", smallDisk.toString());
        }
    }

    @Test
    void aTargetTableChangedAfterPreflightFailsTheLoadClearlyAndTheMigrationAborts() throws Exception {
        String id = create("acme", Map.of("chunk-rows", "1000"));
        assertEquals("READY", awaitMigration(base, id, settled(), RUN).get("state").asText());
        execute("fail_tgt", "ALTER TABLE forms RENAME COLUMN xmlns TO xmlns_renamed");
        try {
            call("POST", base + "/migrations/" + id + "/run", null, 200);
            JsonNode m = awaitMigration(base, id, settled(), RUN);
            assertEquals("FAILED", m.get("state").asText(), m.toString());
            assertEquals("LOAD", m.get("step").asText());
            String reason = m.get("reason").asText();
            assertTrue(reason.contains("public.forms") && reason.contains("xmlns"), reason);
            assertTrue(reason.contains("abort"), reason);

            call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "target changed"), 200);
            m = awaitMigration(base, id, x -> x.get("state").asText().equals("ABORTED"), RUN);
            assertEquals("ABORTED", m.get("state").asText());
            assertEquals(0, rows("fail_tgt", "acme"));
            execute("fail_src", "UPDATE users SET username = username WHERE domain = 'acme'"); // writable again
        } finally {
            execute("fail_tgt", "ALTER TABLE forms RENAME COLUMN xmlns_renamed TO xmlns");
        }
    }

    @Test
    void aFullArtifactDiskFailsTheDumpClearlyAndARetryAfterMakingRoomCompletes() throws Exception {
        Assumptions.assumeTrue(notMounted == null, () -> "cannot mount a small tmpfs: " + notMounted);
        String id = create("bigco", Map.of("run", "true", "chunk-rows", "5000"));
        JsonNode m = awaitMigration(base, id, settled(), RUN);
        assertEquals("FAILED", m.get("state").asText(), m.toString());
        assertEquals("DUMP", m.get("step").asText());
        assertTrue(m.get("reason").asText().contains("disk is full"), m.get("reason").asText());

        assertEquals(null, run("mount", "-o", "remount,size=256m", smallDisk.toString()));
        call("POST", base + "/migrations/" + id + "/retry", null, 200);
        m = awaitMigration(base, id, settled(), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(stats("fail_src", "bigco"), stats("fail_tgt", "bigco"));
        assertFalse(Files.exists(smallDisk.resolve("artifacts").resolve(id).resolve("public.cases").resolve(
                "00000.copy.partial")));
    }

    private static String create(String domain, Map<String, String> options) {
        Map<String, Object> body = new HashMap<>(Map.of("domain", domain, "from", "fail-src", "to", "fail-tgt"));
        body.put("options", options);
        return call("POST", base + "/migrations", body, 201).get("id").asText();
    }

    private static Predicate<JsonNode> settled() {
        return m -> !m.get("state").asText().matches("RUNNING|ABORTING");
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection c = Coordinators.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? null : out.trim();
    }
}
