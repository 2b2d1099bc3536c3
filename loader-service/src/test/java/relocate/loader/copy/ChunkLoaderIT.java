package relocate.loader.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;
import relocate.dumper.chunk.ChunkDump;
import relocate.dumper.chunk.ChunkDumper;
import relocate.dumper.chunk.ChunkPlanner;
import relocate.loader.copy.ChunkLoadFailure.Reason;

/** Chunks dumped from a real source by the real dumper, loaded into real targets. */
class ChunkLoaderIT {

    private static final String INJECTION = "o'brien\"; DROP TABLE cases; --";
    private static final List<String> OTHER_DOMAINS = List.of("beta", INJECTION);
    private static final String EXTRA_SCHEMA = """
            CREATE TABLE visit_log (domain text NOT NULL, note text,
                note_length integer GENERATED ALWAYS AS (length(note)) STORED);
            """;

    private static Connection source;
    private static DomainModel sourceModel;
    private static int targets;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("chunk_loader_source"));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");
        TestDatabases.execute(source, EXTRA_SCHEMA + """
                INSERT INTO visit_log (domain, note) VALUES ('alpha', 'first'), ('alpha', 'first'), ('alpha', NULL),
                    ('beta', 'other');
                -- enough of alpha's case indices for several chunks, and some of beta's between them
                INSERT INTO case_indices (case_id, referenced_id, identifier)
                    SELECT CASE WHEN g % 5 = 0 THEN '00000000-0000-0000-0000-00000000c004'::uuid
                                WHEN g % 2 = 0 THEN '00000000-0000-0000-0000-00000000c001'::uuid
                                ELSE '00000000-0000-0000-0000-00000000c003'::uuid END,
                           '00000000-0000-0000-0000-00000000c002', 'bulk ' || g
                    FROM generate_series(1, 1250) g;
                """);
        sourceModel = DomainCatalog.read(source, "domain");
    }

    @AfterAll
    static void close() throws SQLException {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void everyModelOfADomainArrivesWholeAndTheOtherDomainsAreUntouched() throws Exception {
        try (Connection target = newTarget()) {
            Map<String, String> othersBefore = otherDomains(target);
            assertTrue(rows(target, "alpha").values().stream().allMatch(h -> h.startsWith("0:")), "alpha not there yet");

            List<ChunkRange> chunks = moveDomain(target, "alpha", 300);

            assertEquals(rows(source, "alpha"), rows(target, "alpha"));
            assertEquals(othersBefore, otherDomains(target));
            assertEquals(4, chunks.stream().filter(c -> c.model().name().equals("case_indices")).count(),
                    "1002 rows in chunks of 300: 300, 300, 300 and 102");
            for (String wholeModel : List.of("public.attachment_chunks", "audit.form_events", "public.visit_log",
                    "public.forms", "public.cases")) {
                assertEquals(List.of(true), chunks.stream().filter(c -> c.model().toString().equals(wholeModel))
                        .map(ChunkRange::isWholeModel).toList(), wholeModel);
            }
        }
    }

    @Test
    void loadingTheSameChunkTwiceLeavesTheSameRows() throws Exception {
        try (Connection target = newTarget()) {
            moveDomain(target, "alpha", 300);
            Map<String, String> loaded = rows(target, "alpha");

            // ranged by key, no key at all (with duplicate rows), composite key
            for (String table : List.of("case_indices", "visit_log", "attachment_chunks")) {
                Model model = model("public", table);
                for (ChunkRange range : ChunkPlanner.plan(source, model, "alpha", 300)) {
                    Dumped chunk = dump(model, "alpha", range);
                    assertEquals(chunk.dump().rows(), ChunkLoader.load(target, model, "alpha", range,
                            chunk.data(), chunk.dump().rows()));
                }
            }

            assertEquals(loaded, rows(target, "alpha"));
            assertEquals(3, count(target, "SELECT count(*) FROM visit_log WHERE domain = 'alpha'"));
        }
    }

    @Test
    void aLoadThatFailsMidStreamLeavesTheTargetAsItWasAndARetrySucceeds() throws Exception {
        try (Connection target = newTarget()) {
            moveModelsBefore(target, "alpha", "case_indices");
            Model indices = model("public", "case_indices");
            ChunkRange middle = ChunkPlanner.plan(source, indices, "alpha", 300).get(1);
            Dumped chunk = dump(indices, "alpha", middle);
            ChunkRange range = middle;
            int half = chunk.bytes().length / 2;
            Map<String, String> before = rows(target, "alpha");

            ChunkLoadFailure broken = assertThrows(ChunkLoadFailure.class, () -> ChunkLoader.load(target, indices,
                    "alpha", range, failingAfter(chunk.bytes(), half), chunk.dump().rows()));
            assertEquals(Reason.DATA_UNREADABLE, broken.reason(), broken.getMessage());
            assertTrue(broken.getMessage().contains("public.case_indices#1"), broken.getMessage());
            assertEquals(before, rows(target, "alpha"));

            ChunkLoadFailure truncated = assertThrows(ChunkLoadFailure.class, () -> ChunkLoader.load(target, indices,
                    "alpha", range, new ByteArrayInputStream(Arrays.copyOf(chunk.bytes(), half)), chunk.dump().rows()));
            assertEquals(Reason.DATA_INVALID, truncated.reason(), truncated.getMessage());
            assertEquals(before, rows(target, "alpha"));

            assertEquals(300, ChunkLoader.load(target, indices, "alpha", range, chunk.data(), chunk.dump().rows()));
            assertEquals(300, count(target, "SELECT count(*) FROM case_indices WHERE identifier LIKE 'bulk %'"));
            Map<String, String> loaded = rows(target, "alpha");

            // once loaded, a failed replacement keeps the rows that were there
            assertThrows(ChunkLoadFailure.class, () -> ChunkLoader.load(target, indices, "alpha", range,
                    failingAfter(chunk.bytes(), half), chunk.dump().rows()));
            assertEquals(loaded, rows(target, "alpha"));
        }
    }

    @Test
    void aLoadWhoseServerConnectionDiesMidChunkLeavesNothing() throws Exception {
        String database;
        try (Connection target = newTarget()) {
            database = target.getCatalog();
            moveModelsBefore(target, "alpha", "case_indices");
        }
        Model indices = model("public", "case_indices");
        ChunkRange first = ChunkPlanner.plan(source, indices, "alpha", 300).get(0);
        Dumped chunk = dump(indices, "alpha", first);

        try (Connection target = TestDatabases.connect(database); Connection killer = TestDatabases.connect(database)) {
            int backend = backendPid(target);
            InputStream killedHalfway = new FilterInputStream(new ByteArrayInputStream(chunk.bytes())) {
                private int read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read > chunk.bytes().length / 2) {
                        try {
                            terminate(killer, backend);
                        } catch (SQLException e) {
                            throw new IOException(e);
                        }
                    }
                    int n = super.read(b, off, Math.min(len, 512));
                    read += Math.max(n, 0);
                    return n;
                }
            };

            ChunkLoadFailure crash = assertThrows(ChunkLoadFailure.class, () -> ChunkLoader.load(target, indices,
                    "alpha", first, killedHalfway, chunk.dump().rows()));
            assertEquals(Reason.DATABASE_ERROR, crash.reason(), crash.getMessage());
        }
        try (Connection target = TestDatabases.connect(database)) {
            assertEquals(0, count(target, "SELECT count(*) FROM case_indices i JOIN cases c ON c.id = i.case_id "
                    + "WHERE c.domain = 'alpha'"));
            assertEquals(300, ChunkLoader.load(target, indices, "alpha", first, chunk.data(),
                    chunk.dump().rows()), "the retry loads the whole chunk");
        }
    }

    @Test
    void aChunkWithAnotherRowCountThanRecordedIsNotLoaded() throws Exception {
        try (Connection target = newTarget()) {
            moveModelsBefore(target, "alpha", "case_indices");
            Model indices = model("public", "case_indices");
            ChunkRange first = ChunkPlanner.plan(source, indices, "alpha", 300).get(0);
            Dumped chunk = dump(indices, "alpha", first);

            ChunkLoadFailure failure = assertThrows(ChunkLoadFailure.class, () -> ChunkLoader.load(target, indices,
                    "alpha", first, chunk.data(), chunk.dump().rows() + 1));

            assertEquals(Reason.ROW_COUNT_MISMATCH, failure.reason());
            assertTrue(failure.getMessage().contains("holds 300 rows, but the dump recorded 301"), failure.getMessage());
            assertEquals(0, count(target, "SELECT count(*) FROM case_indices WHERE identifier LIKE 'bulk %'"));
        }
    }

    @Test
    void rowsOutsideTheDeclaredRangeAreRefusedBecauseARetryWouldDuplicateThem() throws Exception {
        try (Connection target = newTarget()) {
            moveModelsBefore(target, "alpha", "case_indices");
            Model indices = model("public", "case_indices");
            List<ChunkRange> ranges = ChunkPlanner.plan(source, indices, "alpha", 300);
            Dumped first = dump(indices, "alpha", ranges.get(0));

            ChunkLoadFailure failure = assertThrows(ChunkLoadFailure.class, () -> ChunkLoader.load(target, indices,
                    "alpha", ranges.get(2), first.data()));

            assertEquals(Reason.ROWS_OUTSIDE_CHUNK, failure.reason(), failure.getMessage());
            assertEquals(0, count(target, "SELECT count(*) FROM case_indices WHERE identifier LIKE 'bulk %'"));
        }
    }

    @Test
    void replacingAParentChunkWhoseRowsChildrenReferenceFailsAndChangesNothing() throws Exception {
        try (Connection target = newTarget()) {
            moveDomain(target, "alpha", 300);
            Map<String, String> loaded = rows(target, "alpha");
            Model cases = model("public", "cases");
            ChunkRange whole = ChunkPlanner.plan(source, cases, "alpha", 300).get(0);
            Dumped chunk = dump(cases, "alpha", whole);

            ChunkLoadFailure failure = assertThrows(ChunkLoadFailure.class, () -> ChunkLoader.load(target, cases,
                    "alpha", whole, chunk.data(), chunk.dump().rows()));

            assertEquals(Reason.STILL_REFERENCED, failure.reason(), failure.getMessage());
            assertTrue(failure.getMessage().contains("reverse load order"), failure.getMessage());
            assertEquals(loaded, rows(target, "alpha"));
        }
    }

    @Test
    void aChunkOf200kRowsStreamsFromTheSourceIntoTheTarget() throws Exception {
        String readings = """
                CREATE TABLE readings (id integer PRIMARY KEY, domain text NOT NULL, taken timestamptz NOT NULL,
                    value numeric(12, 3) NOT NULL, note text);
                """;
        TestDatabases.execute(source, readings + """
                INSERT INTO readings SELECT g, 'alpha', timestamptz '2026-01-01' + g * interval '1 minute', g / 7.0,
                    repeat('x', 80) FROM generate_series(1, 200000) g;
                """);
        Model model = DomainCatalog.read(source, "domain").model(new TableName("public", "readings")).orElseThrow();
        ChunkRange whole = ChunkPlanner.plan(source, model, "alpha", 250_000).get(0);
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, readings);
            java.io.PipedInputStream data = new java.io.PipedInputStream(64 * 1024);
            java.io.PipedOutputStream pipe = new java.io.PipedOutputStream(data);
            long started = System.nanoTime();
            java.util.concurrent.CompletableFuture<ChunkDump> dumped = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (pipe) {
                    return ChunkDumper.dump(source, model, "alpha", whole, pipe);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            long loaded = ChunkLoader.load(target, model, "alpha", whole, data);

            ChunkDump dump = dumped.get(1, java.util.concurrent.TimeUnit.MINUTES);
            System.out.printf("piped %d rows, %d bytes from source to target in %d ms%n", loaded, dump.bytes(),
                    (System.nanoTime() - started) / 1_000_000);
            assertEquals(200_000, loaded);
            assertEquals(dump.rows(), loaded);
            String content = "SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM readings t";
            assertEquals(text(source, content), text(target, content));
        }
    }

    /**
     * A shared target's statistics know its other domains' rows, not the ones a migration loads: a target where
     * {@code alpha} is unknown to the planner, though its rows are there.
     */
    private static final String OWNERS_AND_PETS = """
            CREATE TABLE owners (id bigint PRIMARY KEY, domain text NOT NULL, name text);
            CREATE INDEX owners_domain ON owners (domain);
            CREATE TABLE pets (id bigint PRIMARY KEY, owner_id bigint NOT NULL REFERENCES owners (id), name text);
            ALTER TABLE owners SET (autovacuum_enabled = false);
            ALTER TABLE pets SET (autovacuum_enabled = false);
            INSERT INTO owners SELECT 1000000 + g, 'beta', 'b' || g FROM generate_series(1, 2000) g;
            INSERT INTO pets SELECT 1000000 + g, 1000000 + g, 'b' || g FROM generate_series(1, 2000) g;
            """;

    @Test
    void aChunkLoadedAgainOnStatisticsFromBeforeTheLoadIsNotJoinedRowByRowWithItsParents() throws Exception {
        TestDatabases.execute(source, OWNERS_AND_PETS + """
                INSERT INTO owners SELECT g, 'alpha', 'a' || g FROM generate_series(1, 40000) g;
                INSERT INTO pets SELECT g, g, 'a' || g FROM generate_series(1, 40000) g;
                ANALYZE owners, pets;
                """);
        DomainModel withPets = DomainCatalog.read(source, "domain");
        Model owners = withPets.model(new TableName("public", "owners")).orElseThrow();
        Model pets = withPets.model(new TableName("public", "pets")).orElseThrow();
        try (Connection target = TestDatabases.connect(TestDatabases.create("chunk_loader_stale_statistics"))) {
            TestDatabases.execute(target, OWNERS_AND_PETS + "ANALYZE owners, pets;");
            List<ChunkRange> ownerChunks = ChunkPlanner.plan(source, owners, "alpha", 20_000);
            for (ChunkRange range : ownerChunks) {
                ChunkLoader.load(target, owners, "alpha", range, dump(owners, "alpha", range).data());
            }
            List<ChunkRange> petChunks = ChunkPlanner.plan(source, pets, "alpha", 20_000);
            assertEquals(2, petChunks.size());
            Dumped first = dump(pets, "alpha", petChunks.get(0));
            ChunkLoader.load(target, pets, "alpha", petChunks.get(0), first.data());

            // planned as a nested loop, replacing these 20,000 rows reads alpha's 40,000 owners once per row: minutes
            TestDatabases.execute(target, "SET statement_timeout = '10s'");
            assertEquals(20_000, ChunkLoader.load(target, pets, "alpha", petChunks.get(0), first.data(),
                    first.dump().rows()));

            assertEquals(20_000, count(target, "SELECT count(*) FROM pets WHERE id <= 40000"));
            assertEquals(2000, count(target, "SELECT count(*) FROM pets WHERE id > 1000000"), "beta's pets untouched");
            // a chunk is read through its key's range, not through the tenant column's index, which to these
            // statistics holds no alpha (and so looks as good) but reads every alpha row loaded so far
            ChunkRange firstOwners = ownerChunks.get(0);
            assertEquals(null, firstOwners.lo());
            String plan = explain(target, "SELECT count(*) " + owners.fromWhere(firstOwners), "alpha",
                    firstOwners.hi());
            assertTrue(plan.contains("owners_pkey") && !plan.contains("owners_domain"), plan);
        }
    }

    @Test
    void refusesAConnectionWithATransactionOfItsOwn() throws Exception {
        try (Connection target = newTarget()) {
            Model users = model("public", "users");
            target.setAutoCommit(false);
            assertThrows(IllegalStateException.class, () -> ChunkLoader.load(target, users, "alpha",
                    ChunkRange.wholeModel(users.name()), new ByteArrayInputStream(new byte[0])));
            target.rollback();
        }
    }

    // ---- a migration in miniature: plan, dump and load each model in load order ----

    private record Dumped(ChunkDump dump, byte[] bytes) {
        InputStream data() {
            return new ByteArrayInputStream(bytes);
        }
    }

    private static Dumped dump(Model model, String domain, ChunkRange range) {
        // the tests' chunks are small: holding one in memory here keeps the tests short (ChunkDumperIT streams a large one)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChunkDump dump = ChunkDumper.dump(source, model, domain, range, out);
        return new Dumped(dump, out.toByteArray());
    }

    private static List<ChunkRange> moveDomain(Connection target, String domain, long chunkRows) throws SQLException {
        return moveModels(target, domain, chunkRows, sourceModel.models());
    }

    private static void moveModelsBefore(Connection target, String domain, String table) throws SQLException {
        List<Model> parents = new ArrayList<>();
        for (Model model : sourceModel.models()) {
            if (model.name().equals(new TableName("public", table))) {
                break;
            }
            parents.add(model);
        }
        moveModels(target, domain, 300, parents);
    }

    private static List<ChunkRange> moveModels(Connection target, String domain, long chunkRows, List<Model> models)
            throws SQLException {
        List<ChunkRange> loaded = new ArrayList<>();
        for (Model model : models) {
            for (ChunkRange range : ChunkPlanner.plan(source, model, domain, chunkRows)) {
                Dumped chunk = dump(model, domain, range);
                assertEquals(chunk.dump().rows(), ChunkLoader.load(target, model, domain, range,
                        chunk.data(), chunk.dump().rows()));
                loaded.add(range);
            }
        }
        return loaded;
    }

    // ---- targets and what is in them ----

    /** A target with the application's schema and every domain but alpha. */
    private static Connection newTarget() throws Exception {
        Connection target = TestDatabases.connect(TestDatabases.create("chunk_loader_target_" + (++targets)));
        TestDatabases.runScript(target, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(target, "/relocate/catalog/app-data.sql");
        TestDatabases.execute(target, EXTRA_SCHEMA + "INSERT INTO visit_log (domain, note) VALUES ('beta', 'other');");
        List<Model> childrenFirst = new ArrayList<>(DomainCatalog.read(target, "domain").models());
        java.util.Collections.reverse(childrenFirst);
        for (Model model : childrenFirst) {
            try (PreparedStatement delete = target.prepareStatement("DELETE " + model.selection().fromWhere())) {
                model.selection().bindDomain(delete, 1, "alpha");
                delete.executeUpdate();
            }
        }
        return target;
    }

    /** Per model, the domain's rows as a count and a hash of their text, in the same form for source and target. */
    private static Map<String, String> rows(Connection connection, String domain) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Model model : sourceModel.models()) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) || ':' || "
                    + "coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') " + model.selection().fromWhere())) {
                model.selection().bindDomain(statement, 1, domain);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    rows.put(model.name().toString(), result.getString(1));
                }
            }
        }
        return rows;
    }

    private static Map<String, String> otherDomains(Connection target) throws SQLException {
        Map<String, String> all = new LinkedHashMap<>();
        for (String domain : OTHER_DOMAINS) {
            rows(target, domain).forEach((model, hash) -> all.put(domain + " " + model, hash));
        }
        all.put("countries", String.valueOf(count(target, "SELECT count(*) FROM countries")));
        assertNotEquals("0:", all.get("beta public.case_indices"), "the other domain has rows to lose");
        return all;
    }

    private static Model model(String schema, String table) {
        return sourceModel.model(new TableName(schema, table)).orElseThrow();
    }

    private static InputStream failingAfter(byte[] bytes, int limit) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            private int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read >= limit) {
                    throw new IOException("connection to the artifact store reset");
                }
                int n = super.read(b, off, Math.min(len, limit - read));
                read += Math.max(n, 0);
                return n;
            }
        };
    }

    private static int backendPid(Connection connection) throws SQLException {
        return (int) count(connection, "SELECT pg_backend_pid()");
    }

    private static void terminate(Connection killer, int pid) throws SQLException {
        try (PreparedStatement statement = killer.prepareStatement("SELECT pg_terminate_backend(?)")) {
            statement.setInt(1, pid);
            statement.execute();
        }
    }

    private static String explain(Connection connection, String sql, Object... parameters) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    plan.append(result.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getString(1);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
