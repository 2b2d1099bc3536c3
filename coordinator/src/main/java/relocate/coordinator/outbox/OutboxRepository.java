package relocate.coordinator.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OutboxRepository extends CrudRepository<OutboxMessage, Long> {
    /** The oldest unpublished messages, locked so that two coordinators never publish the same one. */
    @Query("SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED")
    List<OutboxMessage> lockUnpublished(int limit);

    @Query("UPDATE outbox SET published_at = now() WHERE id = :id")
    void markPublished(long id);

    List<OutboxMessage> findByMigrationIdOrderById(String migrationId);
}
