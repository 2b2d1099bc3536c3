package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.output.Table;

@Command(name = "status", description = "The status of a domain's latest migration, as dashboards see it on relocate.status.")
public final class StatusCommand implements Runnable {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the domain")
    String domain;

    @Override
    public void run() {
        JsonNode s = coordinator.client().get("/domains/" + CoordinatorClient.segment(domain) + "/status");
        System.out.printf("domain %s: migration %s, %s -> %s, %s%n", s.get("domain").asText(),
                s.get("migrationId").asText(), s.get("sourceEnvironment").asText(), s.get("targetEnvironment").asText(),
                s.get("state").asText());
        if (s.hasNonNull("reason")) {
            System.out.println("reason: " + s.get("reason").asText());
        }
        Table t = new Table("STEP", "STATE", "ATTEMPT", "PROGRESS", "STARTED", "ENDED", "MESSAGE");
        for (JsonNode step : s.get("steps")) {
            String progress = step.get("total").asLong() > 0
                    ? step.get("done").asLong() + "/" + step.get("total").asLong() + " " + step.get("unit").asText() : "";
            t.row(step.get("step").asText(), step.get("state").asText(), step.get("attempt").asInt(), progress,
                    step.path("startedAt").asText(""), step.path("endedAt").asText(""), step.path("message").asText(""));
        }
        t.print(System.out);
        MigrationPrinter.preflight(s.get("preflight"), System.out);
    }
}
