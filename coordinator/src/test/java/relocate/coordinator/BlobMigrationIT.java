package relocate.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static relocate.coordinator.Coordinators.awaitMigration;
import static relocate.coordinator.Coordinators.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.blob.TestBlobs;
import relocate.blob.TestBlobs.Blob;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStores;
import relocate.blob.store.S3ProxyServer;
import relocate.dns.TestDns;
import relocate.sample.SampleDomain;
import relocate.schemas.Event;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.stack.DnsServerEndpoint;

/**
 * Migrations with blobs, between two S3Proxy servers, and the domain's record on the stack's BIND: the blobs
 * copy alongside the rows and arrive with every hash equal, the record switches after VERIFY; an abort deletes
 * exactly the objects the migration copied; a blob-service killed mid-copy is replaced and the copy completes
 * without sending finished pages again.
 */
class BlobMigrationIT {
    private static final Duration RUN = Duration.ofSeconds(300);
    private static final String SOURCE_BUCKET = "app-eu";
    private static final String TARGET_BUCKET = "app-us";
    private static final int PAGE = relocate.coordinator.migration.CommandFactory.BLOB_PAGE_KEYS;
    private static final String QUERY = "SELECT key, size, content_type FROM blob_meta WHERE domain = ? ORDER BY key";
    private static final Map<String, List<Blob>> BLOBS = new HashMap<>();
    private static S3ProxyServer sourceServer;
    private static S3ProxyServer targetServer;
    private static BlobStore source;
    private static BlobStore target;
    private static Blob preexisting;

