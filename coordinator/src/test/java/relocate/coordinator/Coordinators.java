package relocate.coordinator;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.kafka.TopicContents;
import relocate.stack.JavaProcesses;
import relocate.schemas.Event;
import relocate.schemas.topic.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import relocate.catalog.DomainCatalog;
import relocate.catalog.TableName;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;
import relocate.messaging.secret.SecretBox;
import relocate.stack.LocalStack;
import relocate.stack.StackEndpoints;

/**
 * Test support: the local stack, a coordinator (with the services, all in one) on it, and a JSON client.
 * Shared with the CLI's tests through this module's test-jar.
 */
public final class Coordinators {
    public static final String SECRET_KEY = SecretBox.newKey();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Coordinators() {
    }

    public static StackEndpoints stack() {
        return LocalStack.forTests().up();
    }

    public static void createDatabase(String name) {
        LocalStack.forTests().createDatabase(name);
    }

    public static Connection connect(String database) throws SQLException {
        StackEndpoints s = stack();
        return DriverManager.getConnection(s.jdbcUrl(database), s.postgresUser(), "");
    }

    /** The settings of a coordinator storing its state in {@code database}. */
    public static Map<String, Object> properties(String database, String name) {
        StackEndpoints s = stack();
        Map<String, Object> p = new HashMap<>(s.relocateProperties(database));
        p.put("micronaut.server.port", -1);
        p.put("relocate.secret-key", SECRET_KEY);
        p.put("relocate.status.application-id", "relocate-status-" + name);
        p.put("relocate.worker-id", name);
        p.put("relocate.artifacts.dir", artifactsDir(name).toString());
        // each test coordinator has a store of its own, so it must see every event itself
        p.put("relocate.coordinator.group-id", "relocate-coordinator-" + name);
        return p;
    }

    /** A domain's stats per model in a database of the test stack (tenant column {@code domain}). */
    public static Map<TableName, ModelStats> stats(String database, String domain) throws SQLException {
        try (Connection c = connect(database)) {
            return DomainStats.of(c, DomainCatalog.read(c, "domain"), domain);
        }
    }

    /** A domain's rows over every model. */
    public static long rows(String database, String domain) throws SQLException {
        return stats(database, domain).values().stream().mapToLong(ModelStats::rows).sum();
    }

    /** A process of its own: {@code mainClass} on the test's classpath, with these settings, its output in {@code log}. */
    public static Process startProcess(String mainClass, Map<String, Object> settings, Path log) throws IOException {
        return JavaProcesses.start(mainClass, "256m", settings, log);
    }

    /** Where the services of test coordinator {@code name} keep their chunks. */
    public static java.nio.file.Path artifactsDir(String name) {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "relocate-test-artifacts", name);
    }

    public static EmbeddedServer start(String database, String name) {
        createDatabase(database);
        return ApplicationContext.run(EmbeddedServer.class, properties(database, name));
    }

    /** Stops the server and its whole context (its consumers, relay and topology), not only the HTTP side. */
    public static void stop(EmbeddedServer server) {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    public static JsonNode call(String method, String url, Object body, int expectedStatus) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static void addEnvironment(String base, String name, String database, String user, String password) {
        call("PUT", base + "/environments/" + name, Map.of("jdbcUrl", stack().jdbcUrl(database), "user", user,
                "password", password), 200);
    }

    /** Polls the migration until {@code done} holds; fails with its last state after {@code timeout}. */
    public static JsonNode awaitMigration(String base, String id, Predicate<JsonNode> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode m = null;
        while (System.nanoTime() < deadline) {
            m = call("GET", base + "/migrations/" + id, null, 200);
            if (done.test(m)) {
                return m;
            }
            sleep(200);
        }
        throw new AssertionError("migration " + id + " did not get there in " + timeout + "; last: " + m);
    }

    public static boolean ended(JsonNode m) {
        String state = m.get("state").asText();
        return state.equals("READY") || state.equals("FAILED") || state.equals("ABORTED");
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The events of one migration on relocate.events, in the order of each partition. */
    public static List<Event> eventsOf(String migrationId) {
        Serdes serdes = serdes();
        List<Event> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(Topics.EVENTS)) {
            Event e = serdes.event().deserialize(Topics.EVENTS, r.value());
            if (e.getMigrationId().equals(migrationId)) {
                found.add(e);
            }
        }
        return found;
    }

    public static Serdes serdes() {
        StackEndpoints s = Coordinators.stack();
        return Serdes.create(new KafkaConfig(s.bootstrapServers(), s.registryUrl(), 4));
    }

    /** Every record of a topic, read from the beginning up to its current end. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return TopicContents.readAll(Coordinators.stack().bootstrapServers(), topic, Duration.ofSeconds(20));
    }

    /** Polls a domain's status until it shows migration {@code id} and {@code done} holds for it. */
    public static JsonNode awaitStatus(String base, String domain, String id, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            try {
                s = call("GET", base + "/domains/" + domain + "/status", null, 200);
                if (s.get("migrationId").asText().equals(id) && done.test(s)) {
                    return s;
                }
                if (s.get("migrationId").asText().equals(id) && s.get("state").asText().matches("FAILED|ABORTED")) {
                    break;
                }
            } catch (AssertionError notServedYet) {
                // the status topology is still starting
            }
            sleep(200);
        }
        throw new AssertionError("the status of " + id + " never got there; last: " + s);
    }
}
