package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.CleanupView;

@Command(name = "cleanup", description = {"After a migration is COMPLETED: delete the domain's rows on the source "
        + "and lift its freeze.", "Shows what it will delete and asks to type the domain's name, unless --yes."})
public final class CleanupCommand implements Callable<Integer> {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the migration id")
    String id;
    @Option(names = "--yes", description = "do not ask for confirmation (for scripts)")
    boolean yes;

    @Override
    public Integer call() {
        CoordinatorClient client = coordinator.client();
        JsonNode m = client.get(Migrations.path(id));
        String domain = m.get("domain").asText();
        String source = m.get("source").asText();
        if (!m.get("state").asText().equals("COMPLETED")) {
            throw new IllegalStateException("cleanup comes after COMMIT: migration " + id + " is "
                    + m.get("state").asText() + " at " + m.get("step").asText());
        }
        if (m.path("options").path("rehearsal").asText().equals("true")) {
            throw new IllegalStateException("migration " + id + " was a rehearsal: it left the source as it was, "
                    + "there is nothing to clean up");
        }
        CleanupView.lines(m, Migrations.statusIfServed(client, domain)).forEach(System.out::println);
        if (!yes) {
            System.out.print("type the domain's name to delete its rows from '" + source + "': ");
            System.out.flush();
            if (!CleanupView.confirmed(readLine(), domain)) {
                System.out.println("not confirmed: nothing was deleted");
                return 1;
            }
        }
        client.post(Migrations.path(id) + "/cleanup", null);
        JsonNode done = MigrationWatch.onStdout(client).follow(id, Migrations::cleanedUp);
        Migrations.printOutcome(done, System.out);
        int exit = Migrations.exitCode(done);
        if (exit == 0) {
            System.out.printf("domain '%s' deleted from '%s', its freeze lifted%n", domain, source);
        }
        return exit;
    }

    /** One line typed by the operator; null at the end of the input. Standard input stays open. */
    private static String readLine() {
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
