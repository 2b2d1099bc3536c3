package relocate.cli.dns;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.migration.MigrationWatch;
import relocate.cli.output.ProgressView;

@Command(name = "dns", description = "The domain's DNS record: lower its TTL ahead of the cut-over, or switch it back after.",
        subcommands = {DnsCommand.Prepare.class, DnsCommand.Rollback.class})
public final class DnsCommand {

    @Command(name = "prepare", description = "Lower the record's TTL ahead of the cut-over (to the environment's "
            + "dns ttl, 60 s by default) and say when the old TTL has run out: cut over after that.")
    static final class Prepare implements Callable<Integer> {
        @Mixin
        CoordinatorOptions coordinator;
        @Parameters(index = "0", description = "the migration id")
        String id;

        @Override
        public Integer call() {
            return alongside(coordinator.client(), id, "prepare", "DNS_PREPARE");
        }
    }

    @Command(name = "rollback", description = "After the cut-over: point the record back at the source, only if it "
            + "still points at the target, confirmed on the server and the TTL waited out.")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        CoordinatorOptions coordinator;
        @Parameters(index = "0", description = "the migration id")
        String id;

        @Override
        public Integer call() {
            return alongside(coordinator.client(), id, "rollback", "DNS_ROLLBACK");
        }
    }

    /** Asks for the action, follows it until it answered, and prints the record as it now is. */
    static int alongside(CoordinatorClient client, String id, String action, String step) {
        String path = "/migrations/" + CoordinatorClient.segment(id);
        client.post(path + "/dns/" + action, null);
        JsonNode m = MigrationWatch.onStdout(client).follow(id, x -> x.path("alongside").path(step).path("inFlight")
                .asInt(1) == 0);
        JsonNode track = m.path("alongside").path(step);
        if (track.path("failed").asInt() > 0) {
            System.out.println("dns " + action + " failed: " + track.path("reason").asText());
            return 1;
        }
        JsonNode status = client.get("/domains/" + CoordinatorClient.segment(m.path("domain").asText()) + "/status");
        ProgressView.dns(status.path("dns")).forEach(System.out::println);
        return 0;
    }
}
