package relocate.coordinator.environment;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A named deployment's database. {@code sealedPassword} is ciphertext (see SecretBox); no view shows it. */
@MappedEntity("environment")
public record Environment(@Id String name, String jdbcUrl, String dbUser, String sealedPassword, String tenantColumn,
                          Instant createdAt, Instant updatedAt) {
}
