package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.regex.Pattern;
import relocate.cli.api.ApiException;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.output.NextStep;

/** Waiting on a migration from the CLI. */
public final class Migrations {
    private static final Pattern ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Migrations() {
    }

    /**
     * True when the migration waits for the operator or has ended: not RUNNING, and not ABORTING unless
     * an undo step failed (then it waits for a retry).
     */
    public static boolean settled(JsonNode m) {
        return switch (m.path("state").asText()) {
            case "RUNNING" -> false;
            case "ABORTING" -> m.path("stepState").asText().equals("FAILED");
            default -> true;
        };
    }

    /** True once CLEANUP has finished, done or failed. */
    static boolean cleanedUp(JsonNode m) {
        String stepState = m.path("stepState").asText();
        return m.path("step").asText().equals("CLEANUP")
                && (stepState.equals("COMPLETED") || stepState.equals("FAILED"));
    }

    /** 0 when the migration went where it was asked (READY, COMPLETED), 2 when it failed or was aborted. */
    static int exitCode(JsonNode m) {
        String state = m.path("state").asText();
        boolean ok = state.equals("READY") || state.equals("COMPLETED") && !m.path("stepState").asText().equals("FAILED");
        return ok ? 0 : 2;
    }

    /** Migration ids are UUIDs; a domain may be anything. */
    static boolean looksLikeId(String s) {
        return ID.matcher(s).matches();
    }

    /** The API path of migration {@code id}; a blank id (which would name the list of migrations) is refused. */
    static String path(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("give a migration id: relocate list shows them");
        }
        return "/migrations/" + CoordinatorClient.segment(id);
    }

    /** The domain's status (its latest migration's, folded from the events). */
    static JsonNode status(CoordinatorClient client, String domain) {
        return client.get("/domains/" + CoordinatorClient.segment(domain) + "/status");
    }

    /** The domain's status; null while there is none yet, or while the coordinator cannot serve it. */
    static JsonNode statusIfServed(CoordinatorClient client, String domain) {
        try {
            return status(client, domain);
        } catch (ApiException e) {
            if (e.status() == 404 || e.status() == 503) {
                return null;
            }
            throw e;
        }
    }

    /** The migration's summary and, when it waits for the operator, what to type next. */
    static void printOutcome(JsonNode m, PrintStream out) {
        MigrationPrinter.summary(m, out);
        printNext(m, out);
    }

    static void printNext(JsonNode m, PrintStream out) {
        NextStep.of(m).ifPresent(next -> out.println("next: " + next));
    }

    /** Polls until the migration is settled ({@link #settled}), or the timeout passes; returns its last view. */
    public static JsonNode awaitSettled(CoordinatorClient client, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode m = client.get(path(id));
        while (!settled(m) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            m = client.get(path(id));
        }
        return m;
    }
}
