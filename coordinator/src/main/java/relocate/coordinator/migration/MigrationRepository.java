package relocate.coordinator.migration;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MigrationRepository extends CrudRepository<Migration, String> {
    List<Migration> findByDomainOrderByCreatedAtDesc(String domain);

    List<Migration> findAllOrderByCreatedAtDesc();
}
