package relocate.coordinator.stats;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.TableName;
import relocate.catalog.connect.DatabaseConnector;
import relocate.catalog.connect.DatabaseFailure;
import relocate.catalog.rows.RowCounter;
import relocate.catalog.selection.TenantValue;
import relocate.coordinator.environment.Environment;
import relocate.coordinator.environment.EnvironmentRepository;
import relocate.messaging.secret.SecretBox;

/** Per-model row counts of a domain in an environment (the runbooks' print_domain_stats), read-only. */
@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/environments")
public class StatsController {
    private final EnvironmentRepository environments;
    private final SecretBox secrets;

    public StatsController(EnvironmentRepository environments, SecretBox secrets) {
        this.environments = environments;
        this.secrets = secrets;
    }

    @Serdeable
    public record ModelCount(String name, String selection, long rows) {
    }

    /** A table that does not move with the domain, and why: global, ignored, not related. */
    @Serdeable
    public record OtherTable(String name, String role) {
    }

    /**
     * @param otherTables the tables that do not move with the domain, classified
     * @param unclassified what the completeness guard stops at: tables whose columns look like references to the
     *                     domain but are not part of it (PREFLIGHT refuses until they are declared)
     */
    @Serdeable
    public record DomainStats(String environment, String domain, List<ModelCount> models, long totalRows,
                              List<OtherTable> otherTables, List<String> unclassified) {
    }

    @Get("/{name}/stats")
    public DomainStats stats(@PathVariable String name, @QueryValue String domain) {
        Environment e = environments.findById(name).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND,
                "unknown environment '" + name + "': list them with `relocate env list`"));
        try (Connection c = DatabaseConnector.open(e.name(), e.jdbcUrl(), e.dbUser(), secrets.open(e.sealedPassword()),
                "environment")) {
            c.setReadOnly(true);
            DomainModel model = DomainCatalog.read(c, e.tenancy());
            TenantValue.check(c, model, domain, "environment '" + name + "'");
            Map<TableName, Long> counts = RowCounter.countAll(c, model, domain);
            List<ModelCount> rows = model.models().stream()
                    .map(m -> new ModelCount(m.name().toString(), m.selection().describe(), counts.get(m.name())))
                    .toList();
            List<OtherTable> others = model.classification().roles().entrySet().stream()
                    .filter(role -> !role.getValue().moves())
                    .map(role -> new OtherTable(role.getKey().toString(), role.getValue().describe())).toList();
            List<String> unclassified = model.classification().unreached().stream()
                    .map(u -> u.table() + "." + u.column() + ": " + u.why()).toList();
            return new DomainStats(name, domain, rows, rows.stream().mapToLong(ModelCount::rows).sum(), others,
                    unclassified);
        } catch (TenantValue.Invalid invalid) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, invalid.getMessage());
        } catch (DatabaseFailure f) {
            throw new HttpStatusException(HttpStatus.BAD_GATEWAY, f.getMessage());
        } catch (SQLException ex) {
            throw new HttpStatusException(HttpStatus.BAD_GATEWAY, "reading environment '" + name + "' failed: "
                    + ex.getMessage());
        }
    }
}
