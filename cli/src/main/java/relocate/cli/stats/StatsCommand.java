package relocate.cli.stats;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.output.Table;

@Command(name = "stats", description = "Per-model row counts of a domain in an environment.")
public final class StatsCommand implements Runnable {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the domain")
    String domain;
    @Option(names = "--env", required = true, description = "the environment to count in")
    String env;
    @Option(names = "--csv", description = "print CSV (model,rows) instead of a table")
    boolean csv;

    @Override
    public void run() {
        JsonNode stats = coordinator.client().get("/environments/" + CoordinatorClient.segment(env) + "/stats?domain="
                + CoordinatorClient.segment(domain));
        print(stats, csv);
    }

    /** Prints a stats answer ({domain, environment, models: [{name, rows}], totalRows}). */
    public static void print(JsonNode stats, boolean csv) {
        Table t = new Table("model", "rows");
        for (JsonNode m : stats.get("models")) {
            t.row(m.get("name").asText(), csv ? m.get("rows").asText() : MigrationPrinter.count(m.get("rows").asLong()));
        }
        if (csv) {
            t.printCsv(System.out);
            return;
        }
        System.out.println("domain " + stats.get("domain").asText() + " in " + stats.get("environment").asText() + ":");
        t.print(System.out);
        System.out.println("total: " + MigrationPrinter.count(stats.get("totalRows").asLong()) + " rows in "
                + stats.get("models").size() + " models");
        if (stats.path("otherTables").size() > 0) {
            Table others = new Table("other table", "not moved: why");
            stats.get("otherTables").forEach(o -> others.row(o.get("name").asText(), o.get("role").asText()));
            others.print(System.out);
        }
        for (JsonNode unclassified : stats.path("unclassified")) {
            System.out.println("not classified (PREFLIGHT stops until it is declared with relocate env add "
                    + "--select/--global/--ignore): " + unclassified.asText());
        }
    }
}
