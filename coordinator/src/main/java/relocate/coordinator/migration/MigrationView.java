package relocate.coordinator.migration;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** A migration as the API shows it; {@code preflight} is the report as plain JSON (models, loadOrder, problems). */
@Serdeable
public record MigrationView(String id, String domain, String source, String target, String state, String step,
                            String stepState, int attempt, @Nullable String reason, Map<String, String> options,
                            @Nullable Map<String, Object> preflight, Instant createdAt, Instant updatedAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static MigrationView of(Migration m) {
        try {
            return new MigrationView(m.id(), m.domain(), m.sourceEnv(), m.targetEnv(), m.state().name(),
                    m.step().name(), m.stepState().name(), m.attempt(), m.reason(),
                    shown(JSON.readValue(m.options(), new TypeReference<Map<String, String>>() { })),
                    m.preflight() == null ? null : JSON.readValue(m.preflight(),
                            new TypeReference<Map<String, Object>>() { }),
                    m.createdAt(), m.updatedAt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The webhook URL may hold a token: it is stored sealed and never shown. */
    private static Map<String, String> shown(Map<String, String> options) {
        Map<String, String> m = new java.util.LinkedHashMap<>(options);
        m.computeIfPresent("freeze-webhook", (k, v) -> "(sealed)");
        return m;
    }
}
