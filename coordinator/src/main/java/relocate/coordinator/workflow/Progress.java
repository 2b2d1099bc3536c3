package relocate.coordinator.workflow;

import relocate.schemas.MigrationState;
import relocate.schemas.Step;
import relocate.schemas.StepState;

/** Where a migration stands: what {@link Workflow#next} reads and returns. */
public record Progress(MigrationState state, Step step, StepState stepState, int attempt, String reason, Work work) {

    /** Before the migration is started; it will run up to {@code until} and wait there for the operator. */
    public static Progress created(Settings settings, Step until) {
        return new Progress(MigrationState.UNKNOWN, Step.PREFLIGHT, StepState.PENDING, 0, null,
                Work.of(settings, until));
    }

    Progress with(MigrationState newState, StepState newStepState, String newReason) {
        return new Progress(newState, step, newStepState, attempt, newReason, work);
    }

    Progress with(Work newWork) {
        return new Progress(state, step, stepState, attempt, reason, newWork);
    }
}
