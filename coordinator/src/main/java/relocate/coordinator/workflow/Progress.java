package relocate.coordinator.workflow;

import relocate.schemas.MigrationState;
import relocate.schemas.Step;
import relocate.schemas.StepState;

/** Where a migration stands: what {@link Workflow#next} reads and returns. */
public record Progress(MigrationState state, Step step, StepState stepState, int attempt, String reason) {

    /** Before the migration is started. */
    public static Progress created() {
        return new Progress(MigrationState.UNKNOWN, Workflow.STEPS.get(0), StepState.PENDING, 0, null);
    }

    Progress with(MigrationState newState, StepState newStepState, String newReason) {
        return new Progress(newState, step, newStepState, attempt, newReason);
    }
}
