package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.MigrationPrinter;

@Command(name = "create", description = {"Create a migration of a domain; prints its id and the preflight result.",
        "With --run, goes on through every step, showing their progress, until the migration ends."})
public final class CreateCommand implements Callable<Integer> {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the domain (tenant) to move")
    String domain;
    @Option(names = "--from", required = true, description = "the source environment")
    String from;
    @Option(names = "--to", required = true, description = "the target environment")
    String to;
    @Option(names = "--include", split = ",", paramLabel = "PATTERN",
            description = "move only the models these globs find (schema.table or table); repeatable or comma-separated")
    List<String> include = new ArrayList<>();
    @Option(names = "--exclude", split = ",", paramLabel = "PATTERN",
            description = "leave out the models these globs find; repeatable or comma-separated")
    List<String> exclude = new ArrayList<>();
    @Option(names = "--group", split = ",", paramLabel = "GROUP",
            description = "move the models of these dumper groups; repeatable or comma-separated")
    List<String> groups = new ArrayList<>();
    @Option(names = "--object-filter", paramLabel = "REGEX",
            description = "load only the models whose schema.table this regex finds")
    String objectFilter;
    @Option(names = "--chunk-rows", paramLabel = "ROWS",
            description = "about this many rows per dump chunk (the coordinator's default: 50000)")
    Long chunkRows;
    @Option(names = "--new-name", paramLabel = "NAME", description = "load the domain under this tenant name on the target")
    String newName;
    @Option(names = "--freeze-webhook", paramLabel = "URL",
            description = "freeze through the application's maintenance URL instead of triggers (stored sealed)")
    String freezeWebhook;
    @Option(names = "--rehearsal", description = "dump, load and verify without freezing the source, then clear the target")
    boolean rehearsal;
    @Option(names = "--copy-missing-globals", description = "copy the global rows the domain references that the "
            + "target lacks (never overwriting one) instead of stopping at PREFLIGHT")
    boolean copyMissingGlobals;
    @Option(names = "--run", description = "run every step instead of stopping after preflight, and watch until the end")
    boolean run;
    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "an option by its API key (as the flags above)")
    Map<String, String> options = new LinkedHashMap<>();
    @Option(names = "--timeout", defaultValue = "PT2M",
            description = "without --run: how long to wait for preflight (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() {
        CoordinatorClient client = coordinator.client();
        Map<String, String> chosen = options();
        JsonNode created = client.post("/migrations", Map.of("domain", domain, "from", from, "to", to,
                "options", chosen));
        String id = created.get("id").asText();
        System.out.println(id);
        if ("true".equalsIgnoreCase(chosen.get("run"))) {
            JsonNode m = MigrationWatch.onStdout(client).follow(id, Migrations::settled);
            Migrations.printOutcome(m, System.out);
            if (m.path("step").asText().equals("PREFLIGHT")) {
                MigrationPrinter.preflight(m.get("preflight"), System.out);
            }
            return Migrations.exitCode(m);
        }
        JsonNode m = Migrations.awaitSettled(client, id, timeout);
        MigrationPrinter.summary(m, System.out);
        MigrationPrinter.preflight(m.get("preflight"), System.out);
        Migrations.printNext(m, System.out);
        return m.get("state").asText().equals("FAILED") ? 2 : 0;
    }

    /** The API's options: those given by flag, and those given as --option key=value. */
    Map<String, String> options() {
        Map<String, String> all = new LinkedHashMap<>(options);
        put(all, "include", "--include", include.isEmpty() ? null : String.join(",", include));
        put(all, "exclude", "--exclude", exclude.isEmpty() ? null : String.join(",", exclude));
        put(all, "groups", "--group", groups.isEmpty() ? null : String.join(",", groups));
        put(all, "object-filter", "--object-filter", objectFilter);
        put(all, "chunk-rows", "--chunk-rows", chunkRows == null ? null : chunkRows.toString());
        put(all, "new-name", "--new-name", newName);
        put(all, "freeze-webhook", "--freeze-webhook", freezeWebhook);
        put(all, "rehearsal", "--rehearsal", rehearsal ? "true" : null);
        put(all, "copy-missing-globals", "--copy-missing-globals", copyMissingGlobals ? "true" : null);
        put(all, "run", "--run", run ? "true" : null);
        return all;
    }

    private static void put(Map<String, String> options, String key, String flag, String value) {
        if (value == null) {
            return;
        }
        if (options.containsKey(key)) {
            throw new IllegalArgumentException("option " + key + " is given twice, as " + flag + " and as --option "
                    + key + "=...: keep one");
        }
        options.put(key, value);
    }
}
