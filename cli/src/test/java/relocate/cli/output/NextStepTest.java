package relocate.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NextStepTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode migration(String state, String step, String stepState, boolean rehearsal) {
        ObjectNode m = JSON.createObjectNode().put("id", "m-1").put("state", state).put("step", step)
                .put("stepState", stepState);
        ObjectNode options = m.putObject("options").put("chunk-rows", "50000");
        if (rehearsal) {
            options.put("rehearsal", "true");
        }
        return m;
    }

    private static String next(String state, String step, String stepState, boolean rehearsal) {
        return NextStep.of(migration(state, step, stepState, rehearsal)).orElse("");
    }

    @Test
    void readyAfterEachPhaseNamesTheFlagOfTheNext() {
        assertTrue(next("READY", "PREFLIGHT", "COMPLETED", false).startsWith("relocate run m-1 --prepare"));
        assertTrue(next("READY", "STATS", "COMPLETED", false).startsWith("relocate run m-1 --data"));
        assertTrue(next("READY", "VERIFY", "COMPLETED", false).startsWith("relocate run m-1 --finalize"));
    }

    @Test
    void aRehearsalIsNotFrozenNorCommitted() {
        assertTrue(next("READY", "PREFLIGHT", "COMPLETED", true).startsWith("relocate run m-1 ("));
        assertEquals(Optional.empty(), NextStep.of(migration("COMPLETED", "UNLOAD", "COMPLETED", true)));
    }

    @Test
    void aCommittedMigrationIsCleanedUpNext() {
        assertTrue(next("COMPLETED", "COMMIT", "COMPLETED", false).startsWith("relocate cleanup m-1"));
        assertEquals(Optional.empty(), NextStep.of(migration("COMPLETED", "CLEANUP", "COMPLETED", false)));
        assertTrue(next("COMPLETED", "CLEANUP", "FAILED", false).endsWith("relocate cleanup m-1 again"));
    }

    @Test
    void aFailureIsRetriedOrAborted() {
        assertEquals("fix what LOAD reported, then relocate retry m-1; or relocate abort m-1",
                next("FAILED", "LOAD", "FAILED", false));
        assertTrue(next("ABORTING", "UNLOAD", "FAILED", false).contains("relocate retry m-1"));
        assertEquals(Optional.empty(), NextStep.of(migration("ABORTING", "UNLOAD", "RUNNING", false)));
        assertEquals(Optional.empty(), NextStep.of(migration("ABORTED", "UNFREEZE", "COMPLETED", false)));
    }
}
