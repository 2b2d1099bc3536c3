package relocate.coordinator.environment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import relocate.catalog.Tenancy;
import relocate.catalog.TenantDeclarations;

/**
 * A named deployment: its database, and optionally its blob store and the DNS record users reach a domain
 * by ({@code blobStore} and {@code dns}: JSON of {@link StoredBlobStore} and {@link StoredDns}, null for
 * none). Secrets are ciphertext (see SecretBox); no view shows them. {@code declarations}: what the environment
 * declares about its schema, in {@link TenantDeclarations}' text form.
 */
@MappedEntity("environment")
public record Environment(@Id String name, String jdbcUrl, String dbUser, String sealedPassword, String tenantColumn,
                          Instant createdAt, Instant updatedAt, @Nullable String blobStore,
                          @Nullable String dns, String declarations) {

    /** How the environment's database tells its domains apart. */
    public Tenancy tenancy() {
        return Tenancy.of(tenantColumn, declarations);
    }
}
