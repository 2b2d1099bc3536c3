package relocate.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import relocate.cli.api.ApiException;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.migration.MigrationWatch;
import relocate.cli.migration.Migrations;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.output.Table;
import relocate.cli.stack.LocalSetup;
import relocate.cli.stats.StatsCommand;
import relocate.cli.output.ProgressView;
import relocate.dns.record.AuthoritativeServer;
import relocate.dns.record.DnsSettings;
import relocate.dns.record.RecordState;
import relocate.dns.update.RecordUpdates;
import relocate.sample.SampleBlobs;
import relocate.sample.SampleDomain;
import relocate.stack.DnsServerEndpoint;
import relocate.stack.StackEndpoints;

/**
 * The first run: brings the local stack up, seeds a sample application with two domains in a source
 * database, registers a source and a target environment, and migrates one domain end to end while the
 * other stays where it is.
 */
@Command(name = "demo", description = "Start the local stack, seed a sample application with two domains and migrate one "
        + "of them to a target database end to end, printing per-model stats before and after.")
public final class DemoCommand implements Callable<Integer> {
    static final String DOMAIN = "acme";
    static final String OTHER_DOMAIN = "globex";
    static final String SOURCE_DB = "demo_source";
    static final String TARGET_DB = "demo_target";
    static final String SOURCE_ADDRESS = "env-a.relocate.test.";
    static final String TARGET_ADDRESS = "env-b.relocate.test.";
    /** Short, so that the cut-over's wait for caches to let go of the old answer takes seconds. */
    static final int DNS_TTL = 5;
    static final int BLOBS = 120;

    @Option(names = "--rows", defaultValue = "20000", description = "rows of the sample domain (default: ${DEFAULT-VALUE})")
    long rows;

    @Override
    public Integer call() throws Exception {
        step("starting the local stack (first run: a minute or two)");
        var stack = LocalSetup.stack();
        StackEndpoints endpoints = stack.up();
        stack.createDatabase(SOURCE_DB);
        stack.createDatabase(TARGET_DB);
        CoordinatorClient client = new CoordinatorClient(LocalSetup.coordinatorUrl());
        for (JsonNode m : client.get("/migrations?domain=" + DOMAIN)) {
            if (m.get("state").asText().matches("RUNNING|READY|FAILED|ABORTING")) {
                client.post("/migrations/" + m.get("id").asText() + "/abort", Map.of("reason", "a new demo run"));
            }
        }

        step("seeding the sample application in " + SOURCE_DB + ": domains " + DOMAIN + " and " + OTHER_DOMAIN
                + "; " + TARGET_DB + " gets the same tables, empty");
        try (Connection source = connect(endpoints, SOURCE_DB); Connection target = connect(endpoints, TARGET_DB)) {
            // every demo run starts afresh: an earlier run moved acme and left the source frozen
            resetSchema(source);
            resetSchema(target);
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            SampleDomain.seed(source, DOMAIN, 0, rows);
            SampleDomain.seed(source, OTHER_DOMAIN, 1, rows / 4);
        }

        Path blobs = LocalSetup.stateDir().resolve("demo");
        step("writing the sample blobs of " + DOMAIN + " and " + OTHER_DOMAIN + " to " + blobs.resolve("blobs-source")
                + "; " + blobs.resolve("blobs-target") + " starts empty");
        deleteTree(blobs);
        long bytes = SampleBlobs.write(blobs.resolve("blobs-source"), DOMAIN, 0, BLOBS, 2_000, 400_000);
        SampleBlobs.write(blobs.resolve("blobs-source"), OTHER_DOMAIN, 1, BLOBS / 4, 2_000, 400_000);
        Files.createDirectories(blobs.resolve("blobs-target"));
        System.out.println(BLOBS + " blobs of " + DOMAIN + ", " + bytes / 1024 + " KiB");

        DnsServerEndpoint dns = endpoints.dns();
        String record = DOMAIN + ".apps." + dns.zone();
        step("pointing " + record + " at demo-source (" + SOURCE_ADDRESS + ") on the stack's DNS server, TTL "
                + DNS_TTL + " s");
        RecordState before = resetRecord(dns, record);
        System.out.println(record + " -> " + before.value() + " (TTL " + before.ttl() + " s)");

        step("registering environments demo-source and demo-target (database, blob directory, DNS record)");
        environment(client, endpoints, "demo-source", SOURCE_DB, blobs.resolve("blobs-source"), SOURCE_ADDRESS);
        environment(client, endpoints, "demo-target", TARGET_DB, blobs.resolve("blobs-target"), TARGET_ADDRESS);

        step("per-model stats of " + DOMAIN + " on demo-source, before");
        StatsCommand.print(client.get("/environments/demo-source/stats?domain=" + DOMAIN), false);

        step("migrating " + DOMAIN + " from demo-source to demo-target: preflight, freeze, stats, dump and load with the "
                + "blob copy alongside, verify, DNS cut-over, commit");
        JsonNode created = client.post("/migrations", Map.of("domain", DOMAIN, "from", "demo-source",
                "to", "demo-target", "options", Map.of("run", "true", "chunk-rows", String.valueOf(Math.max(1000, rows / 8)))));
        String id = created.get("id").asText();
        System.out.println("migration " + id);
        JsonNode m = MigrationWatch.onStdout(client).follow(id, Migrations::settled);
        MigrationPrinter.summary(m, System.out);
        MigrationPrinter.preflight(m.get("preflight"), System.out);

        step("per-model stats after: source (frozen) and target, as VERIFY compared them");
        JsonNode status = awaitStatus(client, id);
        printComparison(status, client);

        step("blobs and DNS");
        ProgressView.blobs(status.path("blobs")).forEach(System.out::println);
        RecordState after = new AuthoritativeServer(settings(dns, record)).read();
        System.out.println(record + " -> " + after.value() + " (answered by the stack's DNS server)");

        step(OTHER_DOMAIN + " stayed where it was");
        StatsCommand.print(client.get("/environments/demo-source/stats?domain=" + OTHER_DOMAIN), false);
        long onTarget = client.get("/environments/demo-target/stats?domain=" + OTHER_DOMAIN).get("totalRows").asLong();
        System.out.println(OTHER_DOMAIN + " rows on demo-target: " + onTarget);

        System.out.println();
        System.out.println("Next: ./relocate status " + id + " | ./relocate dns rollback " + id
                + " (points " + record + " back at demo-source) | ./relocate cleanup " + id
                + " (deletes " + DOMAIN + " on demo-source and lifts its freeze)");
        System.out.println("The stack keeps running; stop it with ./relocate stack down.");
        return m.get("state").asText().equals("COMPLETED") ? 0 : 2;
    }

