package relocate.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** What the operator can type next, given a migration that waits for them (the JSON of {@code GET /migrations/{id}}). */
public final class NextStep {
    private NextStep() {
    }

    public static Optional<String> of(JsonNode migration) {
        String id = migration.path("id").asText();
        String step = migration.path("step").asText();
        boolean stepFailed = migration.path("stepState").asText().equals("FAILED");
        boolean rehearsal = migration.path("options").path("rehearsal").asText().equals("true");
        return Optional.ofNullable(switch (migration.path("state").asText()) {
            case "READY" -> switch (step) {
                case "PREFLIGHT" -> rehearsal ? "relocate run " + id + " (dump, load and verify, then clear the target)"
                        : "relocate run " + id + " --prepare (freeze the source and take its stats), or relocate run "
                        + id + " for every step";
                case "STATS" -> "relocate run " + id + " --data (dump, load and verify), or relocate run " + id
                        + " for every step";
                case "VERIFY" -> rehearsal ? "relocate run " + id + " (clear the target)"
                        : "relocate run " + id + " --finalize (commit: the domain then lives on the target)";
                default -> "relocate run " + id;
            };
            case "FAILED" -> "fix what " + step + " reported, then relocate retry " + id + "; or relocate abort " + id;
            case "ABORTING" -> stepFailed ? "undoing " + step + " failed: fix what it reported, then relocate retry "
                    + id : null;
            case "COMPLETED" -> rehearsal ? null
                    : !step.equals("CLEANUP") ? "relocate cleanup " + id
                    + " (delete the domain's rows on the source and lift its freeze)"
                    : stepFailed ? "fix what CLEANUP reported, then relocate cleanup " + id + " again" : null;
            default -> null;
        });
    }
}
