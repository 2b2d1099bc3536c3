package relocate.cli.offline;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import relocate.catalog.Tenancy;
import relocate.catalog.connect.DatabaseConnector;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;

/**
 * Which database an offline dump or load works on: an environment registered with the coordinator
 * ({@code --env}; its URL, user and tenant column), or one given here ({@code --jdbc-url}, {@code --user}).
 * The password is never an argument (it would show in the process list): it comes from the environment
 * variable named by {@code --password-env}.
 */
public final class DatabaseOptions {
    @Mixin
    CoordinatorOptions coordinator;
    @Option(names = "--env", description = "an environment registered with the coordinator")
    String env;
    @Option(names = "--jdbc-url", description = "the database, when it is not a registered environment")
    String jdbcUrl;
    @Option(names = "--user", description = "the database user (with --jdbc-url)")
    String user;
    @Option(names = "--tenant-column", description = "the column naming the domain (with --jdbc-url; default: domain)")
    String tenantColumn;
    @Option(names = "--password-env", defaultValue = "RELOCATE_DB_PASSWORD",
            description = "the environment variable holding the database password (default: ${DEFAULT-VALUE})")
    String passwordEnv;

    /** Resolved connection details. */
    public record Resolved(String name, String jdbcUrl, String user, Tenancy tenancy) {
    }

    public Resolved resolve() {
        if ((env == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException("give either --env <name> (a registered environment) or --jdbc-url "
                    + "(with --user) for the database");
        }
        if (env != null) {
            JsonNode e = coordinator.client().get("/environments/" + CoordinatorClient.segment(env));
            return new Resolved(env, e.get("jdbcUrl").asText(), e.get("user").asText(),
                    Tenancy.of(e.get("tenantColumn").asText(), e.path("declarations").asText("")));
        }
        if (user == null) {
            throw new IllegalArgumentException("--jdbc-url needs --user");
        }
        return new Resolved(jdbcUrl, jdbcUrl, user, Tenancy.of(tenantColumn == null ? "domain" : tenantColumn));
    }

    public Connection open(Resolved r, String role) {
        String password = System.getenv(passwordEnv);
        return DatabaseConnector.open(r.name(), r.jdbcUrl(), r.user(), password == null ? "" : password, role);
    }
}
