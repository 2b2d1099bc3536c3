package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.MigrationPrinter;

@Command(name = "create", description = "Create a migration of a domain; prints its id and the preflight result.")
public final class CreateCommand implements Callable<Integer> {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the domain (tenant) to move")
    String domain;
    @Option(names = "--from", required = true, description = "the source environment")
    String from;
    @Option(names = "--to", required = true, description = "the target environment")
    String to;
    @Option(names = "--option", description = "key=value options kept with the migration")
    Map<String, String> options = new LinkedHashMap<>();
    @Option(names = "--timeout", defaultValue = "PT2M", description = "how long to wait for preflight (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        CoordinatorClient client = coordinator.client();
        JsonNode created = client.post("/migrations", Map.of("domain", domain, "from", from, "to", to,
                "options", options));
        String id = created.get("id").asText();
        System.out.println(id);
        JsonNode m = Migrations.awaitSettled(client, id, timeout);
        MigrationPrinter.summary(m, System.out);
        MigrationPrinter.preflight(m.get("preflight"), System.out);
        return m.get("state").asText().equals("FAILED") ? 2 : 0;
    }
}
