package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import relocate.cli.api.CoordinatorClient;

/** Waiting on a migration from the CLI. */
public final class Migrations {
    private Migrations() {
    }

    /** Polls until the migration is no longer RUNNING, or the timeout passes; returns its last view. */
    public static JsonNode awaitSettled(CoordinatorClient client, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode m = client.get("/migrations/" + CoordinatorClient.segment(id));
        while (m.get("state").asText().equals("RUNNING") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            m = client.get("/migrations/" + CoordinatorClient.segment(id));
        }
        return m;
    }
}
