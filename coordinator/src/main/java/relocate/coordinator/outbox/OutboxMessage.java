package relocate.coordinator.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A command or event waiting to be published, already encoded in the wire format. */
@MappedEntity("outbox")
public record OutboxMessage(@Id @GeneratedValue @Nullable Long id, String topic, String msgKey, byte[] payload,
                            String migrationId, String description, Instant createdAt, @Nullable Instant publishedAt) {
}
