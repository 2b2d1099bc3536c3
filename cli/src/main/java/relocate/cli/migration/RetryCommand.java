package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.MigrationPrinter;

@Command(name = "retry", description = "Run a migration's failed step again (after fixing what it reported).")
public final class RetryCommand implements Runnable {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the migration id")
    String id;

    @Override
    public void run() {
        CoordinatorClient client = coordinator.client();
        client.post("/migrations/" + CoordinatorClient.segment(id) + "/retry", null);
        JsonNode m = Migrations.awaitSettled(client, id, Duration.ofMinutes(2));
        MigrationPrinter.summary(m, System.out);
        MigrationPrinter.preflight(m.get("preflight"), System.out);
    }
}
