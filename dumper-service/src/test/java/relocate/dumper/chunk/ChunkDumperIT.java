package relocate.dumper.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.DomainCatalog;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;

class ChunkDumperIT {

    private static final String INJECTION = "o'brien\"; DROP TABLE cases; --";
    private static final String BACKSLASHES = "back\\slash\\'; SELECT 1; --\\";

    private static Connection source;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("chunk_dumper_it"));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");
        TestDatabases.execute(source, """
                INSERT INTO users (id, domain, username) VALUES (10, 'back\\slash\\''; SELECT 1; --\\', 'eve'),
                    (11, 'back\\slash\\''; SELECT 1; --\\', 'fay');
                CREATE TABLE visit_log (domain text NOT NULL, note text,
                    note_length integer GENERATED ALWAYS AS (length(note)) STORED);
                INSERT INTO visit_log (domain, note) VALUES ('alpha', 'first'), ('alpha', 'second'), ('beta', 'other'),
                    ('alpha', 'first');
                """);
    }

    @AfterAll
    static void close() throws SQLException {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void theChunksChecksumIsTheSha256OfItsBytesAndStableAcrossDumps() throws Exception {
        Model locations = model("public", "locations");
        ChunkRange all = ChunkPlanner.plan(source, locations, "alpha", 1000).get(0);

        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ChunkDump dump = ChunkDumper.dump(source, locations, "alpha", all, first);
        ChunkDump again = ChunkDumper.dump(source, locations, "alpha", all, OutputStream.nullOutputStream());

        assertEquals(3, dump.rows());
        assertEquals(first.size(), dump.bytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first.toByteArray())),
                dump.sha256());
        assertEquals(dump, again);
        assertTrue(new String(first.toByteArray(), 0, 11, java.nio.charset.StandardCharsets.ISO_8859_1)
                .startsWith("PGCOPY\n\u00ff\r\n"), "binary COPY format");

        TestDatabases.execute(source, "UPDATE locations SET name = 'North!' WHERE id = 1");
        try {
            assertNotEquals(dump.sha256(),
                    ChunkDumper.dump(source, locations, "alpha", all, OutputStream.nullOutputStream()).sha256());
        } finally {
            TestDatabases.execute(source, "UPDATE locations SET name = 'North' WHERE id = 1");
        }
    }

    @Test
    void aTableWithoutAKeyDumpsAsOneChunkWithoutItsGeneratedColumnAndAStableChecksum() throws SQLException {
        Model visits = model("public", "visit_log");
        assertEquals(List.of("domain", "note"), ChunkDumper.copiedColumns(visits));
        ChunkRange whole = ChunkPlanner.plan(source, visits, "alpha", 1).get(0);

        ChunkDump dump = ChunkDumper.dump(source, visits, "alpha", whole, OutputStream.nullOutputStream());

        assertEquals(3, dump.rows(), "duplicate rows are kept");
        assertEquals(dump, ChunkDumper.dump(source, visits, "alpha", whole, OutputStream.nullOutputStream()));
        Model events = model("audit", "form_events");
        assertEquals(1, ChunkDumper.dump(source, events, "alpha", ChunkRange.wholeModel(events.name()),
                OutputStream.nullOutputStream()).rows(), "a partitioned table, selected through forms");
    }

    @Test
    void aDomainNameWithQuotesSemicolonsAndBackslashesIsOnlyData() throws Exception {
        Model users = model("public", "users");
        Model cases = model("public", "cases");
        Model caseIndices = model("public", "case_indices");

        assertEquals(2, dumpAll(users, BACKSLASHES).rows());
        assertEquals(1, dumpAll(users, INJECTION).rows());
        assertEquals(1, dumpAll(cases, INJECTION).rows());
        assertEquals(1, dumpAll(caseIndices, INJECTION).rows(), "through a foreign key");
        assertEquals(0, dumpAll(users, "ALPHA").rows(), "compared exactly");
        assertEquals(5, count("SELECT count(*) FROM cases"), "the cases table is untouched");
        for (String value : List.of(INJECTION, BACKSLASHES, "''", "\\'", "日本語 ?")) {
            assertEquals(value, selectLiteral(value), "the literal reads back as the value");
        }
    }

    @Test
    void refusesToEmbedTheDomainWhenBackslashesWouldBeEscapes() throws SQLException {
        TestDatabases.execute(source, "SET standard_conforming_strings = off");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> dumpAll(model("public", "users"), BACKSLASHES));
            assertTrue(e.getMessage().contains("standard_conforming_strings"), e.getMessage());
        } finally {
            TestDatabases.execute(source, "SET standard_conforming_strings = on");
        }
    }

    @Test
    void aDestinationThatFailsMidChunkFailsTheDumpAndLeavesTheConnectionUsable() throws SQLException {
        Model users = model("public", "users");
        OutputStream broken = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > 20) {
                    throw new IOException("disk full");
                }
            }
        };

        ChunkDumpFailure failure = assertThrows(ChunkDumpFailure.class,
                () -> ChunkDumper.dump(source, users, "alpha", ChunkRange.wholeModel(users.name()), broken));

        assertTrue(failure.getMessage().contains("public.users#0") && failure.getMessage().contains("disk full"),
                failure.getMessage());
        assertEquals(2, dumpAll(users, "alpha").rows(), "the copy was ended cleanly: the connection works");
        assertEquals(5, count("SELECT count(*) FROM cases"), "and answers each query with its own result");
    }

    @Test
    void aChunkOf200kRowsStreamsWithoutBeingHeld() throws SQLException {
        TestDatabases.execute(source, """
                CREATE TABLE readings (id integer PRIMARY KEY, domain text NOT NULL, taken timestamptz NOT NULL,
                    value numeric(12, 3) NOT NULL, note text);
                INSERT INTO readings SELECT g, 'alpha', timestamptz '2026-01-01' + g * interval '1 minute', g / 7.0,
                    repeat('x', 80) FROM generate_series(1, 200000) g;
                """);
        Model readings = model("public", "readings");
        List<ChunkRange> ranges = ChunkPlanner.plan(source, readings, "alpha", 250_000);
        assertEquals(1, ranges.size());
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heapBefore = runtime.totalMemory() - runtime.freeMemory();

        long started = System.nanoTime();
        ChunkDump dump = ChunkDumper.dump(source, readings, "alpha", ranges.get(0), OutputStream.nullOutputStream());
        long millis = (System.nanoTime() - started) / 1_000_000;

        long heapAfter = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf("dumped %d rows, %d bytes in %d ms; heap in use %d MiB before, %d MiB after (max %d MiB)%n",
                dump.rows(), dump.bytes(), millis, heapBefore >> 20, heapAfter >> 20, runtime.maxMemory() >> 20);
        assertEquals(200_000, dump.rows());
    }

    private static ChunkDump dumpAll(Model model, String domain) {
        return ChunkDumper.dump(source, model, domain, ChunkRange.wholeModel(model.name()), OutputStream.nullOutputStream());
    }

    private static Model model(String schema, String table) throws SQLException {
        return DomainCatalog.read(source, "domain").model(new TableName(schema, table)).orElseThrow();
    }

    private static String selectLiteral(String value) throws SQLException {
        try (Statement statement = source.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + SqlLiteral.quote(value))) {
            result.next();
            return result.getString(1);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Statement statement = source.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
