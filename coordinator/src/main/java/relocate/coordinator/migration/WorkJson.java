package relocate.coordinator.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import relocate.coordinator.workflow.Settings;
import relocate.coordinator.workflow.Work;
import relocate.schemas.Step;

/** The workflow's {@link Work} as the migration table keeps it. */
final class WorkJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WorkJson() {
    }

    static String write(Work work) {
        try {
            return JSON.writeValueAsString(work);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the migration's work: " + e.getMessage(), e);
        }
    }

    /** A migration stored before work was kept (schema V1) ran preflight only, with default settings. */
    static Work read(String json) {
        if (json == null) {
            return Work.of(Settings.DEFAULT, Step.PREFLIGHT);
        }
        try {
            return JSON.readValue(json, Work.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the migration's stored work is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
