package relocate.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A status of migration m-1 with one model, public.cases, of two 500-row chunks, and another of 100 rows. */
    private static JsonNode status(String migrationId, String casesDumped, String casesLoaded) {
        return json("""
                {"domain": "acme", "migrationId": "%s", "state": "RUNNING", "reason": null,
                 "sourceEnvironment": "eu", "targetEnvironment": "us", "currentStep": "DUMP",
                 "steps": [{"step": "PREFLIGHT", "state": "COMPLETED", "attempt": 1, "startedAt": "2026-01-01T10:00:00Z",
                            "endedAt": "2026-01-01T10:00:01Z", "done": 0, "total": 0, "unit": "", "message": null},
                           {"step": "DUMP", "state": "RUNNING", "attempt": 1, "startedAt": "2026-01-01T10:01:00Z",
                            "endedAt": null, "done": 1, "total": 3, "unit": "chunks", "message": null}],
                 "models": [{"model": "public.cases", "rows": 1000, "chunkRows": [500, 500],
                             "dumped": %s, "loaded": %s},
                            {"model": "public.notes", "rows": 100, "chunkRows": [100], "dumped": [], "loaded": []}],
                 "sourceStats": [], "verify": null, "updatedAt": "2026-01-01T10:01:30Z"}
                """.formatted(migrationId, casesDumped, casesLoaded));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String line(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + start + " in\n" + String.join("\n", lines)));
    }

    @Test
    void rowsDoneAreTheRowsOfTheChunksDoneCountedOnce() {
        JsonNode model = json("{\"model\": \"m\", \"rows\": 600, \"chunkRows\": [100, 200, 300], \"dumped\": [0, 2, 2],"
                + " \"loaded\": [1]}");
        assertEquals(400, ProgressView.rowsDone(model, "dumped"));
        assertEquals(200, ProgressView.rowsDone(model, "loaded"));
    }

    @Test
    void chunksOfUnknownRowsShareWhatTheKnownOnesLeaveOfTheModel() {
        JsonNode model = json("{\"model\": \"m\", \"rows\": 1000, \"chunkRows\": [400, -1, -1], \"dumped\": [1, 2],"
                + " \"loaded\": []}");
        assertEquals(600, ProgressView.rowsDone(model, "dumped"));
    }

    @Test
    void aModelShowsABarPerPhaseWithItsShareDone() {
        List<String> lines = ProgressView.render(null, status("m-1", "[0]", "[]"), Duration.ZERO);
        String cases = line(lines, "public.cases");
        assertTrue(cases.contains("1,000"), cases);
        assertTrue(cases.contains("[##########----------]  50%"), cases);
        assertTrue(cases.contains("[--------------------]   0%"), cases);
    }

    @Test
    void withoutAnEarlierSnapshotThereIsNoRateNorTimeLeft() {
        List<String> lines = ProgressView.render(null, status("m-1", "[0]", "[]"), Duration.ZERO);
        String cases = line(lines, "public.cases");
        assertFalse(cases.matches(".*%\\s+\\d.*"), cases);
        assertFalse(cases.contains(":"), cases);
    }

    @Test
    void theRateIsTheRowsDoneSinceTheEarlierSnapshotOverTheTimeBetween() {
        List<String> lines = ProgressView.render(status("m-1", "[]", "[]"), status("m-1", "[0]", "[]"),
                Duration.ofSeconds(10));
        String cases = line(lines, "public.cases");
        // 500 rows in 10 s: 50 rows/s; 500 rows left: 10 s
        assertTrue(cases.matches(".*  50%\\s+50\\s+0:10\\s+\\[-+\\]\\s+0%$"), cases);
    }

    @Test
    void theTotalLineAddsUpEveryModel() {
        List<String> lines = ProgressView.render(status("m-1", "[]", "[]"), status("m-1", "[0, 1]", "[0]"),
                Duration.ofSeconds(4));
        String all = line(lines, "(all 2 models)");
        // dump: 1,000 of 1,100 rows, 250 rows/s, 100 left; load: 500 of 1,100, 125 rows/s, 600 left
        assertTrue(all.contains("1,100"), all);
        assertTrue(all.matches(".*  90%\\s+250\\s+0:01\\s+\\[#+-+\\]\\s+45%\\s+125\\s+0:05$"), all);
    }

    @Test
    void aPhaseDoneSaysSoInsteadOfATimeLeft() {
        List<String> lines = ProgressView.render(status("m-1", "[0]", "[]"), status("m-1", "[0, 1]", "[]"),
                Duration.ofSeconds(1));
        String cases = line(lines, "public.cases");
        assertTrue(cases.contains("[####################] 100%"), cases);
        assertTrue(cases.contains("done"), cases);
    }

    @Test
    void aStalledPhaseShowsZeroRowsPerSecondAndNoTimeLeft() {
        List<String> lines = ProgressView.render(status("m-1", "[0]", "[]"), status("m-1", "[0]", "[]"),
                Duration.ofSeconds(5));
        String cases = line(lines, "public.cases");
        assertTrue(cases.matches(".*  50%\\s+0\\s+\\[-+\\]\\s+0%$"), cases);
    }

    @Test
    void anotherMigrationsSnapshotIsNoBaseForARate() {
        List<String> lines = ProgressView.render(status("m-0", "[]", "[]"), status("m-1", "[0]", "[]"),
                Duration.ofSeconds(10));
        assertFalse(line(lines, "public.cases").contains("0:10"), String.join("\n", lines));
    }

    @Test
    void theHeaderAndTheStepsTableComeFirst() {
        List<String> lines = ProgressView.render(null, status("m-1", "[]", "[]"), Duration.ZERO);
        assertEquals("domain acme: migration m-1, eu -> us, RUNNING at DUMP (as of 2026-01-01T10:01:30Z)", lines.get(0));
        assertTrue(lines.get(1).startsWith("STEP"), lines.get(1));
        assertTrue(line(lines, "DUMP").contains("1/3 chunks"), String.join("\n", lines));
    }

    @Test
    void verifyMismatchesNameTheirChunks() {
        JsonNode s = status("m-1", "[0, 1]", "[0, 1]");
        ((com.fasterxml.jackson.databind.node.ObjectNode) s).set("verify", json("""
                {"target": [], "mismatches": [{"model": "public.cases", "message": "3 rows differ",
                  "chunks": [{"model": "public.cases", "index": 1}]}]}"""));
        List<String> lines = ProgressView.render(null, s, Duration.ZERO);
        assertTrue(lines.contains("  - public.cases: 3 rows differ (chunks #1)"), String.join("\n", lines));
    }

    @Test
    void beforeStatsThereIsNoModelTable() {
        JsonNode s = status("m-1", "[]", "[]");
        ((com.fasterxml.jackson.databind.node.ObjectNode) s).set("models", JSON.createArrayNode());
        assertTrue(ProgressView.render(null, s, Duration.ZERO).stream().noneMatch(l -> l.startsWith("MODEL")));
    }

    @Test
    void aMigrationTheStatusHasNotShownYetIsSummedUpFromTheCoordinator() {
        List<String> lines = ProgressView.pending(json("""
                {"id": "m-1", "domain": "acme", "source": "eu", "target": "us", "state": "RUNNING",
                 "step": "PREFLIGHT", "stepState": "PENDING", "attempt": 1, "reason": null}"""));
        assertEquals("migration m-1: domain acme, eu -> us, RUNNING at PREFLIGHT (PENDING, attempt 1)", lines.get(0));
    }

    @Test
    void barsAndTimesLeft() {
        assertEquals("[#####-----]", ProgressView.bar(1, 2, 10));
        assertEquals("[#########-]", ProgressView.bar(999, 1000, 10));
        assertEquals("[----------]", ProgressView.bar(0, 0, 10));
        assertEquals("0:09", ProgressView.eta(Duration.ofSeconds(9)));
        assertEquals("1:05", ProgressView.eta(Duration.ofSeconds(65)));
        assertEquals("1:02:03", ProgressView.eta(Duration.ofSeconds(3723)));
        assertEquals(">99h", ProgressView.eta(Duration.ofHours(100)));
    }
}
