package relocate.cli.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import relocate.cli.Relocate;
import relocate.coordinator.Coordinators;
import relocate.sample.SampleBlobs;

/** `relocate generate` against the local stack's PostgreSQL, as an operator types it. */
class GenerateCommandIT {
    private static String url;
    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        Coordinators.createDatabase("cli_generate");
        url = Coordinators.stack().jdbcUrl("cli_generate");
    }

    record Run(int exit, String out, String err) {
    }

    private static synchronized Run relocate(String... args) {
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
    void generatesTwoDomainsAndTheirBlobsThenRefusesToDoubleThem() throws Exception {
        Path blobs = dir.resolve("blobs");
        Run run = relocate("generate", "acme", "--rows", "4k", "--other-domain", "globex", "--other-rows", "2k",
                "--seed", "3", "--jdbc-url", url, "--user", "postgres", "--blobs", "4", "--other-blobs", "2",
                "--blob-size", "1k-8k", "--blob-dir", blobs.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().matches("(?s).*forms\\s+1,600\\s+800.*"), run.out());
        assertTrue(run.out().matches("(?s).*total\\s+4,000\\s+2,000.*"), run.out());
        assertTrue(run.out().contains("6,000 rows in " + url), run.out());
        assertTrue(run.out().contains("4 blobs of acme"), run.out());
        assertEquals(1_600, count("SELECT count(*) FROM forms WHERE domain = 'acme'"));
        assertEquals(800, count("SELECT count(*) FROM forms WHERE domain = 'globex'"));
        for (int n = 0; n < 4; n++) {
            long size = Files.size(blobs.resolve(SampleBlobs.key("acme", n)));
            assertTrue(size >= 1024 && size <= 8192, "blob " + n + ": " + size);
        }
        assertTrue(Files.exists(blobs.resolve(SampleBlobs.key("globex", 1))));
        assertTrue(!Files.exists(blobs.resolve(SampleBlobs.key("globex", 2))));

        Run again = relocate("generate", "acme", "--rows", "4k", "--jdbc-url", url, "--user", "postgres");
        assertEquals(1, again.exit(), again.out() + again.err());
        assertTrue(again.err().contains("domain 'acme' already has rows"), again.err());
        assertEquals(1_600, count("SELECT count(*) FROM forms WHERE domain = 'acme'"));

        Run blobsAgain = relocate("generate", "initech", "--rows", "1k", "--jdbc-url", url, "--user", "postgres",
                "--blobs", "1", "--blob-dir", blobs.toString(), "--other-domain", "acme", "--other-blobs", "1");
        assertEquals(1, blobsAgain.exit(), blobsAgain.out() + blobsAgain.err());
        assertTrue(blobsAgain.err().contains("already holds blobs of acme"), blobsAgain.err());
        assertEquals(0, count("SELECT count(*) FROM users WHERE domain = 'initech'"));
    }

    @Test
    void badSizesAreRefusedWithTheAcceptedForms() {
        Run rows = relocate("generate", "acme", "--rows", "12x", "--jdbc-url", url, "--user", "postgres");
        assertEquals(1, rows.exit(), rows.out() + rows.err());
        assertTrue(rows.err().contains("'12x'") && rows.err().contains("250k"), rows.err());

        Run sizes = relocate("generate", "acme", "--rows", "1k", "--blobs", "2", "--blob-size", "1m-64k",
                "--blob-dir", dir.toString(), "--jdbc-url", url, "--user", "postgres");
        assertEquals(1, sizes.exit(), sizes.out() + sizes.err());
        assertTrue(sizes.err().contains("smallest size comes first"), sizes.err());

        Run noDir = relocate("generate", "acme", "--rows", "1k", "--blobs", "2", "--jdbc-url", url, "--user",
                "postgres");
        assertEquals(1, noDir.exit(), noDir.out() + noDir.err());
        assertTrue(noDir.err().contains("--blob-dir"), noDir.err());
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = Coordinators.connect("cli_generate"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
