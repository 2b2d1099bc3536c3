package relocate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.coordinator.Coordinators;
import relocate.sample.SampleDomain;

/** The relocate verbs against a real coordinator on the local stack, as an operator types them. */
class CliIT {
    private static EmbeddedServer server;
    private static String url;
    private static Map<String, Long> seeded;

    @BeforeAll
    static void start() throws Exception {
        Coordinators.createDatabase("cli_source");
        Coordinators.createDatabase("cli_target");
        try (Connection source = Coordinators.connect("cli_source");
             Connection target = Coordinators.connect("cli_target")) {
            SampleDomain.createSchema(source);
            SampleDomain.createSchema(target);
            seeded = SampleDomain.seed(source, "acme", 0, 1_000);
            SampleDomain.seed(source, "initech", 2, 1_500);
            SampleDomain.seed(source, "umbrella", 3, 1_500);
        }
        server = Coordinators.start("cli_coordinator", "cli");
        url = "http://127.0.0.1:" + server.getPort();
    }

    @AfterAll
    static void stop() {
        Coordinators.stop(server);
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs a verb against the test coordinator (its --url appended, as an operator may put options last). */
    private static Run relocate(String... args) {
        String[] withUrl = java.util.Arrays.copyOf(args, args.length + 2);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = url;
        return run(withUrl);
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Relocate.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void anOperatorRegistersEnvironmentsCountsADomainAndRunsItsPreflight() {
        String sourceUrl = Coordinators.stack().jdbcUrl("cli_source");
        Run add = relocate("env", "add", "cli-src", "--jdbc-url", sourceUrl, "--user", "postgres",
                "--password-env", "RELOCATE_TEST_UNSET_PASSWORD");
        assertEquals(0, add.exit(), add.err());
        assertTrue(add.out().contains("environment cli-src registered"), add.out());
        assertEquals(0, relocate("env", "add", "cli-tgt", "--jdbc-url", Coordinators.stack().jdbcUrl("cli_target"),
                "--user", "postgres").exit());
        assertTrue(relocate("env", "list").out().contains("cli-tgt"));

        Run stats = relocate("stats", "acme", "--env", "cli-src", "--csv");
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.out().startsWith("model,rows"), stats.out());
        assertTrue(stats.out().contains("public.cases," + seeded.get("cases")), stats.out());

        Run create = relocate("create", "acme", "--from", "cli-src", "--to", "cli-tgt");
        assertEquals(0, create.exit(), create.out() + create.err());
        assertTrue(create.out().contains("state READY"), create.out());
        assertTrue(create.out().contains("via case_id -> public.cases"), create.out());
        String id = migrationId(create.out());

        assertTrue(relocate("list", "--domain", "acme").out().contains(id));
        Run abort = relocate("abort", id);
        assertEquals(0, abort.exit(), abort.err());
        assertTrue(abort.out().contains("state ABORTED"), abort.out());
    }

    @Test
    void aFailedPreflightExitsNonZeroWithTheReason() {
        Run create = relocate("create", "globex", "--from", "cli-nowhere", "--to", "cli-tgt");
        assertEquals(2, create.exit(), create.out() + create.err());
        assertTrue(create.out().contains("unknown environment 'cli-nowhere'"), create.out());
        relocate("abort", migrationId(create.out()));
    }

    @Test
    void aMigrationRunsStepByStepAndIsCleanedUp() throws Exception {
        environments();
        Run create = relocate("create", "initech", "--from", "cli-src", "--to", "cli-tgt", "--chunk-rows", "400");
        assertEquals(0, create.exit(), create.out() + create.err());
        String id = migrationId(create.out());
        Run prepare = relocate("run", id, "--prepare");
        assertEquals(0, prepare.exit(), prepare.out() + prepare.err());
        assertTrue(prepare.out().contains("STATS"), prepare.out());
        Run data = relocate("run", id, "--data");
        assertEquals(0, data.exit(), data.out() + data.err());
        Run status = relocate("status", id);
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("VERIFY"), status.out());
        Run commit = relocate("run", id, "--finalize");
        assertEquals(0, commit.exit(), commit.out() + commit.err());
        assertTrue(commit.out().contains("COMPLETED"), commit.out());
        Run cleanup = relocate("cleanup", id, "--yes");
        assertEquals(0, cleanup.exit(), cleanup.out() + cleanup.err());
        try (Connection source = Coordinators.connect("cli_source"); java.sql.Statement st = source.createStatement();
             java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM cases WHERE domain = 'initech'")) {
            r.next();
            assertEquals(0, r.getLong(1));
        }
        try (Connection target = Coordinators.connect("cli_target"); java.sql.Statement st = target.createStatement();
             java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM cases WHERE domain = 'initech'")) {
            r.next();
            assertTrue(r.getLong(1) > 0);
        }
    }

