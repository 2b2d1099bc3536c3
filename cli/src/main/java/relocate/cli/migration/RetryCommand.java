package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;

@Command(name = "retry", description = "Run a migration's failed step again (after fixing what it reported).")
public final class RetryCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the migration id")
    String id;

    @Override
    public Integer call() {
        CoordinatorClient client = coordinator.client();
        client.post("/migrations/" + CoordinatorClient.segment(id) + "/retry", null);
        JsonNode m = MigrationWatch.onStdout(client).follow(id, Migrations::settled);
        Migrations.printOutcome(m, System.out);
        return Migrations.exitCode(m);
    }
}
