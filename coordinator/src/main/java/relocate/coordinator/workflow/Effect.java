package relocate.coordinator.workflow;

import relocate.schemas.Step;

/** What the coordinator must do after a transition; data only, carried out at the edge (outbox). */
public sealed interface Effect {

    /** Send the command for one task of the step to its service ({@link Work#WHOLE} for a step done in one). */
    record Dispatch(Step step, int attempt, String task) implements Effect {
    }

    /** Publish an event of the coordinator's own (its payload: MigrationStateChanged, StepFailed). */
    record Emit(Object payload) implements Effect {
    }
}
