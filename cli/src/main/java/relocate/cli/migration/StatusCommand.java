package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.ApiException;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.output.ProgressView;

@Command(name = "status", description = {"The status of a migration, or of a domain's latest one, as dashboards see "
        + "it on relocate.status: its steps and, per model, how far the dump and the load have come.",
        "With --watch, redrawn every second until the migration waits for the operator or ends."})
public final class StatusCommand implements Runnable {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", paramLabel = "ID|DOMAIN", description = "a migration id, or a domain (its latest migration)")
    String target;
    @Option(names = "--watch", description = "follow the progress (rows per second, time left) until the migration settles")
    boolean watch;

    @Override
    public void run() {
        CoordinatorClient client = coordinator.client();
        JsonNode migration = Migrations.looksLikeId(target) ? migration(client, target) : null;
        String domain = migration == null ? target : migration.get("domain").asText();
        if (watch) {
            String id = migration != null ? target : Migrations.status(client, domain).get("migrationId").asText();
            JsonNode m = MigrationWatch.onStdout(client).follow(id, Migrations::settled);
            Migrations.printNext(m, System.out);
            return;
        }
        JsonNode s = migration == null ? Migrations.status(client, domain) : Migrations.statusIfServed(client, domain);
        if (migration != null && (s == null || !s.get("migrationId").asText().equals(migration.get("id").asText()))) {
            MigrationPrinter.summary(migration, System.out);
            System.out.println(s == null ? "(the status does not show this migration yet)"
                    : "(the domain's status follows its latest migration, " + s.get("migrationId").asText() + ")");
            return;
        }
        ProgressView.render(null, s, Duration.ZERO).forEach(System.out::println);
        MigrationPrinter.preflight(s.get("preflight"), System.out);
    }

    /** The migration with this id; null when there is none (then the argument is a domain that looks like an id). */
    private static JsonNode migration(CoordinatorClient client, String id) {
        try {
            return client.get(Migrations.path(id));
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }
}
