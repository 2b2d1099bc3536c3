package relocate.loader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.DomainStats;
import relocate.dumper.chunk.ChunkDump;
import relocate.dumper.chunk.ChunkDumper;
import relocate.dumper.chunk.ChunkPlanner;
import relocate.loader.copy.ChunkLoader;

/**
 * A domain moved chunk by chunk by the real dumper and loader, then verified; the target is damaged one
 * row at a time, and the damage found, narrowed down to its chunk and repaired by re-loading that chunk.
 */
class VerificationIT {

    private static final String DOMAIN = "alpha";
    private static final long CHUNK_ROWS = 300;
    private static final TableName CASE_INDICES = new TableName("public", "case_indices");
    private static final TableName ATTACHMENT_CHUNKS = new TableName("public", "attachment_chunks");

    private static Connection source;
    private static DomainModel sourceModel;
    private static int targets;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("verification_source"));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");
        // 1,000 more of alpha's case indices (4 chunks of 300 with the 2 it has), beta's 250 between them
        TestDatabases.execute(source, """
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
    void aDomainMovedChunkByChunkVerifiesClean() throws Exception {
        try (Connection target = newTarget()) {
            Map<TableName, List<ChunkRange>> chunks = moveDomain(target);

            VerifyReport report = verify(target);

            assertTrue(report.isClean(), report.describe());
            assertEquals(sourceModel.loadOrder(), report.matching());
            assertTrue(report.describe().startsWith("all " + sourceModel.loadOrder().size() + " models match"),
                    report.describe());
            assertEquals(4, chunks.get(CASE_INDICES).size(), "1,002 rows in chunks of 300");
            assertEquals(List.of(), narrow(target, CASE_INDICES, chunks));
            assertEquals(List.of(), narrow(target, ATTACHMENT_CHUNKS, chunks));
        }
    }

    @Test
    void aRowDeletedOnTheTargetIsNarrowedToItsChunkAndReloadingThatChunkRepairsIt() throws Exception {
        try (Connection target = newTarget()) {
            Map<TableName, List<ChunkRange>> chunks = moveDomain(target);
            ChunkRange third = chunks.get(CASE_INDICES).get(2);
            update(target, "DELETE FROM case_indices WHERE id = ?", firstKeyOfDomainIn(third));

            VerifyReport report = verify(target);

            assertEquals(List.of(CASE_INDICES), report.mismatchedModels(), report.describe());
            assertEquals(List.of(), report.missingOnTarget());
            assertEquals(List.of(), report.missingOnSource());
            ModelMismatch mismatch = report.mismatch(CASE_INDICES).orElseThrow();
            assertEquals(1002, mismatch.sourceRows());
            assertEquals(1001, mismatch.targetRows());

            List<ChunkRange> differing = narrow(target, CASE_INDICES, chunks);

            assertEquals(List.of(third), differing);
            assertEquals("1 of " + sourceModel.loadOrder().size() + " models differs between source and target:\n"
                    + "  public.case_indices: source 1,002 rows, target 1,001 rows; chunk #2 (id in [" + third.lo() + ", "
                    + third.hi() + ")) differs", report.withDifferingChunks(CASE_INDICES, differing).describe());

            reload(target, differing);

            assertTrue(verify(target).isClean(), verify(target).describe());
        }
    }

    @Test
    void aValueChangedOnTheTargetIsNarrowedToItsChunkThoughTheCountsAgree() throws Exception {
        try (Connection target = newTarget()) {
            Map<TableName, List<ChunkRange>> chunks = moveDomain(target);
            List<ChunkRange> indexChunks = chunks.get(CASE_INDICES);
            ChunkRange last = indexChunks.get(indexChunks.size() - 1);
            assertEquals(null, last.hi(), "the last chunk is open above");
            update(target, "UPDATE case_indices SET identifier = identifier || '!' WHERE id = ?",
                    firstKeyOfDomainIn(last));

            VerifyReport report = verify(target);

            assertEquals(List.of(CASE_INDICES), report.mismatchedModels(), report.describe());
            ModelMismatch mismatch = report.mismatch(CASE_INDICES).orElseThrow();
            assertEquals(mismatch.sourceRows(), mismatch.targetRows());
            assertFalse(mismatch.sourceChecksum().equals(mismatch.targetChecksum()));
            assertTrue(mismatch.describe().startsWith("public.case_indices: 1,002 rows on both sides, but their "
                    + "checksums differ"), mismatch.describe());

            List<ChunkRange> differing = narrow(target, CASE_INDICES, chunks);

            assertEquals(List.of(last), differing);
            reload(target, differing);
            assertTrue(verify(target).isClean(), verify(target).describe());
        }
    }

    @Test
    void aRowAddedOnTheTargetAboveEveryKeyFallsInTheOpenLastChunk() throws Exception {
        try (Connection target = newTarget()) {
            Map<TableName, List<ChunkRange>> chunks = moveDomain(target);
            List<ChunkRange> indexChunks = chunks.get(CASE_INDICES);
            update(target, "INSERT INTO case_indices (id, case_id, referenced_id, identifier) VALUES (?, "
                    + "'00000000-0000-0000-0000-00000000c001', '00000000-0000-0000-0000-00000000c002', 'stray')", 1_000_000L);

            VerifyReport report = verify(target);

            assertEquals(List.of(CASE_INDICES), report.mismatchedModels(), report.describe());
            assertEquals(1003, report.mismatch(CASE_INDICES).orElseThrow().targetRows());
            List<ChunkRange> differing = narrow(target, CASE_INDICES, chunks);
            assertEquals(List.of(indexChunks.get(indexChunks.size() - 1)), differing);

            reload(target, differing);

            assertTrue(verify(target).isClean(), verify(target).describe());
        }
    }

    @Test
    void aModelWithoutAnIntegerKeyIsNarrowedToItsOneWholeModelChunk() throws Exception {
        try (Connection target = newTarget()) {
            Map<TableName, List<ChunkRange>> chunks = moveDomain(target);
            update(target, "UPDATE attachment_chunks SET content = '\\x22' WHERE attachment_id = ? AND seq = 2", 1L);

            VerifyReport report = verify(target);

            assertEquals(List.of(ATTACHMENT_CHUNKS), report.mismatchedModels(), report.describe());
            List<ChunkRange> differing = narrow(target, ATTACHMENT_CHUNKS, chunks);
            assertEquals(List.of(ChunkRange.wholeModel(ATTACHMENT_CHUNKS)), differing);
            assertEquals(List.of(), narrow(target, CASE_INDICES, chunks), "only the changed model's chunks differ");
            assertTrue(report.withDifferingChunks(ATTACHMENT_CHUNKS, differing).describe()
                    .endsWith("; chunk #0 (whole model) differs"), report.describe());

            reload(target, differing);

            assertTrue(verify(target).isClean(), verify(target).describe());
        }
    }

    // ---- VERIFY as the loader will run it ----

    private static VerifyReport verify(Connection target) throws SQLException {
        DomainModel targetModel = DomainCatalog.read(target, "domain");
        return Verification.compare(DomainStats.of(source, sourceModel, DOMAIN),
                DomainStats.of(target, targetModel, DOMAIN, DOMAIN));
    }

    private static List<ChunkRange> narrow(Connection target, TableName model, Map<TableName, List<ChunkRange>> chunks)
            throws SQLException {
        return Verification.narrow(source, target, sourceModel, DomainCatalog.read(target, "domain"), model, DOMAIN,
                DOMAIN, chunks.get(model));
    }

    // ---- a migration in miniature: plan, dump and load each model in load order ----

    private static Map<TableName, List<ChunkRange>> moveDomain(Connection target) throws SQLException {
        Map<TableName, List<ChunkRange>> chunks = new LinkedHashMap<>();
        for (Model model : sourceModel.models()) {
            List<ChunkRange> planned = ChunkPlanner.plan(source, model, DOMAIN, CHUNK_ROWS);
            load(target, planned);
            chunks.put(model.name(), planned);
        }
        return chunks;
    }

    /** Dumps these chunks from the source again and loads them into the target, replacing what they hold there. */
    private static void reload(Connection target, List<ChunkRange> chunks) {
        load(target, chunks);
    }

    private static void load(Connection target, List<ChunkRange> chunks) {
        for (ChunkRange chunk : chunks) {
            Model model = sourceModel.model(chunk.model()).orElseThrow();
            ByteArrayOutputStream data = new ByteArrayOutputStream(); // the tests' chunks are small
            ChunkDump dump = ChunkDumper.dump(source, model, DOMAIN, chunk, data);
            assertEquals(dump.rows(), ChunkLoader.load(target, model, DOMAIN, chunk,
                    new ByteArrayInputStream(data.toByteArray()), dump.rows()));
        }
    }

    // ---- targets and what is in them ----

    /** A target with the application's schema and every domain but alpha. */
    private static Connection newTarget() throws Exception {
        Connection target = TestDatabases.connect(TestDatabases.create("verification_target_" + (++targets)));
        TestDatabases.runScript(target, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(target, "/relocate/catalog/app-data.sql");
        List<Model> childrenFirst = new ArrayList<>(DomainCatalog.read(target, "domain").models());
        Collections.reverse(childrenFirst);
        for (Model model : childrenFirst) {
            try (PreparedStatement delete = target.prepareStatement("DELETE " + model.selection().fromWhere())) {
                model.selection().bindDomain(delete, 1, DOMAIN);
                delete.executeUpdate();
            }
        }
        return target;
    }

    /** The lowest key among the domain's rows in the chunk, on the source. */
    private static long firstKeyOfDomainIn(ChunkRange chunk) throws SQLException {
        Model model = sourceModel.model(chunk.model()).orElseThrow();
        String key = Sql.column("t", chunk.keyColumn());
        String sql = "SELECT min(" + key + ") " + model.selection().fromWhere()
                + (chunk.lo() == null ? "" : " AND " + key + " >= ?") + (chunk.hi() == null ? "" : " AND " + key + " < ?");
        try (PreparedStatement statement = source.prepareStatement(sql)) {
            int next = model.selection().bindDomain(statement, 1, DOMAIN);
            if (chunk.lo() != null) {
                statement.setLong(next++, chunk.lo());
            }
            if (chunk.hi() != null) {
                statement.setLong(next, chunk.hi());
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                long first = result.getLong(1);
                assertFalse(result.wasNull(), "chunk " + chunk.describe() + " holds rows of " + DOMAIN);
                return first;
            }
        }
    }

    private static void update(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            assertEquals(1, statement.executeUpdate(), sql);
        }
    }
}
