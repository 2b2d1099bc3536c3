package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;

@Command(name = "run", description = {"Go on with a READY migration, up to a step (all of them by default), "
        + "showing the progress until it waits again or ends.",
        "Exit code 0 when it is READY or COMPLETED, 2 when it FAILED or was ABORTED."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the migration id")
    String id;
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Until until;

    /** How far to go; none of them: every step. */
    static final class Until {
        @Option(names = "--prepare", required = true, description = "freeze the source and take its stats (up to STATS)")
        boolean prepare;
        @Option(names = "--data", required = true, description = "dump, load and verify (up to VERIFY)")
        boolean data;
        @Option(names = "--finalize", required = true, description = "commit: the domain then lives on the target (up to COMMIT)")
        boolean commit;

        String step() {
            return prepare ? "STATS" : data ? "VERIFY" : "COMMIT";
        }
    }

    @Override
    public Integer call() {
        CoordinatorClient client = coordinator.client();
        Map<String, String> body = new LinkedHashMap<>();
        body.put("until", until == null ? null : until.step());
        client.post(Migrations.path(id) + "/run", body);
        JsonNode m = MigrationWatch.onStdout(client).follow(id, Migrations::settled);
        Migrations.printOutcome(m, System.out);
        return Migrations.exitCode(m);
    }
}
