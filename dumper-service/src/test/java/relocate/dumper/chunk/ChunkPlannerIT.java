package relocate.dumper.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;

class ChunkPlannerIT {

    private static Connection source;

    @BeforeAll
    static void createSource() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("chunk_planner_it"));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");
        TestDatabases.execute(source, """
                CREATE TABLE numbered (id bigint PRIMARY KEY, domain text NOT NULL, payload text);
                -- alpha owns every tenth key from 10 to 1000 (100 rows), beta the keys in between
                INSERT INTO numbered SELECT g, CASE WHEN g % 10 = 0 THEN 'alpha' ELSE 'beta' END, 'row ' || g
                    FROM generate_series(2, 1000) g;
                CREATE TABLE tags (name text PRIMARY KEY, domain text NOT NULL);
                CREATE TABLE visit_log (domain text NOT NULL, note text);
                """);
    }

    @AfterAll
    static void close() throws SQLException {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void boundariesSplitTheDomainsRowsIntoEqualChunksOpenAtBothEnds() throws SQLException {
        Model numbered = model("numbered");

        List<ChunkRange> ranges = ChunkPlanner.plan(source, numbered, "alpha", 30);

        assertEquals(List.of(
                new ChunkRange(numbered.name(), 0, "id", null, 310L),
                new ChunkRange(numbered.name(), 1, "id", 310L, 610L),
                new ChunkRange(numbered.name(), 2, "id", 610L, 910L),
                new ChunkRange(numbered.name(), 3, "id", 910L, null)), ranges);
        assertEquals(List.of(30L, 30L, 30L, 10L), ranges.stream().map(r -> rows(numbered, "alpha", r)).toList(),
                "beta's keys between alpha's do not count");
    }

    @Test
    void rowsBelowTheFirstAndAboveTheLastBoundaryAreInTheEdgeChunks() throws SQLException {
        Model numbered = model("numbered");
        List<ChunkRange> ranges = ChunkPlanner.plan(source, numbered, "alpha", 40);
        try {
            TestDatabases.execute(source, "INSERT INTO numbered VALUES (-7, 'alpha', 'below'), (5000, 'alpha', 'above')");

            assertEquals(41L, rows(numbered, "alpha", ranges.get(0)));
            assertEquals(21L, rows(numbered, "alpha", ranges.get(ranges.size() - 1)));
            assertEquals(102L, ranges.stream().mapToLong(r -> rows(numbered, "alpha", r)).sum());
        } finally {
            TestDatabases.execute(source, "DELETE FROM numbered WHERE id IN (-7, 5000)");
        }
    }

    @Test
    void aDomainWithFewerRowsThanAChunkOrNoneHasOneOpenRange() throws SQLException {
        Model numbered = model("numbered");

        assertEquals(List.of(new ChunkRange(numbered.name(), 0, "id", null, null)),
                ChunkPlanner.plan(source, numbered, "alpha", 100));
        assertEquals(List.of(new ChunkRange(numbered.name(), 0, "id", null, null)),
                ChunkPlanner.plan(source, numbered, "nobody", 10));
    }

    @Test
    void keysThatAreNotOneIntegerColumnGiveOneWholeModelChunk() throws SQLException {
        for (String name : List.of("forms", "attachment_chunks", "tags", "visit_log")) { // uuid, composite, text, none
            Model model = model(name);
            List<ChunkRange> ranges = ChunkPlanner.plan(source, model, "alpha", 1);
            assertEquals(List.of(ChunkRange.wholeModel(model.name())), ranges, name);
            assertNull(ranges.get(0).keyColumn());
        }
        Model events = DomainCatalog.read(source, "domain").model(new TableName("audit", "form_events")).orElseThrow();
        assertEquals(List.of(ChunkRange.wholeModel(events.name())), ChunkPlanner.plan(source, events, "alpha", 1),
                "a partitioned table with a composite key");
    }

    @Test
    void aChildModelIsChunkedThroughItsSelection() throws SQLException {
        Model caseIndices = model("case_indices"); // bigserial key, selected via case_id -> cases

        List<ChunkRange> ranges = ChunkPlanner.plan(source, caseIndices, "alpha", 1);

        assertEquals(2, ranges.size());
        assertEquals(List.of(1L, 1L), ranges.stream().map(r -> rows(caseIndices, "alpha", r)).toList());
    }

    @Test
    void refusesAChunkSizeBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> ChunkPlanner.plan(source, model("numbered"), "alpha", 0));
    }

    private static Model model(String table) throws SQLException {
        DomainModel domain = DomainCatalog.read(source, "domain");
        return domain.model(new TableName("public", table)).orElseThrow();
    }

    private static long rows(Model model, String domain, ChunkRange range) {
        return ChunkDumper.dump(source, model, domain, range, OutputStream.nullOutputStream()).rows();
    }
}
