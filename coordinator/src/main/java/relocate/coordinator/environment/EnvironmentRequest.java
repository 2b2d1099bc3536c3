package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;

/** Registers an environment. {@code toString} leaves the password out, so logging a request cannot leak it. */
@Serdeable
public record EnvironmentRequest(String jdbcUrl, String user, String password, String tenantColumn) {
    @Override
    public String toString() {
        return "EnvironmentRequest[jdbcUrl=" + jdbcUrl + ", user=" + user + ", tenantColumn=" + tenantColumn + "]";
    }
}