    private static void environment(CoordinatorClient client, StackEndpoints endpoints, String name, String database,
                                    Path blobDir, String address) {
        DnsServerEndpoint dns = endpoints.dns();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("server", dns.host());
        record.put("port", dns.port());
        record.put("zone", dns.zone());
        record.put("record", "{domain}.apps." + dns.zone());
        record.put("address", address);
        record.put("keyName", dns.keyName());
        record.put("keySecret", dns.keySecret());
        record.put("ttl", DNS_TTL);
        client.put("/environments/" + name, Map.of("jdbcUrl", endpoints.jdbcUrl(database),
                "user", endpoints.postgresUser(), "password", "",
                "blobStore", Map.of("kind", "fs", "path", blobDir.toString()), "dns", record));
    }

    /**
     * Every demo run starts with the record at the source, its TTL short: an earlier run switched it. Done with
     * the same signed, compare-and-swap updates as the cut-over.
     */
    private static RecordState resetRecord(DnsServerEndpoint dns, String record) {
        DnsSettings settings = settings(dns, record);
        RecordUpdates updates = new RecordUpdates();
        RecordState now = new AuthoritativeServer(settings).read();
        if (!now.value().equals(SOURCE_ADDRESS)) {
            now = updates.switchRecord(settings, now, SOURCE_ADDRESS).after();
        }
        return updates.lowerTtl(settings, now, DNS_TTL).after();
    }

    private static DnsSettings settings(DnsServerEndpoint dns, String record) {
        return new DnsSettings(dns.host(), dns.port(), dns.zone(), record, "CNAME", dns.keyName(), dns.keyAlgorithm(),
                dns.keySecret(), null);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void printComparison(JsonNode status, CoordinatorClient client) {
        JsonNode target = client.get("/environments/demo-target/stats?domain=" + DOMAIN);
        Table t = new Table("MODEL", "SOURCE ROWS", "TARGET ROWS", "CHECKSUM");
        for (JsonNode s : status.get("sourceStats")) {
            String model = s.get("model").asText();
            long targetRows = 0;
            for (JsonNode tm : target.get("models")) {
                if (tm.get("name").asText().equals(model)) {
                    targetRows = tm.get("rows").asLong();
                }
            }
            boolean same = false;
            JsonNode verify = status.get("verify");
            if (verify != null && !verify.isNull()) {
                for (JsonNode v : verify.get("target")) {
                    same |= v.get("model").asText().equals(model) && v.get("checksum").asText().equals(s.get("checksum").asText());
                }
            }
            t.row(model, MigrationPrinter.count(s.get("rows").asLong()), MigrationPrinter.count(targetRows),
                    same ? "equal" : "DIFFERS");
        }
        t.print(System.out);
    }

    private static void resetSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS relocate CASCADE");
            s.execute("DROP TABLE IF EXISTS ledger_values, case_indices, cases, forms, locations, location_types, "
                    + "users CASCADE");
        }
    }

    private static void step(String what) {
        System.out.println();
        System.out.println("== " + what);
    }

    private static Connection connect(StackEndpoints e, String db) throws SQLException {
        return DriverManager.getConnection(e.jdbcUrl(db), e.postgresUser(), "");
    }

    /** The status topology may still be catching up right after the server starts. */
    private static JsonNode awaitStatus(CoordinatorClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ApiException last = null;
        while (System.nanoTime() < deadline) {
            try {
                JsonNode s = client.get("/domains/" + DOMAIN + "/status");
                if (s.get("migrationId").asText().equals(id) && !s.get("state").asText().equals("RUNNING")
                        && s.hasNonNull("verify")) {
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
