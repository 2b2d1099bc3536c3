package relocate.coordinator.migration;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/** Remembers applied event ids, so that a redelivered event is applied once. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProcessedEventRepository extends GenericRepository<Migration, String> {
    /** 1 the first time an event id is seen, 0 after. */
    @Query("INSERT INTO processed_event (event_id, migration_id, processed_at) VALUES (:eventId, :migrationId, now()) "
            + "ON CONFLICT (event_id) DO NOTHING")
    int remember(String eventId, String migrationId);
}
