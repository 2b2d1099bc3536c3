package relocate.coordinator.migration;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/** Request bodies of the migration API. */
public final class MigrationRequests {
    private MigrationRequests() {
    }

    @Serdeable
    public record Create(String domain, String from, String to, @Nullable Map<String, String> options) {
    }

    @Serdeable
    public record Run(@Nullable String until) {
    }

    @Serdeable
    public record Abort(@Nullable String reason) {
    }
}
