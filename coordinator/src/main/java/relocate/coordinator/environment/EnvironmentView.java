package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** An environment as the API shows it: never the password, only whether one is set. */
@Serdeable
public record EnvironmentView(String name, String jdbcUrl, String user, String tenantColumn, boolean passwordSet,
                              Instant createdAt, Instant updatedAt) {
    static EnvironmentView of(Environment e) {
        return new EnvironmentView(e.name(), e.jdbcUrl(), e.dbUser(), e.tenantColumn(), !e.sealedPassword().isEmpty(),
                e.createdAt(), e.updatedAt());
    }
}
