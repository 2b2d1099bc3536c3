package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Registers an environment; {@code blobStore} and {@code dns} are optional. {@code toString} leaves the
 * secrets out, so logging a request cannot leak them.
 */
@Serdeable
public record EnvironmentRequest(String jdbcUrl, String user, String password, String tenantColumn,
                                 BlobStoreRequest blobStore, DnsRequest dns) {

    public EnvironmentRequest(String jdbcUrl, String user, String password, String tenantColumn) {
        this(jdbcUrl, user, password, tenantColumn, null, null);
    }

    @Override
    public String toString() {
        return "EnvironmentRequest[jdbcUrl=" + jdbcUrl + ", user=" + user + ", tenantColumn=" + tenantColumn
                + ", blobStore=" + blobStore + ", dns=" + dns + "]";
    }
}
