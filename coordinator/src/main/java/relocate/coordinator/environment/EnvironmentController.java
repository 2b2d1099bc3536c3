package relocate.coordinator.environment;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.exceptions.HttpStatusException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.messaging.secret.SecretBox;

@ExecuteOn(TaskExecutors.BLOCKING)
@Controller("/environments")
public class EnvironmentController {
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentController.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final EnvironmentRepository environments;
    private final SecretBox secrets;

    public EnvironmentController(EnvironmentRepository environments, SecretBox secrets) {
        this.environments = environments;
        this.secrets = secrets;
    }

    /** Registers or replaces an environment (idempotent). */
    @Put("/{name}")
    public EnvironmentView put(@PathVariable String name, @Body EnvironmentRequest request) {
        validate(name, request);
        Instant now = Instant.now();
        String tenantColumn = request.tenantColumn() == null || request.tenantColumn().isBlank()
                ? "domain" : request.tenantColumn();
        String blobStore = request.blobStore() == null ? null : EnvironmentParts.write(request.blobStore()
                .checked(secrets.seal(request.blobStore().secretAccessKey())));
        String dns = request.dns() == null ? null
                : EnvironmentParts.write(request.dns().checked(secrets.seal(request.dns().keySecret())));
        String declarations = request.declarations().format();
        Environment saved = environments.findById(name)
                .map(old -> environments.update(new Environment(name, request.jdbcUrl(), request.user(),
                        secrets.seal(request.password()), tenantColumn, old.createdAt(), now, blobStore, dns,
                        declarations)))
                .orElseGet(() -> environments.save(new Environment(name, request.jdbcUrl(), request.user(),
                        secrets.seal(request.password()), tenantColumn, now, now, blobStore, dns, declarations)));
        LOG.info("environment {} registered: {} as {}{}{}", name, request.jdbcUrl(), request.user(),
                blobStore == null ? "" : ", blobs in " + request.blobStore().kind(),
                dns == null ? "" : ", record " + request.dns().record());
        return EnvironmentView.of(saved);
    }

    @Get
    public List<EnvironmentView> list() {
        return environments.findAllOrderByName().stream().map(EnvironmentView::of).toList();
    }

    @Get("/{name}")
    public EnvironmentView get(@PathVariable String name) {
        return environments.findById(name).map(EnvironmentView::of).orElseThrow(() -> new HttpStatusException(
                HttpStatus.NOT_FOUND, "unknown environment '" + name + "': list them with `relocate env list`"));
    }

    private static void validate(String name, EnvironmentRequest r) {
        if (!NAME.matcher(name).matches()) {
            throw bad("environment name '" + name + "' is not valid: use lower-case letters, digits, '-' and '_'");
        }
        if (r.jdbcUrl() == null || !r.jdbcUrl().startsWith("jdbc:postgresql://")) {
            throw bad("jdbcUrl must be a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/database");
        }
        if (r.jdbcUrl().toLowerCase().contains("password=")) {
            throw bad("jdbcUrl must not carry a password: give it in the password field, which is stored sealed");
        }
        if (r.user() == null || r.user().isBlank()) {
            throw bad("user is required: the database role Relocate connects as");
        }
        if (r.tenantColumn() != null && !r.tenantColumn().isBlank() && !COLUMN.matcher(r.tenantColumn()).matches()) {
            throw bad("tenantColumn '" + r.tenantColumn() + "' is not a column name");
        }
    }

    private static IllegalArgumentException bad(String message) {
        return new IllegalArgumentException(message);
    }
}
