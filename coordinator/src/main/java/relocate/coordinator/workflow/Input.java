package relocate.coordinator.workflow;

import java.util.List;
import relocate.schemas.Step;

/** What can happen to a migration: an operator's request, or an event from a service. */
public sealed interface Input {

    /** Start the migration. {@code problems} are what the coordinator found before any command (an unknown environment). */
    record Start(List<String> problems) implements Input {
    }

    /** Run the failed step again, as a new attempt. */
    record Retry(List<String> problems) implements Input {
    }

    record Abort(String reason) implements Input {
    }

    /** An event from a service about a step; {@code payload} is StepStarted, StepProgressed, StepCompleted or StepFailed. */
    record StepEvent(Step step, int attempt, Object payload) implements Input {
    }
}
