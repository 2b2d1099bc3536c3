package relocate.coordinator.workflow;

import java.util.List;
import relocate.coordinator.workflow.Effect.Dispatch;
import relocate.coordinator.workflow.Effect.Emit;
import relocate.coordinator.workflow.Input.Abort;
import relocate.coordinator.workflow.Input.Retry;
import relocate.coordinator.workflow.Input.Start;
import relocate.coordinator.workflow.Input.StepEvent;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStateChanged;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepProgressed;
import relocate.schemas.StepStarted;
import relocate.schemas.StepState;

/**
 * The migration's state machine: a pure function of (progress, input) returning the next progress and
 * the effects. No I/O, so replaying a migration's recorded inputs reproduces every decision.
 */
public final class Workflow {
    /** The steps a migration runs, in order. */
    public static final List<Step> STEPS = List.of(Step.PREFLIGHT);

    private Workflow() {
    }

    public static Transition next(Progress p, Input input) {
        if (input instanceof Start start) {
            return start(p, start);
        }
        if (input instanceof Retry retry) {
            return retry(p, retry);
        }
        if (input instanceof Abort abort) {
            return abort(p, abort);
        }
        return stepEvent(p, (StepEvent) input);
    }

    private static Transition start(Progress p, Start start) {
        if (p.state() != MigrationState.UNKNOWN) {
            return Transition.rejected(p, "already started");
        }
        Step first = STEPS.get(0);
        return dispatchOrFail(new Progress(MigrationState.RUNNING, first, StepState.PENDING, 1, null), start.problems(),
                "started");
    }

    private static Transition retry(Progress p, Retry retry) {
        return switch (p.state()) {
            case FAILED -> dispatchOrFail(new Progress(MigrationState.RUNNING, p.step(), StepState.PENDING,
                    p.attempt() + 1, null), retry.problems(), "retry of " + p.step());
            case RUNNING, READY -> Transition.rejected(p, "nothing to retry: the migration is " + p.state());
            case ABORTED, COMPLETED -> Transition.rejected(p, "the migration has ended (" + p.state() + ")");
            case UNKNOWN -> Transition.rejected(p, "the migration has not started");
        };
    }

    /** Problems found before dispatch fail the step at once, as the service would have. */
    private static Transition dispatchOrFail(Progress running, List<String> problems, String note) {
        if (problems.isEmpty()) {
            return Transition.to(running, note, stateChanged(running),
                    new Dispatch(running.step(), running.attempt()));
        }
        String reason = String.join("; ", problems);
        Progress failed = running.with(MigrationState.FAILED, StepState.FAILED, reason);
        return Transition.to(failed, note + " failed before dispatch",
                new Emit(StepFailed.newBuilder().setReason(reason).setRetryable(false).setPreflight(null).build()),
                stateChanged(failed));
    }

    private static Transition abort(Progress p, Abort abort) {
        return switch (p.state()) {
            case RUNNING, READY, FAILED -> {
                Progress aborted = p.with(MigrationState.ABORTED,
                        p.stepState() == StepState.COMPLETED ? StepState.COMPLETED : StepState.FAILED, abort.reason());
                yield Transition.to(aborted, "aborted", stateChanged(aborted));
            }
            case ABORTED, COMPLETED -> Transition.rejected(p, "the migration has already ended (" + p.state() + ")");
            case UNKNOWN -> Transition.rejected(p, "the migration has not started");
        };
    }

    private static Transition stepEvent(Progress p, StepEvent e) {
        if (p.state() != MigrationState.RUNNING || e.step() != p.step() || e.attempt() != p.attempt()) {
            return Transition.ignored(p, "stale event for " + e.step() + " attempt " + e.attempt()
                    + " (migration " + p.state() + " at " + p.step() + " attempt " + p.attempt() + ")");
        }
        Object payload = e.payload();
        if (payload instanceof StepStarted) {
            return p.stepState() == StepState.PENDING
                    ? Transition.to(p.with(MigrationState.RUNNING, StepState.RUNNING, null), "step started")
                    : Transition.ignored(p, "step already started");
        }
        if (payload instanceof StepProgressed) {
            return Transition.ignored(p, "progress");
        }
        if (payload instanceof StepCompleted) {
            int index = STEPS.indexOf(p.step());
            if (index + 1 < STEPS.size()) {
                Progress next = new Progress(MigrationState.RUNNING, STEPS.get(index + 1), StepState.PENDING, 1, null);
                return Transition.to(next, p.step() + " completed", new Dispatch(next.step(), 1));
            }
            Progress ready = p.with(MigrationState.READY, StepState.COMPLETED, null);
            return Transition.to(ready, p.step() + " completed, all steps done", stateChanged(ready));
        }
        if (payload instanceof StepFailed failed) {
            Progress stopped = p.with(MigrationState.FAILED, StepState.FAILED, failed.getReason());
            return Transition.to(stopped, p.step() + " failed", stateChanged(stopped));
        }
        return Transition.ignored(p, "not a step event: " + payload.getClass().getSimpleName());
    }

    private static Emit stateChanged(Progress p) {
        return new Emit(new MigrationStateChanged(p.state(), p.reason()));
    }
}
