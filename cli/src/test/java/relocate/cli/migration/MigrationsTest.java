package relocate.cli.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode migration(String state, String step, String stepState) {
        return JSON.createObjectNode().put("state", state).put("step", step).put("stepState", stepState);
    }

    @Test
    void aBlankIdIsRefusedRatherThanReadAsTheListOfMigrations() {
        for (String blank : new String[] {"", "  ", null}) {
            IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> Migrations.path(blank));
            assertEquals("give a migration id: relocate list shows them", refused.getMessage());
        }
        assertEquals("/migrations/abc", Migrations.path("abc"));
    }

    @Test
    void runningAndAbortingAreNotSettledUnlessAnUndoFailed() {
        assertFalse(Migrations.settled(migration("RUNNING", "LOAD", "RUNNING")));
        assertFalse(Migrations.settled(migration("ABORTING", "UNLOAD", "PENDING")));
        assertTrue(Migrations.settled(migration("ABORTING", "UNLOAD", "FAILED")));
        assertTrue(Migrations.settled(migration("READY", "STATS", "COMPLETED")));
        assertTrue(Migrations.settled(migration("FAILED", "DUMP", "FAILED")));
        assertTrue(Migrations.settled(migration("ABORTED", "UNFREEZE", "COMPLETED")));
        assertTrue(Migrations.settled(migration("COMPLETED", "COMMIT", "COMPLETED")));
    }

    @Test
    void cleanupIsOverWhenItsStepHasEnded() {
        assertFalse(Migrations.cleanedUp(migration("COMPLETED", "COMMIT", "COMPLETED")));
        assertFalse(Migrations.cleanedUp(migration("COMPLETED", "CLEANUP", "RUNNING")));
        assertTrue(Migrations.cleanedUp(migration("COMPLETED", "CLEANUP", "COMPLETED")));
        assertTrue(Migrations.cleanedUp(migration("COMPLETED", "CLEANUP", "FAILED")));
    }

    @Test
    void exitCodeIsZeroWhereTheOperatorAskedToGoAndTwoOtherwise() {
        assertEquals(0, Migrations.exitCode(migration("READY", "STATS", "COMPLETED")));
        assertEquals(0, Migrations.exitCode(migration("COMPLETED", "COMMIT", "COMPLETED")));
        assertEquals(2, Migrations.exitCode(migration("FAILED", "LOAD", "FAILED")));
        assertEquals(2, Migrations.exitCode(migration("ABORTED", "UNFREEZE", "COMPLETED")));
        assertEquals(2, Migrations.exitCode(migration("ABORTING", "UNLOAD", "FAILED")));
        assertEquals(2, Migrations.exitCode(migration("COMPLETED", "CLEANUP", "FAILED")));
    }

    @Test
    void migrationIdsAreUuids() {
        assertTrue(Migrations.looksLikeId("3f2b8c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b"));
        assertFalse(Migrations.looksLikeId("acme"));
        assertFalse(Migrations.looksLikeId("3f2b8c1e-9a4d-4e2f-8b7a"));
    }
}