    @Test
    void anOfflineArchiveLoadsIntoAnotherDatabaseWithTheSameChecks() throws Exception {
        Coordinators.createDatabase("cli_offline");
        try (Connection c = Coordinators.connect("cli_offline")) {
            SampleDomain.createSchema(c);
        }
        java.nio.file.Path archive = java.nio.file.Files.createTempDirectory("relocate-cli").resolve("umbrella.zip");
        Run dump = run("dump", "umbrella", "--jdbc-url", Coordinators.stack().jdbcUrl("cli_source"), "--user",
                "postgres", "--out", archive.toString(), "--chunk-rows", "500");
        assertEquals(0, dump.exit(), dump.out() + dump.err());
        assertTrue(java.nio.file.Files.size(archive) > 0);
        long size = java.nio.file.Files.size(archive);
        Run overwrite = run("dump", "umbrella", "--jdbc-url", Coordinators.stack().jdbcUrl("cli_source"), "--user",
                "postgres", "--out", archive.toString());
        assertTrue(overwrite.exit() != 0 && overwrite.err().contains("exists: Relocate does not overwrite"),
                overwrite.out() + overwrite.err());
        assertEquals(size, java.nio.file.Files.size(archive), "the first archive is left as it was");
        assertTrue(dump.out().contains("public.cases"), dump.out());

        String target = Coordinators.stack().jdbcUrl("cli_offline");
        Run badFilter = run("load", archive.toString(), "--jdbc-url", target, "--user", "postgres",
                "--object-filter", "cases[");
        assertEquals(1, badFilter.exit(), badFilter.out() + badFilter.err());
        assertTrue(badFilter.err().contains("cases["), badFilter.err());

        Run load = run("load", archive.toString(), "--jdbc-url", target, "--user", "postgres");
        assertEquals(0, load.exit(), load.out() + load.err());
        assertTrue(load.out().contains("models match"), load.out());

        Run again = run("load", archive.toString(), "--jdbc-url", target, "--user", "postgres");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.err().contains("already has"), again.err());
    }

    @Test
    void anEnvironmentNamesItsBlobStoreAndADnsRecordNeedsItsKey() throws Exception {
        String url = Coordinators.stack().jdbcUrl("cli_source");
        String dir = java.nio.file.Files.createTempDirectory("relocate-cli-env-blobs").toString();
        Run add = relocate("env", "add", "cli-blobs", "--jdbc-url", url, "--user", "postgres", "--blob-dir", dir);
        assertEquals(0, add.exit(), add.out() + add.err());
        assertTrue(add.out().contains("blobs in fs"), add.out());

        Run noKey = relocate("env", "add", "cli-dns", "--jdbc-url", url, "--user", "postgres",
                "--dns-server", "127.0.0.1:53", "--dns-zone", "apps.example.", "--dns-record", "{domain}.apps.example.",
                "--dns-address", "eu.example.", "--dns-key-name", "relocate", "--dns-key-env", "RELOCATE_TEST_UNSET_KEY");
        assertEquals(1, noKey.exit(), noKey.out() + noKey.err());
        assertTrue(noKey.err().contains("keySecret is required"), noKey.err());
    }

    @Test
    void aDomainsBlobsGoToAnArchiveAndBackWithTheirHashesChecked() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("relocate-cli-blobs");
        java.nio.file.Path source = dir.resolve("source");
        relocate.sample.SampleBlobs.write(source, "umbrella", 2, 25, 100, 50_000);
        relocate.sample.SampleBlobs.write(source, "globex", 1, 5, 100, 1_000);
        java.nio.file.Path archive = dir.resolve("umbrella-blobs.tar.gz");
        Run export = run("blob", "export", "umbrella", "--blob-dir", source.toString(), "--out", archive.toString());
        assertEquals(0, export.exit(), export.out() + export.err());
        assertTrue(export.out().contains("exported 25 blobs of umbrella"), export.out());

        java.nio.file.Path target = dir.resolve("target");
        java.nio.file.Files.createDirectories(target);
        Run imported = run("blob", "import", archive.toString(), "--blob-dir", target.toString());
        assertEquals(0, imported.exit(), imported.out() + imported.err());
        assertTrue(imported.out().contains("imported 25 blobs of umbrella"), imported.out());
        for (int n = 0; n < 25; n++) {
            String key = relocate.sample.SampleBlobs.key("umbrella", n);
            assertEquals(-1L, java.nio.file.Files.mismatch(source.resolve(key), target.resolve(key)), key);
        }
        assertFalse(java.nio.file.Files.exists(target.resolve("globex")), "another domain's blobs were exported");

        // a blob changed on the target since is not overwritten: the import names it and fails
        java.nio.file.Files.writeString(target.resolve(relocate.sample.SampleBlobs.key("umbrella", 3)), "changed");
        Run again = run("blob", "import", archive.toString(), "--blob-dir", target.toString());
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.err().contains(relocate.sample.SampleBlobs.key("umbrella", 3)), again.err());
        assertEquals("changed", java.nio.file.Files.readString(target.resolve(
                relocate.sample.SampleBlobs.key("umbrella", 3))));
    }

    private static void environments() {
        relocate("env", "add", "cli-src", "--jdbc-url", Coordinators.stack().jdbcUrl("cli_source"), "--user", "postgres");
        relocate("env", "add", "cli-tgt", "--jdbc-url", Coordinators.stack().jdbcUrl("cli_target"), "--user", "postgres");
    }

    /** The id `create` prints on a line of its own (other lines may be logs of the embedded coordinator). */
    private static String migrationId(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^([0-9a-f-]{36})$").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void anUnreachableCoordinatorIsAClearErrorNotAStackTrace() {
        Run list = run("list", "--url", "http://127.0.0.1:9");
        assertEquals(1, list.exit());
        assertTrue(list.err().contains("cannot reach the coordinator at http://127.0.0.1:9"), list.err());
        assertTrue(list.err().contains("./relocate stack up"), list.err());
        assertTrue(!list.err().contains("Exception"), list.err());
    }
}
