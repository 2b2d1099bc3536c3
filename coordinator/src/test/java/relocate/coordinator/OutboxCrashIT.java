package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.addEnvironment;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import relocate.messaging.kafka.Serdes;
import relocate.sample.SampleDomain;
import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepStarted;
import relocate.schemas.topic.Topics;

/**
 * A coordinator killed (SIGKILL) after it saved a migration's change but before it published the
 * command loses nothing: the next coordinator publishes it, and the step completes once. A command
 * published again because its "published" mark was lost is not acted on twice.
 */
class OutboxCrashIT {

    @Test
    void coordinatorKilledBetweenStateChangeAndPublishCompletesTheStepOnce() throws Exception {
        Coordinators.createDatabase("crash_source");
        Coordinators.createDatabase("crash_target");
        Coordinators.createDatabase("crash_coordinator");
        try (Connection source = Coordinators.connect("crash_source");
             Connection target = Coordinators.connect("crash_target")) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            SampleDomain.seed(source, "initech", 0, 300);
        }

        // 1. a coordinator process that saves state and outbox but never publishes, then dies hard
        Process doomed = startCoordinatorProcess(Map.of("relocate.outbox.enabled", "false"));
        String id;
        try {
            String doomedBase = awaitHttp(doomed);
            addEnvironment(doomedBase, "crash-src", "crash_source", "postgres", "");
            addEnvironment(doomedBase, "crash-tgt", "crash_target", "postgres", "");
            JsonNode created = call("POST", doomedBase + "/migrations", Map.of("domain", "initech",
                    "from", "crash-src", "to", "crash-tgt"), 201);
            id = created.get("id").asText();
            assertEquals("RUNNING", created.get("state").asText());
        } finally {
            doomed.destroyForcibly();
            assertTrue(doomed.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(unpublished(id) > 0, "the state change was committed with its outbox rows");
        assertEquals(0, commandsOnTopic(id).size(), "nothing was published before the kill");

        // 2. a new coordinator publishes what the dead one left and the step completes, once
        EmbeddedServer server = Coordinators.start("crash_coordinator", "crash-2");
        try {
            String base = "http://127.0.0.1:" + server.getPort();
            JsonNode m = awaitMigration(base, id, Coordinators::ended, Duration.ofSeconds(60));
            assertEquals("READY", m.get("state").asText(), m.toString());
            assertEquals(1, m.get("attempt").asInt());
            long drained = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (unpublished(id) > 0 && System.nanoTime() < drained) {
                Coordinators.sleep(100);
            }
            assertEquals(0, unpublished(id), "the outbox drained");
            List<Command> commands = commandsOnTopic(id);
            assertEquals(1, commands.size(), "exactly one preflight command was sent");
            assertEquals(1, count(Coordinators.eventsOf(id), StepCompleted.class));

            // 3. the same command published a second time (its mark lost) is recognised and not run again
            try (Connection c = Coordinators.connect("crash_coordinator"); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE outbox SET published_at = NULL WHERE topic = '" + Topics.CMD_DUMP
                        + "' AND migration_id = '" + id + "'");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (commandsOnTopic(id).size() < 2 && System.nanoTime() < deadline) {
                Coordinators.sleep(200);
            }
            assertEquals(2, commandsOnTopic(id).size(), "the relay sent the command again");
            assertEquals(commands.get(0).getCommandId(), commandsOnTopic(id).get(1).getCommandId());
            Coordinators.sleep(3000);
            List<Event> events = Coordinators.eventsOf(id);
            assertEquals(1, count(events, StepStarted.class), "the redelivered command was not run again");
            assertEquals(1, count(events, StepCompleted.class));
            assertEquals("READY", call("GET", base + "/migrations/" + id, null, 200).get("state").asText());
        } finally {
            Coordinators.stop(server);
        }
    }

    private static Process startCoordinatorProcess(Map<String, String> extra) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> props = Coordinators.properties("crash_coordinator", "crash-1");
        props.put("micronaut.server.port", port);
        props.putAll(extra);
        File log = Files.createTempFile("coordinator-crash", ".log").toFile();
        Process p = Coordinators.startProcess("relocate.coordinator.CoordinatorApplication", props, log.toPath());
        PORTS.put(p, port);
        LOGS.put(p, log);
        return p;
    }

    private static final Map<Process, Integer> PORTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<Process, File> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String awaitHttp(Process p) throws Exception {
        String base = "http://127.0.0.1:" + PORTS.get(p);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("coordinator process died: " + Files.readString(LOGS.get(p).toPath()));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/environments")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return base;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Coordinators.sleep(300);
        }
        throw new AssertionError("coordinator process not ready: " + Files.readString(LOGS.get(p).toPath()));
    }

    private static int unpublished(String migrationId) throws Exception {
        try (Connection c = Coordinators.connect("crash_coordinator"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM outbox WHERE published_at IS NULL AND migration_id = '"
                     + migrationId + "'")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static List<Command> commandsOnTopic(String migrationId) {
        Serdes serdes = Coordinators.serdes();
        List<Command> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : Coordinators.readAll(Topics.CMD_DUMP)) {
            Command c = serdes.command().deserialize(Topics.CMD_DUMP, r.value());
            if (c.getMigrationId().equals(migrationId)) {
                found.add(c);
            }
        }
        return found;
    }

    private static long count(List<Event> events, Class<?> payload) {
        return events.stream().filter(e -> payload.isInstance(e.getPayload())).count();
    }
}
