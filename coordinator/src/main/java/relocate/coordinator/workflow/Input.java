package relocate.coordinator.workflow;

import java.util.List;
import relocate.schemas.Step;

/** What can happen to a migration: an operator's request, or an event from a service. */
public sealed interface Input {

    /** Start the migration. {@code problems} are what the coordinator found before any command (an unknown environment). */
    record Start(List<String> problems) implements Input {
    }

    /** Go on from READY (or extend a running migration) up to step {@code until}, included. */
    record Run(Step until) implements Input {
    }

    /** Run the failed step again, as a new attempt (after VERIFY found differences: re-load those chunks). */
    record Retry(List<String> problems) implements Input {
    }

    /** Stop and undo; a second abort while waiting for work in flight stops waiting. */
    record Abort(String reason) implements Input {
    }

    /** After COMMIT: delete the domain's rows on the source and lift the freeze. */
    record Cleanup() implements Input {
    }

    /** Lower the domain's record's TTL ahead of the cut-over (DNS_PREPARE, alongside the migration). */
    record DnsPrepare() implements Input {
    }

    /** Point the domain's record back at the source (DNS_ROLLBACK, after the cut-over). */
    record DnsRollback() implements Input {
    }

    /**
     * An event from a service about a step; {@code task} says which part of a step split in many commands
     * (null for a step done in one); {@code payload} is StepStarted, StepProgressed, StepCompleted or StepFailed.
     */
    record StepEvent(Step step, int attempt, String task, Object payload) implements Input {

        public StepEvent(Step step, int attempt, Object payload) {
            this(step, attempt, null, payload);
        }
    }
}
