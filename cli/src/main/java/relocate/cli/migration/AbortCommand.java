package relocate.cli.migration;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.MigrationPrinter;

@Command(name = "abort", description = "Abort a migration before it is committed.")
public final class AbortCommand implements Runnable {
    @Mixin
    CoordinatorOptions coordinator;
    @Parameters(index = "0", description = "the migration id")
    String id;
    @Option(names = "--reason", defaultValue = "aborted by operator")
    String reason;

    @Override
    public void run() {
        MigrationPrinter.summary(coordinator.client().post("/migrations/" + CoordinatorClient.segment(id) + "/abort",
                Map.of("reason", reason)), System.out);
    }
}
