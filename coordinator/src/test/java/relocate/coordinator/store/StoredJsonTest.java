package relocate.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import relocate.coordinator.workflow.Chunk;
import relocate.coordinator.workflow.Settings;
import relocate.coordinator.workflow.Track;
import relocate.coordinator.workflow.Work;
import relocate.schemas.Step;

class StoredJsonTest {

    @Test
    void workSurvivesTheStoreRoundTrip() {
        Work work = new Work(new Settings(true, "cases$", true, true), Step.VERIFY, List.of("public.cases"),
                List.of(new Chunk("public.cases", 0, "id", null, 100L, 100, 2048, "a".repeat(64), 1, List.of("public.users"))),
                Set.of("public.cases#0"), Set.of("public.cases#0"), Set.of(), List.of("public.cases#0"),
                List.of(Step.UNLOAD), Map.of(Step.DUMP, 2), 3, List.of("acme/a.pdf"),
                Map.of(Step.BLOB_COPY, new Track(1, Set.of("page-0", "page-1"), Set.of("page-0"), Set.of(), null)),
                true);
        assertEquals(work, StoredJson.read(StoredJson.write(work, "work"), Work.class, "work"));
    }
}