    @BeforeAll
    static void seed() throws Exception {
        sourceServer = S3ProxyServer.shared("migration-source");
        targetServer = S3ProxyServer.shared("migration-target");
        sourceServer.createBucket(SOURCE_BUCKET);
        targetServer.createBucket(TARGET_BUCKET);
        source = BlobStores.open(sourceServer.settings("blob-src", SOURCE_BUCKET, ""));
        target = BlobStores.open(targetServer.settings("blob-tgt", TARGET_BUCKET, ""));
        blobs("acme", 2000, 2);
        blobs("abby", 300, 0);
        blobs("kelp", 1200, 0);
        blobs("bree", 100, 0);
        // identical bytes already on the target, put there by someone else: skipped, and kept by an abort
        preexisting = BLOBS.get("abby").get(7);
        TestBlobs.seed(targetServer, TARGET_BUCKET, List.of(preexisting));

        Coordinators.createDatabase("blobmig_source");
        Coordinators.createDatabase("blobmig_target");
        try (Connection db = Coordinators.connect("blobmig_source");
             Connection tgt = Coordinators.connect("blobmig_target")) {
            SampleDomain.createSchema(db);
            SampleDomain.createSchema(tgt);
            int slot = 0;
            for (String domain : BLOBS.keySet()) {
                SampleDomain.seed(db, domain, slot++, domain.equals("acme") ? 20_000 : 500);
                TestDns.setBehindTheBack(domain + ".apps." + TestDns.server().zone(), TestDns.ENV_A, 1);
            }
            // the application's own table of its blobs: a model like the others, on both sides
            for (Connection c : List.of(db, tgt)) {
                try (var s = c.createStatement()) {
                    s.execute("CREATE TABLE blob_meta (key text PRIMARY KEY, size bigint NOT NULL, content_type text, "
                            + "domain text NOT NULL)");
                }
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO blob_meta VALUES (?, ?, ?, ?)")) {
                for (var e : BLOBS.entrySet()) {
                    for (Blob b : e.getValue()) {
                        insert.setString(1, b.key());
                        insert.setLong(2, b.size());
                        insert.setString(3, b.contentType());
                        insert.setString(4, e.getKey());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        for (List<Blob> domainBlobs : BLOBS.values()) {
            TestBlobs.seed(sourceServer, SOURCE_BUCKET, domainBlobs);
        }
    }

    /** {@code count} small blobs of the domain, and {@code large} of over 20 MB. */
    private static void blobs(String domain, int count, int large) {
        List<Blob> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Blob(String.format("%s/files/%04d.dat", domain, i), domain.hashCode() + i,
                    100 + (i * 7919L) % 3000, i % 3 == 0 ? "application/pdf" : "text/plain"));
        }
        for (int i = 1; i <= large; i++) {
            list.add(new Blob(domain + "/videos/" + i + ".mp4", domain.hashCode() + 100_000 + i,
                    20_000_000 + 1_000_003L * i, "video/mp4"));
        }
        BLOBS.put(domain, list);
    }

    @AfterAll
    static void close() {
        source.close();
        target.close();
    }

    /** A coordinator (with the services named in {@code roles} in its JVM) and the two environments. */
    private static EmbeddedServer coordinator(String name, Map<String, Object> roles) {
        Coordinators.createDatabase(name);
        Map<String, Object> props = Coordinators.properties(name, name);
        props.putAll(roles);
        EmbeddedServer server = io.micronaut.context.ApplicationContext.run(EmbeddedServer.class, props);
        String base = "http://127.0.0.1:" + server.getPort();
        environment(base, "blob-src", "blobmig_source", sourceServer, SOURCE_BUCKET, TestDns.ENV_A);
        environment(base, "blob-tgt", "blobmig_target", targetServer, TARGET_BUCKET, TestDns.ENV_B);
        return server;
    }

    private static void environment(String base, String name, String database, S3ProxyServer s3, String bucket,
                                    String address) {
        DnsServerEndpoint dns = TestDns.server();
        Map<String, Object> blobStore = new HashMap<>(Map.of("kind", "s3", "endpoint", s3.endpoint().toString(),
                "bucket", bucket, "accessKeyId", S3ProxyServer.IDENTITY, "secretAccessKey", S3ProxyServer.CREDENTIAL,
                "listQuery", QUERY));
        Map<String, Object> record = new HashMap<>(Map.of("server", dns.host(), "port", dns.port(), "zone", dns.zone(),
                "record", "{domain}.apps." + dns.zone(), "address", address, "keyName", dns.keyName(),
                "keySecret", dns.keySecret(), "ttl", 1));
        JsonNode env = call("PUT", base + "/environments/" + name, Map.of("jdbcUrl",
                Coordinators.stack().jdbcUrl(database), "user", "postgres", "password", "", "blobStore", blobStore,
                "dns", record), 200);
        assertFalse(env.toString().contains(S3ProxyServer.CREDENTIAL), "the S3 secret is shown: " + env);
        assertFalse(env.toString().contains(dns.keySecret()), "the TSIG secret is shown: " + env);
    }

    private static String create(String base, String domain, Map<String, String> options) {
        return call("POST", base + "/migrations", Map.of("domain", domain, "from", "blob-src", "to", "blob-tgt",
                "options", options), 201).get("id").asText();
    }

    private static void assertCopied(String domain) {
        for (Blob b : BLOBS.get(domain)) {
            assertEquals(b.hash(), TestBlobs.read(target, b.key()), b.key());
        }
    }

    private static Set<String> keysOnTarget(String domain) throws Exception {
        Set<String> keys = new HashSet<>();
        target.list(domain + "/", info -> keys.add(info.key()));
        return keys;
    }

    private static Instant at(JsonNode status, String step, String field) {
        for (JsonNode s : status.get("steps")) {
            if (s.get("step").asText().equals(step)) {
                return Instant.parse(s.get(field).asText());
            }
        }
        throw new AssertionError("no step " + step + " in " + status);
    }

    @Test
    void blobsCopyAlongsideTheRowsWithEveryHashEqualAndTheRecordSwitchesAfterVerify() throws Exception {
        EmbeddedServer server = coordinator("blobmig_all", Map.of());
        try {
            String base = "http://127.0.0.1:" + server.getPort();
            String id = create(base, "acme", Map.of("run", "true", "chunk-rows", "2000"));
            JsonNode m = awaitMigration(base, id, x -> x.get("state").asText().matches("COMPLETED|FAILED"), RUN);
            assertEquals("COMPLETED", m.get("state").asText(), m.toString());
            assertCopied("acme");
            assertEquals(Coordinators.stats("blobmig_source", "acme"), Coordinators.stats("blobmig_target", "acme"));
            assertEquals(TestDns.ENV_B, TestDns.answer("acme.apps." + TestDns.server().zone()).value());

            JsonNode status = Coordinators.awaitStatus(base, "acme", id, s -> s.path("dns").path("value").asText()
                    .equals(TestDns.ENV_B) && s.path("blobs").path("donePages").size() == s.path("blobs").path("pages")
                    .asInt());
            JsonNode blobs = status.get("blobs");
            assertEquals(2002, blobs.get("count").asLong());
            assertEquals(2002, blobs.get("copied").asLong());
            assertEquals(0, blobs.get("verify").get("mismatched").asLong(), blobs.toString());
            // the copy ran alongside the rows, and the record switched only after VERIFY
            assertTrue(at(status, "BLOB_COPY", "startedAt").isBefore(at(status, "LOAD", "endedAt")), status.toString());
            assertFalse(at(status, "DNS_CUTOVER", "startedAt").isBefore(at(status, "VERIFY", "endedAt")),
                    status.toString());
        } finally {
            Coordinators.stop(server);
        }
    }

    @Test
    void anAbortDeletesExactlyTheObjectsTheMigrationCopied() throws Exception {
        EmbeddedServer server = coordinator("blobmig_abort", Map.of());
        try {
            String base = "http://127.0.0.1:" + server.getPort();
            String id = create(base, "abby", Map.of());
            awaitMigration(base, id, Coordinators::ended, RUN);
            call("POST", base + "/migrations/" + id + "/run", Map.of("until", "BLOB_COPY"), 200);
            JsonNode m = awaitMigration(base, id, Coordinators::ended, RUN);
            assertEquals("READY", m.get("state").asText(), m.toString());
            assertEquals(300, keysOnTarget("abby").size());
            assertCopied("abby");

            call("POST", base + "/migrations/" + id + "/abort", Map.of("reason", "changed our mind"), 200);
            m = awaitMigration(base, id, x -> x.get("state").asText().matches("ABORTED|FAILED"), RUN);
            assertEquals("ABORTED", m.get("state").asText(), m.toString());
            assertEquals(Set.of(preexisting.key()), keysOnTarget("abby"));
            assertEquals(preexisting.hash(), TestBlobs.read(target, preexisting.key()));
            assertEquals(0, Coordinators.rows("blobmig_target", "abby"));
            assertEquals(300, BLOBS.get("abby").stream().filter(b -> {
                try {
                    return source.head(b.key()).isPresent();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).count(), "the source keeps every blob");
        } finally {
            Coordinators.stop(server);
        }
    }

    @Test
    void aBlobServiceKilledMidCopyIsReplacedAndFinishedPagesAreNotCopiedAgain() throws Exception {
        EmbeddedServer server = coordinator("blobmig_crash", Map.of("relocate.blob.enabled", "false"));
        List<Process> workers = new ArrayList<>();
        try {
            String base = "http://127.0.0.1:" + server.getPort();
            Path firstLog = Files.createTempFile("relocate-blob-1", ".log");
            workers.add(blobService("blob-1", firstLog));
            String id = create(base, "kelp", Map.of("run", "true"));
            JsonNode status = Coordinators.awaitStatus(base, "kelp", id, s -> s.path("blobs").path("donePages").size() >= 2);
            int pages = status.get("blobs").get("pages").asInt();
            assertTrue(status.get("blobs").get("donePages").size() < pages, "every page copied before the kill");
            workers.get(0).destroyForcibly().waitFor();

            workers.add(blobService("blob-2", Files.createTempFile("relocate-blob-2", ".log")));
            JsonNode m = awaitMigration(base, id, x -> x.get("state").asText().matches("COMPLETED|FAILED"), RUN);
            assertEquals("COMPLETED", m.get("state").asText(), m.toString());
            assertCopied("kelp");

            // every answer to a page, both services': an object is written once, except those of the page the
            // kill cut short, which are found on the target and skipped
            long copied = 0;
            long skipped = 0;
            for (Event e : Coordinators.eventsOf(id)) {
                if (e.getStep() == Step.BLOB_COPY && e.getPayload() instanceof StepCompleted c && c.getBlobs() != null) {
                    copied += c.getBlobs().getCopied();
                    skipped += c.getBlobs().getSkipped();
                }
            }
            assertTrue(copied <= 1200, "objects copied twice: " + copied + " copies of 1200 objects");
            assertTrue(skipped <= 2L * PAGE, "finished pages were copied again (" + skipped + " objects skipped)");
            assertTrue(copied + skipped >= 1200, "objects no page answered for: " + copied + " + " + skipped);
        } finally {
            workers.forEach(Process::destroyForcibly);
            Coordinators.stop(server);
        }
    }

    @Test
    void objectsVerifyFindsMissingOrDifferentAreCopiedAgainAloneOnRetry() throws Exception {
        EmbeddedServer server = coordinator("blobmig_repair", Map.of());
        try {
            String base = "http://127.0.0.1:" + server.getPort();
            String id = create(base, "bree", Map.of());
            awaitMigration(base, id, Coordinators::ended, RUN);
            call("POST", base + "/migrations/" + id + "/run", Map.of("until", "BLOB_COPY"), 200);
            assertEquals("READY", awaitMigration(base, id, Coordinators::ended, RUN).get("state").asText());

            Blob deleted = BLOBS.get("bree").get(3);
            Blob damaged = BLOBS.get("bree").get(42);
            targetServer.client().deleteObject(r -> r.bucket(TARGET_BUCKET).key(deleted.key()));
            targetServer.client().putObject(r -> r.bucket(TARGET_BUCKET).key(damaged.key()),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("not what the source has"));
            call("POST", base + "/migrations/" + id + "/run", Map.of(), 200);
            JsonNode m = awaitMigration(base, id, Coordinators::ended, RUN);
            assertEquals("FAILED", m.get("state").asText(), m.toString());
            assertEquals("VERIFY", m.get("step").asText());
            JsonNode status = Coordinators.awaitStatus(base, "bree", id,
                    s -> s.path("blobs").path("verify").path("mismatched").asLong() == 2);
            assertEquals(deleted.key(), status.get("blobs").get("verify").get("missing").get(0).asText());
            assertEquals(damaged.key(), status.get("blobs").get("verify").get("different").get(0).asText());

            call("POST", base + "/migrations/" + id + "/retry", null, 200);
            m = awaitMigration(base, id, x -> x.get("state").asText().matches("COMPLETED|FAILED"), RUN);
            assertEquals("COMPLETED", m.get("state").asText(), m.toString());
            assertCopied("bree");
            long copiedAgain = 0;
            for (Event e : Coordinators.eventsOf(id)) {
                if (e.getStep() == Step.BLOB_COPY && "repair".equals(e.getTask())
                        && e.getPayload() instanceof StepCompleted c) {
                    copiedAgain += c.getBlobs().getCopied();
                }
            }
            assertEquals(2, copiedAgain, "just the two objects are copied again");
        } finally {
            Coordinators.stop(server);
        }
    }

    private static Process blobService(String workerId, Path log) throws Exception {
        Map<String, Object> props = Coordinators.properties("blobmig_crash", "blobmig_crash");
        props.put("relocate.worker-id", workerId);
        props.put("relocate.coordinator.enabled", "false");
        props.put("relocate.dumper.enabled", "false");
        props.put("relocate.loader.enabled", "false");
        props.put("relocate.dns.enabled", "false");
        return Coordinators.startProcess("relocate.blob.BlobApplication", props, log);
    }
}
