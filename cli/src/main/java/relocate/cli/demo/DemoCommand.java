package relocate.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import relocate.cli.api.ApiException;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.migration.Migrations;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.stack.LocalSetup;
import relocate.cli.stats.StatsCommand;
import relocate.sample.SampleDomain;
import relocate.stack.StackEndpoints;

/**
 * The first run: brings the local stack up, seeds a sample application with two domains in a source
 * database, registers a source and a target environment, and runs what a migration can do so far.
 */
@Command(name = "demo", description = "Start the local stack, seed a sample domain and migrate it as far as Relocate goes today.")
public final class DemoCommand implements Callable<Integer> {
    static final String DOMAIN = "acme";
    static final String OTHER_DOMAIN = "globex";
    static final String SOURCE_DB = "demo_source";
    static final String TARGET_DB = "demo_target";

    @Option(names = "--rows", defaultValue = "20000", description = "rows of the sample domain (default: ${DEFAULT-VALUE})")
    long rows;

    @Override
    public Integer call() throws Exception {
        step("starting the local stack (first run: a minute or two)");
        var stack = LocalSetup.stack();
        StackEndpoints endpoints = stack.up();
        stack.createDatabase(SOURCE_DB);
        stack.createDatabase(TARGET_DB);

        step("seeding the sample application in " + SOURCE_DB + ": domains " + DOMAIN + " and " + OTHER_DOMAIN);
        try (Connection source = connect(endpoints, SOURCE_DB); Connection target = connect(endpoints, TARGET_DB)) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            if (!hasDomain(source, DOMAIN)) {
                SampleDomain.seed(source, DOMAIN, 0, rows);
                SampleDomain.seed(source, OTHER_DOMAIN, 1, rows / 4);
            }
        }

        CoordinatorClient client = new CoordinatorClient(LocalSetup.coordinatorUrl());
        step("registering environments demo-source and demo-target");
        for (var env : Map.of("demo-source", SOURCE_DB, "demo-target", TARGET_DB).entrySet()) {
            client.put("/environments/" + env.getKey(), Map.of("jdbcUrl", endpoints.jdbcUrl(env.getValue()),
                    "user", endpoints.postgresUser(), "password", ""));
        }
        for (JsonNode m : client.get("/migrations?domain=" + DOMAIN)) {
            String state = m.get("state").asText();
            if (state.equals("RUNNING") || state.equals("READY") || state.equals("FAILED")) {
                client.post("/migrations/" + m.get("id").asText() + "/abort", Map.of("reason", "a new demo run"));
            }
        }

        step("per-model stats of " + DOMAIN + " on demo-source");
        StatsCommand.print(client.get("/environments/demo-source/stats?domain=" + DOMAIN), false);

        step("creating the migration of " + DOMAIN + " from demo-source to demo-target (preflight)");
        JsonNode created = client.post("/migrations", Map.of("domain", DOMAIN, "from", "demo-source",
                "to", "demo-target"));
        String id = created.get("id").asText();
        JsonNode m = Migrations.awaitSettled(client, id, Duration.ofMinutes(2));
        MigrationPrinter.summary(m, System.out);
        MigrationPrinter.preflight(m.get("preflight"), System.out);

        step("status of " + DOMAIN + " as dashboards see it (relocate.status)");
        JsonNode status = awaitStatus(client, id);
        System.out.printf("%s: migration %s %s, %d events folded%n", DOMAIN, status.get("migrationId").asText(),
                status.get("state").asText(), status.get("eventCount").asLong());

        System.out.println();
        System.out.println("Next: ./relocate status " + DOMAIN + " | ./relocate list | ./relocate abort " + id);
        System.out.println("The stack keeps running; stop it with ./relocate stack down.");
        return m.get("state").asText().equals("READY") ? 0 : 2;
    }

    private static void step(String what) {
        System.out.println();
        System.out.println("== " + what);
    }

    private static Connection connect(StackEndpoints e, String db) throws SQLException {
        return DriverManager.getConnection(e.jdbcUrl(db), e.postgresUser(), "");
    }

    private static boolean hasDomain(Connection c, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM users WHERE domain = ?)")) {
            ps.setString(1, domain);
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** The status topology may still be catching up right after the server starts. */
    private static JsonNode awaitStatus(CoordinatorClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ApiException last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode s = client.get("/domains/" + DOMAIN + "/status");
                if (s.get("migrationId").asText().equals(id) && !s.get("state").asText().equals("RUNNING")) {
                    return s;
                }
            } catch (ApiException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw last != null ? last : new ApiException(0, "the status of " + DOMAIN + " did not catch up in 60 s");
    }
}
