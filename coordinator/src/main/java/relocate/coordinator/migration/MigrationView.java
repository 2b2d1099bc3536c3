package relocate.coordinator.migration;

import com.fasterxml.jackson.core.type.TypeReference;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;
import relocate.coordinator.store.StoredJson;

/**
 * A migration as the API shows it; {@code preflight} is the report as plain JSON (models, loadOrder, problems);
 * {@code alongside} the steps running beside the current one (BLOB_COPY before the migration reaches it,
 * DNS_PREPARE, DNS_ROLLBACK); {@code cutOver} whether the domain's record may point at the target.
 */
@Serdeable
public record MigrationView(String id, String domain, String source, String target, String state, String step,
                            String stepState, int attempt, @Nullable String reason, Map<String, String> options,
                            @Nullable Map<String, Object> preflight, Instant createdAt, Instant updatedAt,
                            Map<String, Alongside> alongside, boolean cutOver) {

    /** A step running alongside: its attempt, how many of its tasks are in flight, done and failed, and why. */
    @Serdeable
    public record Alongside(int attempt, int inFlight, int done, int failed, @Nullable String reason) {
    }

    static MigrationView of(Migration m) {
        return new MigrationView(m.id(), m.domain(), m.sourceEnv(), m.targetEnv(), m.state().name(),
                m.step().name(), m.stepState().name(), m.attempt(), m.reason(), shown(m.storedOptions()),
                m.preflight() == null ? null : StoredJson.read(m.preflight(),
                        new TypeReference<Map<String, Object>>() { }, "the preflight report of migration " + m.id()),
                m.createdAt(), m.updatedAt(), alongside(m), m.progress().work().cutOver());
    }

    private static Map<String, Alongside> alongside(Migration m) {
        Map<String, Alongside> steps = new java.util.TreeMap<>();
        m.progress().work().side().forEach((step, t) -> steps.put(step.name(), new Alongside(t.attempt(),
                t.inFlight().size(), t.done().size(), t.failed().size(), t.reason())));
        return steps;
    }

    /** The webhook URL may hold a token: it is stored sealed and never shown. */
    private static Map<String, String> shown(Map<String, String> options) {
        Map<String, String> m = new java.util.LinkedHashMap<>(options);
        m.computeIfPresent("freeze-webhook", (k, v) -> "(sealed)");
        return m;
    }
}
