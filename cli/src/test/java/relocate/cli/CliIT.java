package relocate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
