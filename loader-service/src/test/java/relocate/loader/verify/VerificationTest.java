package relocate.loader.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.ModelStats;

class VerificationTest {

    private static final TableName USERS = new TableName("public", "users");
    private static final TableName CASES = new TableName("public", "cases");
    private static final TableName VISITS = new TableName("public", "visits");
    private static final TableName EVENTS = new TableName("audit", "form_events");

    private static Map<TableName, ModelStats> stats(ModelStats... models) {
        Map<TableName, ModelStats> stats = new LinkedHashMap<>();
        for (ModelStats model : models) {
            stats.put(model.model(), model);
        }
        return stats;
    }

    @Test
    void theSameStatsOnBothSidesGiveACleanReport() {
        Map<TableName, ModelStats> source = stats(new ModelStats(USERS, 2, "00000000000000aa"),
                new ModelStats(CASES, 5000, "0123456789abcdef"), ModelStats.empty(VISITS));

        VerifyReport report = Verification.compare(source, stats(ModelStats.empty(VISITS),
                new ModelStats(CASES, 5000, "0123456789ABCDEF"), new ModelStats(USERS, 2, "00000000000000aa")));

        assertTrue(report.isClean(), report.describe());
        assertEquals(List.of(USERS, CASES, VISITS), report.matching());
        assertEquals("all 3 models match: the same row count and checksum on source and target", report.describe());
    }

    @Test
    void anotherCountOrAnotherChecksumNamesThatModelOnly() {
        Map<TableName, ModelStats> source = stats(new ModelStats(USERS, 2, "00000000000000aa"),
                new ModelStats(CASES, 5000, "0123456789abcdef"), new ModelStats(VISITS, 7, "000000000000000f"));
        Map<TableName, ModelStats> target = stats(new ModelStats(USERS, 2, "00000000000000aa"),
                new ModelStats(CASES, 4999, "0123456789abcdee"), new ModelStats(VISITS, 7, "000000000000000e"));

        VerifyReport report = Verification.compare(source, target);

        assertFalse(report.isClean());
        assertEquals(List.of(USERS), report.matching());
        assertEquals(List.of(new ModelMismatch(CASES, 5000, 4999, "0123456789abcdef", "0123456789abcdee"),
                new ModelMismatch(VISITS, 7, 7, "000000000000000f", "000000000000000e")), report.mismatches());
        assertEquals(List.of(CASES, VISITS), report.mismatchedModels());
        assertEquals("""
                2 of 3 models differ between source and target:
                  public.cases: source 5,000 rows, target 4,999 rows
                  public.visits: 7 rows on both sides, but their checksums differ (source 000000000000000f, \
                target 000000000000000e)""", report.describe());
    }

    @Test
    void modelsOnOneSideOnlyAreReportedWithTheirRows() {
        VerifyReport report = Verification.compare(
                stats(new ModelStats(USERS, 2, "00000000000000aa"), new ModelStats(VISITS, 1, "000000000000000f")),
                stats(new ModelStats(USERS, 2, "00000000000000aa"), ModelStats.empty(EVENTS)));

        assertFalse(report.isClean());
        assertEquals(List.of(), report.mismatches());
        assertEquals(List.of(new ModelStats(VISITS, 1, "000000000000000f")), report.missingOnTarget());
        assertEquals(List.of(ModelStats.empty(EVENTS)), report.missingOnSource());
        assertEquals("""
                2 of 3 models differ between source and target:
                  public.visits: 1 row on the source, but no such model on the target
                  audit.form_events: 0 rows on the target, but no such model on the source""", report.describe());
    }

    @Test
    void aMismatchNarrowedDownNamesItsChunks() {
        VerifyReport report = Verification.compare(stats(new ModelStats(CASES, 5000, "0123456789abcdef")),
                stats(new ModelStats(CASES, 4999, "0123456789abcdee")));

        VerifyReport one = report.withDifferingChunks(CASES, List.of(new ChunkRange(CASES, 3, "id", 3000L, 4000L)));
        VerifyReport two = report.withDifferingChunks(CASES, List.of(new ChunkRange(CASES, 0, "id", null, 1000L),
                new ChunkRange(CASES, 5, "id", 5000L, null)));
        VerifyReport whole = report.withDifferingChunks(CASES, List.of(ChunkRange.wholeModel(CASES)));

        assertEquals("public.cases: source 5,000 rows, target 4,999 rows; chunk #3 (id in [3000, 4000)) differs",
                one.mismatch(CASES).orElseThrow().describe());
        assertEquals("public.cases: source 5,000 rows, target 4,999 rows; chunks #0 (id in [-inf, 1000)), "
                + "#5 (id in [5000, +inf)) differ", two.mismatch(CASES).orElseThrow().describe());
        assertEquals("public.cases: source 5,000 rows, target 4,999 rows; chunk #0 (whole model) differs",
                whole.mismatch(CASES).orElseThrow().describe());
        assertEquals(List.of(), report.mismatch(CASES).orElseThrow().differingChunks(), "the report itself is unchanged");
    }

    @Test
    void refusesStatsUnderAnotherModelsNameAndChunksOfAnotherModel() {
        Map<TableName, ModelStats> misfiled = new LinkedHashMap<>();
        misfiled.put(USERS, ModelStats.empty(CASES));
        IllegalArgumentException keyed = assertThrows(IllegalArgumentException.class,
                () -> Verification.compare(stats(ModelStats.empty(USERS)), misfiled));
        assertTrue(keyed.getMessage().contains("the target's stats give the stats of public.cases as those of "
                + "public.users"), keyed.getMessage());

        VerifyReport report = Verification.compare(stats(new ModelStats(CASES, 2, "00000000000000aa")),
                stats(new ModelStats(CASES, 1, "00000000000000aa")));
        IllegalArgumentException otherModel = assertThrows(IllegalArgumentException.class,
                () -> report.withDifferingChunks(CASES, List.of(ChunkRange.wholeModel(USERS))));
        assertTrue(otherModel.getMessage().contains("public.users#0 (whole model) is no chunk of public.cases"),
                otherModel.getMessage());
        IllegalArgumentException notMismatched = assertThrows(IllegalArgumentException.class,
                () -> report.withDifferingChunks(USERS, List.of()));
        assertTrue(notMismatched.getMessage().contains("the rows of public.users did not differ"),
                notMismatched.getMessage());
    }
}
