package relocate.coordinator.workflow;

import relocate.schemas.Step;

/** What the coordinator must do after a transition; data only, carried out at the edge (outbox). */
public sealed interface Effect {

    /** Send the step's command to its service. */
    record Dispatch(Step step, int attempt) implements Effect {
    }

    /** Publish an event of the coordinator's own (its payload: MigrationStateChanged, StepFailed). */
    record Emit(Object payload) implements Effect {
    }
}
