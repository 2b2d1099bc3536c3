package relocate.coordinator.migration;

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

class WorkJsonTest {

    @Test
    void workSurvivesTheStoreRoundTrip() {
        Work work = new Work(new Settings(true, "cases$", true, true), Step.VERIFY, List.of("public.cases"),
                List.of(new Chunk("public.cases", 0, "id", null, 100L, 100, 2048, "a".repeat(64))),
                Set.of("public.cases#0"), Set.of("public.cases#0"), Set.of(), List.of("public.cases#0"),
                List.of(Step.UNLOAD), Map.of(Step.DUMP, 2), 3, List.of("acme/a.pdf"),
                Map.of(Step.BLOB_COPY, new Track(1, Set.of("page-0", "page-1"), Set.of("page-0"), Set.of(), null)),
                true);
        assertEquals(work, WorkJson.read(WorkJson.write(work)));
    }

    @Test
    void workStoredBeforeBlobsAndDnsReadsWithoutThem() {
        String v2 = "{\"settings\":{\"rehearsal\":false,\"objectFilter\":null},\"until\":\"COMMIT\",\"models\":[],"
                + "\"chunks\":[],\"dispatched\":[],\"done\":[],\"failed\":[],\"repair\":[],\"undo\":[],"
                + "\"attempts\":{\"PREFLIGHT\":1}}";
        Work work = WorkJson.read(v2);
        assertEquals(Work.of(Settings.DEFAULT, Step.COMMIT).attempts().size() + 1, work.attempts().size());
        assertEquals(List.of(), work.blobRepair());
        assertEquals(Map.of(), work.side());
        assertEquals(false, work.settings().blobs());
    }

    @Test
    void aMigrationStoredBeforeWorkWasKeptReadsAsAPreflightOnlyOne() {
        assertEquals(Work.of(Settings.DEFAULT, Step.PREFLIGHT), WorkJson.read(null));
    }
}
