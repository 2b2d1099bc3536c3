package relocate.coordinator.migration;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Version;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.Map;
import relocate.coordinator.store.StoredJson;
import relocate.coordinator.workflow.Progress;
import relocate.coordinator.workflow.Work;
import relocate.schemas.MigrationState;
import relocate.schemas.Step;
import relocate.schemas.StepState;

/**
 * A migration as stored: its identity, its {@link Progress} in the workflow (the {@link Work} as JSON),
 * and what preflight found (JSON).
 */
@MappedEntity("migration")
public record Migration(@Id String id, String domain, String sourceEnv, String targetEnv, MigrationState state,
                        Step step, StepState stepState, int attempt, @Nullable String reason, String options,
                        @Nullable String preflight, String work, Instant createdAt, Instant updatedAt,
                        @Version Long version) {

    public Progress progress() {
        return new Progress(state, step, stepState, attempt, reason,
                StoredJson.read(work, Work.class, "the work of migration " + id));
    }

    /** The options as stored ({@link MigrationOptions#toMap}). */
    public Map<String, String> storedOptions() {
        return StoredJson.read(options, new TypeReference<Map<String, String>>() { }, "the options of migration " + id);
    }

    Migration with(Progress p, @Nullable String preflightJson) {
        return new Migration(id, domain, sourceEnv, targetEnv, p.state(), p.step(), p.stepState(), p.attempt(),
                p.reason(), options, preflightJson, StoredJson.write(p.work(), "the work of migration " + id), createdAt, Instant.now(), version);
    }
}
