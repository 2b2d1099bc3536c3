package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.addEnvironment;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.kafka.KafkaConfig;
import relocate.sample.SampleDomain;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStatus;
import relocate.schemas.topic.Topics;
import relocate.stack.StackEndpoints;

/** create → preflight by dumper-service → status over HTTP and on relocate.status, on the real stack. */
class PreflightFlowIT {
    private static EmbeddedServer server;
    private static String base;
    private static Map<String, Long> seeded;

    @BeforeAll
    static void start() throws Exception {
        Coordinators.createDatabase("flow_source");
        Coordinators.createDatabase("flow_target");
        try (Connection source = Coordinators.connect("flow_source");
             Connection target = Coordinators.connect("flow_target")) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            seeded = SampleDomain.seed(source, "acme", 0, 2_000);
            SampleDomain.seed(source, "globex", 1, 500);
        }
        server = Coordinators.start("flow_coordinator", "flow");
        base = "http://127.0.0.1:" + server.getPort();
        addEnvironment(base, "flow-src", "flow_source", "postgres", "");
        addEnvironment(base, "flow-tgt", "flow_target", "postgres", "");
    }

    @AfterAll
    static void stop() {
        Coordinators.stop(server);
    }

    @Test
    void preflightCountsTheDomainsRowsPerModelAndTheStatusShowsIt() {
        JsonNode created = call("POST", base + "/migrations", Map.of("domain", "acme", "from", "flow-src",
                "to", "flow-tgt"), 201);
        String id = created.get("id").asText();
        JsonNode m = awaitMigration(base, id, Coordinators::ended, Duration.ofSeconds(60));
        assertEquals("READY", m.get("state").asText(), m.toString());
        assertEquals("COMPLETED", m.get("stepState").asText());

        Map<String, Long> counted = new HashMap<>();
        for (JsonNode model : m.get("preflight").get("models")) {
            counted.put(model.get("name").asText().replace("public.", ""), model.get("rows").asLong());
        }
        assertEquals(seeded, counted);
        List<String> order = new java.util.ArrayList<>();
        m.get("preflight").get("loadOrder").forEach(n -> order.add(n.asText()));
        assertTrue(order.indexOf("public.cases") < order.indexOf("public.case_indices"), order.toString());
        assertTrue(order.indexOf("public.location_types") < order.indexOf("public.locations"), order.toString());
        assertTrue(m.get("preflight").get("problems").isEmpty());

        JsonNode status = awaitStatus("acme", id, "READY");
        assertEquals("flow-src", status.get("sourceEnvironment").asText());
        assertEquals("COMPLETED", status.get("steps").get(0).get("state").asText());
        assertEquals(7, status.get("preflight").get("models").size());

        MigrationStatus published = lastStatusOnTopic("acme", id);
        assertEquals(MigrationState.READY, published.getState());
        assertEquals(7, published.getPreflight().getModels().size());
    }

    @Test
    void environmentsNeverShowTheirPassword() {
        call("PUT", base + "/environments/flow-secret", Map.of("jdbcUrl",
                Coordinators.stack().jdbcUrl("flow_source"), "user", "postgres", "password", "hunter2-secret"), 200);
        String listed = call("GET", base + "/environments", null, 200).toString();
        assertTrue(listed.contains("flow-secret"));
        assertFalse(listed.contains("hunter2"), listed);
        JsonNode one = call("GET", base + "/environments/flow-secret", null, 200);
        assertTrue(one.get("passwordSet").asBoolean());
        assertFalse(one.toString().contains("hunter2"));
    }

    @Test
    void aSecondMigrationOfADomainInFlightIsRefusedAndAbortFreesIt() {
        String id = call("POST", base + "/migrations", Map.of("domain", "globex", "from", "flow-src",
                "to", "flow-tgt"), 201).get("id").asText();
        awaitMigration(base, id, Coordinators::ended, Duration.ofSeconds(60));
        JsonNode refused = call("POST", base + "/migrations", Map.of("domain", "globex", "from", "flow-src",
                "to", "flow-tgt"), 409);
        assertTrue(refused.get("message").asText().contains(id), refused.toString());

        assertEquals("ABORTED", call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "test"), 200)
                .get("state").asText());
        call("POST", base + "/migrations/" + id + "/abort", null, 409);
        awaitStatus("globex", id, "ABORTED");
        String again = call("POST", base + "/migrations", Map.of("domain", "globex", "from", "flow-src",
                "to", "flow-tgt"), 201).get("id").asText();
        call("POST", base + "/migrations/" + again + "/abort", null, 200);
    }

    @Test
    void unknownMigrationIsA404WithAHint() {
        JsonNode e = call("GET", base + "/migrations/" + UUID.randomUUID(), null, 404);
        assertTrue(e.get("message").asText().contains("relocate list"));
    }

    private static JsonNode awaitStatus(String domain, String migrationId, String state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode s = call("GET", base + "/domains/" + domain + "/status", null, 200);
                last = s.toString();
                if (s.get("migrationId").asText().equals(migrationId) && s.get("state").asText().equals(state)) {
                    return s;
                }
            } catch (AssertionError notYet) {
                last = notYet.getMessage();
            }
            Coordinators.sleep(200);
        }
        throw new AssertionError("status of " + domain + " never reached " + state + "; last: " + last);
    }

    private static MigrationStatus lastStatusOnTopic(String domain, String migrationId) {
        StackEndpoints s = Coordinators.stack();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Serdes serdes = Serdes.create(new KafkaConfig(s.bootstrapServers(), s.registryUrl(), 4));
        MigrationStatus last = null;
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.STATUS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.key().equals(domain)) {
                        MigrationStatus st = serdes.status().deserialize(Topics.STATUS, r.value());
                        if (st.getMigrationId().equals(migrationId)) {
                            last = st;
                        }
                    }
                }
                if (last != null && last.getState() == MigrationState.READY) {
                    break;
                }
            }
        }
        assertNotNull(last, "no status of " + domain + " on " + Topics.STATUS);
        return last;
    }
}
