package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.addEnvironment;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;
import static relocate.coordinator.Coordinators.rows;
import static relocate.coordinator.Coordinators.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.catalog.DomainCatalog;
import relocate.catalog.TableName;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;
import relocate.sample.SampleDomain;

/**
 * Offline migrations end to end on the real stack: coordinator, dumper and loader in one JVM, Kafka,
 * the registry, and PostgreSQL source and target databases.
 */
class MigrationFlowIT {
    private static final Duration RUN = Duration.ofSeconds(240);
    private static EmbeddedServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Coordinators.createDatabase("mig_source");
        Coordinators.createDatabase("mig_target");
        try (Connection source = Coordinators.connect("mig_source");
             Connection target = Coordinators.connect("mig_target")) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            SampleDomain.seed(source, "acme", 0, 100_000);
            SampleDomain.seed(source, "globex", 1, 3_000);
            SampleDomain.seed(source, "umbrella", 2, 3_000);
            SampleDomain.seed(source, "hooli", 4, 2_000);
            SampleDomain.seed(source, "soylent", 5, 2_000);
            SampleDomain.seed(source, "initrode", 6, 2_000);
            SampleDomain.seed(source, "vandelay", 7, 500);
            SampleDomain.seed(source, "wonka", 8, 500);
            SampleDomain.seed(source, "cyberdyne", 9, 1_000);
            SampleDomain.seed(source, "tyrell", 10, 1_000);
            SampleDomain.seed(source, "stark", 11, 2_000);
            SampleDomain.seed(target, "initech", 3, 2_000);
        }
        server = Coordinators.start("mig_coordinator", "mig");
        base = "http://127.0.0.1:" + server.getPort();
        addEnvironment(base, "mig-src", "mig_source", "postgres", "");
        addEnvironment(base, "mig-tgt", "mig_target", "postgres", "");
    }

    @AfterAll
    static void stop() {
        Coordinators.stop(server);
    }

    @Test
    void aDomainMigratesWithEqualStatsAndLeavesOtherDomainsUntouched() throws Exception {
        Map<TableName, ModelStats> before = stats("mig_source", "acme");
        Map<TableName, ModelStats> globexBefore = stats("mig_source", "globex");
        Map<TableName, ModelStats> initechBefore = stats("mig_target", "initech");
        assertTrue(before.values().stream().mapToLong(ModelStats::rows).sum() >= 100_000);

        String id = create("acme", Map.of("run", "true", "chunk-rows", "10000"));
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals("COMMIT", m.get("step").asText());

        assertEquals(before, stats("mig_target", "acme"));
        assertEquals(globexBefore, stats("mig_source", "globex"));
        assertEquals(initechBefore, stats("mig_target", "initech"));
        assertEquals(0, stats("mig_target", "globex").values().stream().mapToLong(ModelStats::rows).sum());

        // committed: the source stays frozen for the domain, other domains write
        try (Connection source = Coordinators.connect("mig_source")) {
            SQLException refused = assertThrows(SQLException.class, () -> update(source, "acme"));
            assertEquals("RLF01", refused.getSQLState());
            assertTrue(refused.getMessage().contains(id), refused.getMessage());
            assertEquals(1, update(source, "globex"));
        }

        JsonNode status = awaitStatus("acme", id, s -> s.get("state").asText().equals("COMPLETED"));
        for (JsonNode model : status.get("models")) {
            assertEquals(model.get("chunkRows").size(), model.get("dumped").size(), model.toString());
            assertEquals(model.get("chunkRows").size(), model.get("loaded").size(), model.toString());
        }
        assertEquals(7, status.get("sourceStats").size());
        assertTrue(status.get("verify").get("mismatches").isEmpty());
        // every model was checked alongside LOAD, one task each, and the report holds them all
        assertEquals(7, status.get("verify").get("target").size(), status.get("verify").toString());
        JsonNode verify = null;
        for (JsonNode step : status.get("steps")) {
            verify = step.get("step").asText().equals("VERIFY") ? step : verify;
        }
        assertEquals("models", verify.get("unit").asText(), verify.toString());
        assertEquals(7, verify.get("done").asLong(), verify.toString());
        assertEquals("COMPLETED", verify.get("state").asText(), verify.toString());
        assertTrue(Files.exists(Coordinators.artifactsDir("mig").resolve(id).resolve("manifest.json")));

        // the loader's tasks went round the command topic's partitions one after the other: the workers got
        // equal shares, though they were sent in many transitions
        Map<Integer, Long> perPartition = new java.util.TreeMap<>();
        for (var r : Coordinators.readAll(relocate.schemas.topic.Topics.CMD_LOAD)) {
            if (r.key() != null && r.key().startsWith(id + "/")) {
                perPartition.merge(r.partition(), 1L, Long::sum);
            }
        }
        assertEquals(4, perPartition.size(), perPartition.toString());
        long most = perPartition.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long least = perPartition.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(most - least <= 1, "tasks per partition " + perPartition);

        // cleanup deletes the domain on the source and lifts the freeze
        call("POST", base + "/migrations/" + id + "/cleanup", null, 200);
        awaitMigration(base, id, m2 -> m2.get("step").asText().equals("CLEANUP")
                && !m2.get("stepState").asText().matches("PENDING|RUNNING"), RUN);
        assertEquals(0, stats("mig_source", "acme").values().stream().mapToLong(ModelStats::rows).sum());
        assertEquals(globexBefore.keySet(), stats("mig_source", "globex").keySet());
        try (Connection source = Coordinators.connect("mig_source")) {
            assertEquals(0, update(source, "acme")); // no rows left to update
            try (Statement s = source.createStatement()) {
                // an UPDATE of no rows fires no row trigger: only a new row shows the freeze is gone
                assertEquals(1, s.executeUpdate("INSERT INTO users (id, domain, username, created_at) "
                        + "VALUES (99999999, 'acme', 'back-again', now())"));
            }
        }
    }

    @Test
    void duringTheFreezeTheDomainRefusesWritesAndAbortAfterLoadLeavesNothingOnTheTarget() throws Exception {
        Map<TableName, ModelStats> before = stats("mig_source", "globex");
        String id = create("globex", Map.of("chunk-rows", "500"));
        awaitMigration(base, id, state("READY", "FAILED"), RUN);
        call("POST", base + "/migrations/" + id + "/run", Map.of("until", "STATS"), 200);
        JsonNode m = awaitMigration(base, id, state("READY", "FAILED"), RUN);
        assertEquals("STATS", m.get("step").asText(), m.toString());
        try (Connection source = Coordinators.connect("mig_source")) {
            SQLException refused = assertThrows(SQLException.class, () -> update(source, "globex"));
            assertEquals("RLF01", refused.getSQLState());
            assertEquals(1, update(source, "umbrella"));
        }
        call("POST", base + "/migrations/" + id + "/run", Map.of("until", "VERIFY"), 200);
        m = awaitMigration(base, id, state("READY", "FAILED"), RUN);
        assertEquals("VERIFY", m.get("step").asText(), m.toString());
        assertEquals(before, stats("mig_target", "globex"));

        call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "test abort"), 200);
        m = awaitMigration(base, id, state("ABORTED"), RUN);
        assertEquals("test abort", m.get("reason").asText());
        assertEquals(0, stats("mig_target", "globex").values().stream().mapToLong(ModelStats::rows).sum());
        try (Connection source = Coordinators.connect("mig_source")) {
            assertEquals(1, update(source, "globex"));
        }
        assertEquals(before.keySet(), stats("mig_source", "globex").keySet());
        // the domain can be migrated again
        String again = create("globex", Map.of());
        call("POST", base + "/migrations/" + again + "/abort", null, 200);
    }

    @Test
    void aCorruptedChunkIsDetectedByItsHashAndDumpedAgain() throws Exception {
        Map<TableName, ModelStats> before = stats("mig_source", "umbrella");
        String id = create("umbrella", Map.of("chunk-rows", "400"));
        awaitMigration(base, id, state("READY", "FAILED"), RUN);
        call("POST", base + "/migrations/" + id + "/run", Map.of("until", "DUMP"), 200);
        assertEquals("DUMP", awaitMigration(base, id, state("READY", "FAILED"), RUN).get("step").asText());
        Path chunk;
        try (Stream<Path> files = Files.walk(Coordinators.artifactsDir("mig").resolve(id))) {
            chunk = files.filter(p -> p.toString().contains("public.cases") && p.toString().endsWith(".copy"))
                    .findFirst().orElseThrow();
        }
        flipAByte(chunk);
        call("POST", base + "/migrations/" + id + "/run", null, 200);
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(before, stats("mig_target", "umbrella"));
    }

    @Test
    void aRehearsalVerifiesThenClearsTheTargetWithoutFreezing() throws Exception {
        String id = create("hooli", Map.of("rehearsal", "true", "run", "true", "chunk-rows", "300"));
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertTrue(m.get("reason").asText().startsWith("rehearsal"), m.toString());
        assertEquals(0, stats("mig_target", "hooli").values().stream().mapToLong(ModelStats::rows).sum());
        try (Connection source = Coordinators.connect("mig_source")) {
            assertEquals(1, update(source, "hooli"));
        }
    }

    @Test
    void aDomainLoadsUnderANewNameWithTheSourcesChecksums() throws Exception {
        Map<TableName, ModelStats> before = stats("mig_source", "soylent");
        String id = create("soylent", Map.of("run", "true", "new-name", "soylent-green", "chunk-rows", "700"));
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(0, rows("mig_target", "soylent"));
        try (Connection c = Coordinators.connect("mig_target")) {
            // counted under the new name, checksummed with the old one: the rows arrived intact
            assertEquals(before, DomainStats.of(c, DomainCatalog.read(c, "domain"), "soylent-green", "soylent"));
        }
    }

    @Test
    void excludedModelsStayBehindAndTheRestMoves() throws Exception {
        Map<TableName, ModelStats> before = new HashMap<>(stats("mig_source", "initrode"));
        String id = create("initrode", Map.of("run", "true", "exclude", "ledger_values"));
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        Map<TableName, ModelStats> after = new HashMap<>(stats("mig_target", "initrode"));
        TableName ledger = new TableName("public", "ledger_values");
        assertEquals(0, after.get(ledger).rows());
        assertTrue(before.get(ledger).rows() > 0);
        before.remove(ledger);
        after.remove(ledger);
        assertEquals(before, after);
    }

    @Test
    void cleanupDeletesOnlyWhatWasLoadedAndNothingWhenThatWouldStrandARowThatDidNotMove() throws Exception {
        Map<TableName, ModelStats> before = stats("mig_source", "stark");
        TableName ledger = new TableName("public", "ledger_values");
        assertTrue(before.get(ledger).rows() > 0);
        String id = create("stark", Map.of("run", "true",
                "object-filter", "^public\\.(users|location_types|locations|forms|cases|case_indices)$"));
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(0, stats("mig_target", "stark").get(ledger).rows(), "the object filter left the ledger behind");

        // the ledger exists only on the source, and references the cases that moved: the cleanup deletes nothing
        call("POST", base + "/migrations/" + id + "/cleanup", null, 200);
        m = awaitMigration(base, id, c -> c.get("step").asText().equals("CLEANUP")
                && !c.get("stepState").asText().matches("PENDING|RUNNING"), RUN);
        assertEquals("FAILED", m.get("stepState").asText(), m.toString());
        assertTrue(m.get("reason").asText().contains("ledger_values"), m.get("reason").asText());
        assertEquals(before, stats("mig_source", "stark"));
    }

    @Test
    void excludingAParentWhoseChildrenMoveFailsStatsWithTheReasonAndAbortLiftsTheFreeze() throws Exception {
        String bad = create("vandelay", Map.of("run", "true", "exclude", "cases"));
        JsonNode failed = awaitMigration(base, bad, state("COMPLETED", "FAILED"), RUN);
        assertEquals("FAILED", failed.get("state").asText(), failed.toString());
        assertEquals("STATS", failed.get("step").asText());
        assertTrue(failed.get("reason").asText().contains("public.cases"), failed.toString());
        call("POST", base + "/migrations/" + bad + "/abort", null, 200);
        assertEquals("ABORTED", awaitMigration(base, bad, state("ABORTED"), RUN).get("state").asText());
        try (Connection source = Coordinators.connect("mig_source")) {
            assertEquals(1, update(source, "vandelay"));
        }
    }

    @Test
    void inWebhookModeTheApplicationIsAskedToFreezeAndUnfreezeAndItsTokenStaysSecret() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/maintenance", exchange -> {
            calls.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        app.start();
        try {
            String url = "http://127.0.0.1:" + app.getAddress().getPort() + "/maintenance?token=s3cret-token";
            String id = create("wonka", Map.of("run", "true", "freeze-webhook", url));
            JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
            assertEquals("COMPLETED", m.get("state").asText(), m.toString());
            assertEquals(1, calls.size(), calls.toString());
            assertTrue(calls.get(0).contains("\"freeze\"") && calls.get(0).contains("wonka"), calls.toString());
            try (Connection source = Coordinators.connect("mig_source")) {
                assertEquals(1, update(source, "wonka")); // the application, not a trigger, holds the freeze
            }
            call("POST", base + "/migrations/" + id + "/cleanup", null, 200);
            awaitMigration(base, id, x -> x.get("step").asText().equals("CLEANUP")
                    && x.get("stepState").asText().equals("COMPLETED"), RUN);
            assertEquals(2, calls.size(), calls.toString());
            assertTrue(calls.get(1).contains("\"unfreeze\""), calls.toString());
            String shown = call("GET", base + "/migrations/" + id, null, 200).toString()
                    + call("GET", base + "/domains/wonka/status", null, 200);
            assertFalse(shown.contains("s3cret"), shown);
        } finally {
            app.stop(0);
        }
    }

    @Test
    void aTargetThatDiffersFailsVerifyNamingTheChunkAndARetryReloadsJustThatChunk() throws Exception {
        Map<TableName, ModelStats> before = stats("mig_source", "cyberdyne");
        String id = create("cyberdyne", Map.of("chunk-rows", "200"));
        awaitMigration(base, id, state("READY", "FAILED"), RUN);
        call("POST", base + "/migrations/" + id + "/run", Map.of("until", "LOAD"), 200);
        assertEquals("LOAD", awaitMigration(base, id, state("READY", "FAILED"), RUN).get("step").asText());
        try (Connection target = Coordinators.connect("mig_target"); Statement s = target.createStatement()) {
            assertEquals(1, s.executeUpdate("UPDATE forms SET xmlns = 'tampered' WHERE id = (SELECT max(id) FROM forms "
                    + "WHERE domain = 'cyberdyne')"));
        }
        call("POST", base + "/migrations/" + id + "/run", null, 200);
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("FAILED", m.get("state").asText(), m.toString());
        assertEquals("VERIFY", m.get("step").asText());
        String reason = m.get("reason").asText();
        assertTrue(reason.contains("public.forms") && reason.contains("chunk"), reason);
        JsonNode status = awaitStatus("cyberdyne", id, s -> s.get("state").asText().equals("FAILED"));
        JsonNode mismatch = status.get("verify").get("mismatches").get(0);
        assertEquals("public.forms", mismatch.get("model").asText());
        assertEquals(1, mismatch.get("chunks").size(), mismatch.toString());

        call("POST", base + "/migrations/" + id + "/retry", null, 200);
        m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertEquals(before, stats("mig_target", "cyberdyne"));
    }

    @Test
    void theObjectFilterLoadsOnlyTheModelsItFinds() throws Exception {
        Map<TableName, ModelStats> before = stats("mig_source", "tyrell");
        String id = create("tyrell", Map.of("run", "true", "object-filter", "(users|location_types)$"));
        JsonNode m = awaitMigration(base, id, state("COMPLETED", "FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        Map<TableName, ModelStats> after = stats("mig_target", "tyrell");
        for (TableName model : before.keySet()) {
            boolean loaded = model.name().equals("users") || model.name().equals("location_types");
            assertEquals(loaded ? before.get(model) : ModelStats.empty(model), after.get(model), model.toString());
        }
    }

    @Test
    void anInvalidObjectFilterIsRefusedBeforeAnythingIsCreated() {
        JsonNode refused = call("POST", base + "/migrations", Map.of("domain", "nobody", "from", "mig-src", "to",
                "mig-tgt", "options", Map.of("object-filter", "case[s")), 400);
        assertTrue(refused.get("message").asText().contains("case[s"), refused.toString());
        assertTrue(refused.get("message").asText().contains("regular expression"), refused.toString());
        assertEquals(0, call("GET", base + "/migrations?domain=nobody", null, 200).size());
    }

    private static String create(String domain, Map<String, String> options) {
        Map<String, Object> body = new HashMap<>(Map.of("domain", domain, "from", "mig-src", "to", "mig-tgt"));
        body.put("options", options);
        return call("POST", base + "/migrations", body, 201).get("id").asText();
    }

    private static Predicate<JsonNode> state(String... states) {
        return m -> java.util.Arrays.asList(states).contains(m.get("state").asText());
    }

    /** Touches one users row of the domain; returns the rows updated. */
    private static int update(Connection c, String domain) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("UPDATE users SET username = username WHERE id = (SELECT min(id) FROM users "
                    + "WHERE domain = '" + domain + "')");
        }
    }

    private static void flipAByte(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }

    private static JsonNode awaitStatus(String domain, String migrationId, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + RUN.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode s = call("GET", base + "/domains/" + domain + "/status", null, 200);
                last = s.toString();
                if (s.get("migrationId").asText().equals(migrationId) && done.test(s)) {
                    return s;
                }
            } catch (AssertionError notYet) {
                last = notYet.getMessage();
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("status of " + domain + " did not get there; last: " + last);
    }
}
