package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.Table;

@Command(name = "list", description = "List migrations, newest first.")
public final class ListCommand implements Runnable {
    @Mixin
    CoordinatorOptions coordinator;
    @Option(names = "--domain", description = "only this domain's")
    String domain;

    @Override
    public void run() {
        String path = domain == null ? "/migrations" : "/migrations?domain=" + CoordinatorClient.segment(domain);
        Table t = new Table("ID", "DOMAIN", "FROM", "TO", "STATE", "STEP", "CREATED");
        for (JsonNode m : coordinator.client().get(path)) {
            t.row(m.get("id").asText(), m.get("domain").asText(), m.get("source").asText(), m.get("target").asText(),
                    m.get("state").asText(), m.get("step").asText(), m.get("createdAt").asText());
        }
        t.print(System.out);
    }
}
