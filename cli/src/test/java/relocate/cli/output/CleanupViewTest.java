package relocate.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final JsonNode MIGRATION = json("""
            {"id": "m-1", "domain": "acme", "source": "eu-prod", "target": "us-prod", "state": "COMPLETED",
             "step": "COMMIT", "stepState": "COMPLETED", "attempt": 1}""");

    @Test
    void listsTheModelsAndRowsStatsCountedOnTheSource() {
        JsonNode status = json("""
                {"migrationId": "m-1", "sourceStats": [{"model": "public.cases", "rows": 1200, "checksum": "a"},
                                                       {"model": "public.notes", "rows": 30, "checksum": "b"}]}""");
        List<String> lines = CleanupView.lines(MIGRATION, status);
        assertTrue(lines.get(0).contains("deletes domain 'acme' from source environment 'eu-prod'"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("public\\.cases\\s+1,200")), String.join("\n", lines));
        assertEquals("2 models, 1,230 rows (as STATS counted them on the frozen source)", lines.get(lines.size() - 1));
    }

    @Test
    void listsOnlyTheModelsTheObjectFilterLoadedSinceOnlyThoseAreDeleted() {
        JsonNode filtered = json("""
                {"id": "m-1", "domain": "acme", "source": "eu-prod", "target": "us-prod", "state": "COMPLETED",
                 "options": {"object-filter": "public\\\\.cases$"}}""");
        JsonNode status = json("""
                {"migrationId": "m-1", "sourceStats": [{"model": "public.cases", "rows": 1200, "checksum": "a"},
                                                       {"model": "public.notes", "rows": 30, "checksum": "b"}]}""");
        List<String> lines = CleanupView.lines(filtered, status);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("public.notes")), String.join("\n", lines));
        assertEquals("1 models, 1,200 rows (as STATS counted them on the frozen source)", lines.get(lines.size() - 1));
    }

    @Test
    void anotherMigrationsStatusGivesNoCounts() {
        JsonNode status = json("""
                {"migrationId": "m-2", "sourceStats": [{"model": "public.cases", "rows": 5, "checksum": "a"}]}""");
        List<String> lines = CleanupView.lines(MIGRATION, status);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("public.cases")), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).startsWith("(the row counts are not known"), String.join("\n", lines));
        assertEquals(lines, CleanupView.lines(MIGRATION, null));
    }

    @Test
    void onlyTheDomainsExactNameConfirms() {
        assertTrue(CleanupView.confirmed("acme\n", "acme"));
        assertFalse(CleanupView.confirmed("Acme", "acme"));
        assertFalse(CleanupView.confirmed("y", "acme"));
        assertFalse(CleanupView.confirmed(null, "acme"));
    }
}
