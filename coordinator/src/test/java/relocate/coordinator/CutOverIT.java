package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.dns.TestDns;
import relocate.sample.SampleDomain;
import relocate.stack.DnsServerEndpoint;

/**
 * The DNS cut-over as a step of a migration, against the stack's BIND: the record switches only after VERIFY,
 * confirmed on the server, and rolls back; a record changed by someone else fails the cut-over untouched; a
 * wrong TSIG key fails preflight.
 */
class CutOverIT {
    private static final Duration RUN = Duration.ofSeconds(180);
    private static final String ELSEWHERE = "elsewhere.relocate.test.";
    private static EmbeddedServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Coordinators.createDatabase("cut_source");
        Coordinators.createDatabase("cut_target");
        try (Connection source = Coordinators.connect("cut_source");
             Connection target = Coordinators.connect("cut_target")) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            int seed = 0;
            for (String domain : new String[] {"cuta", "cutb", "cutc", "cutd"}) {
                SampleDomain.seed(source, domain, seed++, 1_000);
            }
        }
        server = Coordinators.start("cut_coordinator", "cut");
        base = "http://127.0.0.1:" + server.getPort();
        DnsServerEndpoint dns = TestDns.server();
        addEnvironment("cut-src", "cut_source", TestDns.ENV_A, dns.keySecret());
        addEnvironment("cut-tgt", "cut_target", TestDns.ENV_B, dns.keySecret());
    }

    @AfterAll
    static void stop() {
        Coordinators.stop(server);
    }

    private static void addEnvironment(String name, String database, String address, String keySecret) {
        DnsServerEndpoint dns = TestDns.server();
        Map<String, Object> record = new HashMap<>();
        record.put("server", dns.host());
        record.put("port", dns.port());
        record.put("zone", dns.zone());
        record.put("record", "{domain}.apps." + dns.zone());
        record.put("address", address);
        record.put("keyName", dns.keyName());
        record.put("keySecret", keySecret);
        record.put("ttl", 2);
        call("PUT", base + "/environments/" + name, Map.of("jdbcUrl", Coordinators.stack().jdbcUrl(database),
                "user", "postgres", "password", "", "dns", record), 200);
    }

    private static String record(String domain) {
        return domain + ".apps." + TestDns.server().zone();
    }

    private static String create(String domain, String from, boolean run) {
        Map<String, Object> body = new HashMap<>(Map.of("domain", domain, "from", from, "to", "cut-tgt"));
        body.put("options", run ? Map.of("run", "true") : Map.of());
        return call("POST", base + "/migrations", body, 201).get("id").asText();
    }

    private static JsonNode step(JsonNode status, String step) {
        for (JsonNode s : status.get("steps")) {
            if (s.get("step").asText().equals(step)) {
                return s;
            }
        }
        throw new AssertionError("no step " + step + " in " + status);
    }

    @Test
    void theRecordSwitchesAfterVerifyConfirmedOnTheServerAndRollsBack() {
        TestDns.setBehindTheBack(record("cuta"), TestDns.ENV_A, 2);
        String id = create("cuta", "cut-src", true);
        JsonNode m = awaitMigration(base, id, x -> x.get("state").asText().matches("COMPLETED|FAILED"), RUN);
        assertEquals("COMPLETED", m.get("state").asText(), m.toString());
        assertTrue(m.get("cutOver").asBoolean());
        assertEquals(TestDns.ENV_B, TestDns.answer(record("cuta")).value());

        JsonNode status = Coordinators.awaitStatus(base, "cuta", id, s -> s.path("dns").path("value").asText().equals(TestDns.ENV_B));
        Instant verified = Instant.parse(step(status, "VERIFY").get("endedAt").asText());
        Instant switched = Instant.parse(step(status, "DNS_CUTOVER").get("startedAt").asText());
        assertFalse(switched.isBefore(verified), "the cut-over started at " + switched + ", VERIFY ended at " + verified);

        JsonNode refused = call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "x"), 409);
        assertTrue(refused.toString().contains("dns rollback"), refused.toString());

        call("POST", base + "/migrations/" + id + "/dns/rollback", null, 200);
        m = awaitMigration(base, id, x -> x.path("alongside").path("DNS_ROLLBACK").path("inFlight").asInt(1) == 0, RUN);
        assertEquals(0, m.get("alongside").get("DNS_ROLLBACK").get("failed").asInt(), m.toString());
        assertFalse(m.get("cutOver").asBoolean());
        assertEquals(TestDns.ENV_A, TestDns.answer(record("cuta")).value());
    }

    @Test
    void aRecordChangedBySomeoneElseFailsTheCutOverAndIsLeftAsTheyMadeIt() {
        TestDns.setBehindTheBack(record("cutb"), TestDns.ENV_A, 2);
        String id = create("cutb", "cut-src", false);
        awaitMigration(base, id, Coordinators::ended, RUN);
        call("POST", base + "/migrations/" + id + "/run", Map.of("until", "VERIFY"), 200);
        JsonNode m = awaitMigration(base, id, Coordinators::ended, RUN);
        assertEquals("READY", m.get("state").asText(), m.toString());
        assertEquals("VERIFY", m.get("step").asText());

        TestDns.setBehindTheBack(record("cutb"), ELSEWHERE, 2);
        call("POST", base + "/migrations/" + id + "/run", Map.of(), 200);
        m = awaitMigration(base, id, Coordinators::ended, RUN);
        assertEquals("FAILED", m.get("state").asText(), m.toString());
        assertEquals("DNS_CUTOVER", m.get("step").asText());
        assertTrue(m.get("reason").asText().contains("someone else changed it"), m.get("reason").asText());
        assertEquals(ELSEWHERE, TestDns.answer(record("cutb")).value());

        // nothing was switched: the migration can still be aborted, and is undone
        call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "record taken"), 200);
        m = awaitMigration(base, id, x -> x.get("state").asText().matches("ABORTED|FAILED"), RUN);
        assertEquals("ABORTED", m.get("state").asText(), m.toString());
        assertEquals(ELSEWHERE, TestDns.answer(record("cutb")).value());
    }

    @Test
    void aWrongTsigKeyFailsPreflightWithoutShowingTheKey() {
        TestDns.setBehindTheBack(record("cutc"), TestDns.ENV_A, 2);
        String wrong = java.util.Base64.getEncoder().encodeToString("not the stack's key, 32 bytes!!".getBytes());
        addEnvironment("cut-src-badkey", "cut_source", TestDns.ENV_A, wrong);
        String id = create("cutc", "cut-src-badkey", false);
        JsonNode m = awaitMigration(base, id, Coordinators::ended, RUN);
        assertEquals("FAILED", m.get("state").asText(), m.toString());
        assertEquals("PREFLIGHT", m.get("step").asText());
        String reason = m.get("reason").asText();
        assertTrue(reason.contains(TestDns.server().keyName()), reason);
        assertFalse(m.toString().contains(wrong), "the key's secret leaked: " + m);
        call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "bad key"), 200);
    }

    @Test
    void prepareLowersTheTtlAndSaysWhenTheOldOneRunsOut() {
        TestDns.setBehindTheBack(record("cutd"), TestDns.ENV_A, 300);
        String id = create("cutd", "cut-src", false);
        awaitMigration(base, id, Coordinators::ended, RUN);
        call("POST", base + "/migrations/" + id + "/dns/prepare", null, 200);
        JsonNode m = awaitMigration(base, id,
                x -> x.path("alongside").path("DNS_PREPARE").path("inFlight").asInt(1) == 0, RUN);
        assertEquals(0, m.get("alongside").get("DNS_PREPARE").get("failed").asInt(), m.toString());
        assertEquals(2, TestDns.answer(record("cutd")).ttl());
        assertEquals(TestDns.ENV_A, TestDns.answer(record("cutd")).value());
        JsonNode status = Coordinators.awaitStatus(base, "cutd", id, s -> s.path("dns").hasNonNull("previousTtl"));
        assertEquals(300, status.get("dns").get("previousTtl").asLong());
        assertTrue(Instant.parse(status.get("dns").get("settledAt").asText()).isAfter(Instant.now().plusSeconds(200)));
        call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "done"), 200);
    }
}
