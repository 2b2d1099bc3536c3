package relocate.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import relocate.coordinator.workflow.Effect.Dispatch;
import relocate.coordinator.workflow.Effect.Emit;
import relocate.coordinator.workflow.Input.Abort;
import relocate.coordinator.workflow.Input.Retry;
import relocate.coordinator.workflow.Input.Start;
import relocate.coordinator.workflow.Input.StepEvent;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStateChanged;
import relocate.schemas.PreflightReport;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepProgressed;
import relocate.schemas.StepStarted;
import relocate.schemas.StepState;

class WorkflowTest {
    private static final Step P = Step.PREFLIGHT;

    private static Progress at(MigrationState state, StepState stepState, int attempt) {
        return new Progress(state, P, stepState, attempt, state == MigrationState.FAILED ? "boom" : null);
    }

    private static final StepCompleted COMPLETED = new StepCompleted(
            new PreflightReport(List.of(), List.of(), List.of()));
    private static final StepFailed FAILED = new StepFailed("table x missing", false, null);

    /** (from, input, expected next) rows: the whole state machine of this version at a glance. */
    static Stream<Arguments> transitions() {
        return Stream.of(
                Arguments.of(Progress.created(), new Start(List.of()), at(MigrationState.RUNNING, StepState.PENDING, 1)),
                Arguments.of(at(MigrationState.RUNNING, StepState.PENDING, 1), new StepEvent(P, 1, new StepStarted("w")),
                        at(MigrationState.RUNNING, StepState.RUNNING, 1)),
                Arguments.of(at(MigrationState.RUNNING, StepState.RUNNING, 1),
                        new StepEvent(P, 1, new StepProgressed(1L, 2L, "models", null)),
                        at(MigrationState.RUNNING, StepState.RUNNING, 1)),
                Arguments.of(at(MigrationState.RUNNING, StepState.RUNNING, 1), new StepEvent(P, 1, COMPLETED),
                        at(MigrationState.READY, StepState.COMPLETED, 1)),
                Arguments.of(at(MigrationState.RUNNING, StepState.RUNNING, 1), new StepEvent(P, 1, FAILED),
                        new Progress(MigrationState.FAILED, P, StepState.FAILED, 1, "table x missing")),
                Arguments.of(at(MigrationState.FAILED, StepState.FAILED, 1), new Retry(List.of()),
                        at(MigrationState.RUNNING, StepState.PENDING, 2)),
                Arguments.of(at(MigrationState.RUNNING, StepState.RUNNING, 1), new Abort("operator"),
                        new Progress(MigrationState.ABORTED, P, StepState.FAILED, 1, "operator")),
                Arguments.of(at(MigrationState.READY, StepState.COMPLETED, 1), new Abort("operator"),
                        new Progress(MigrationState.ABORTED, P, StepState.COMPLETED, 1, "operator")),
                // a late answer to an earlier attempt, or to an aborted migration, changes nothing
                Arguments.of(at(MigrationState.RUNNING, StepState.PENDING, 2), new StepEvent(P, 1, COMPLETED),
                        at(MigrationState.RUNNING, StepState.PENDING, 2)),
                Arguments.of(new Progress(MigrationState.ABORTED, P, StepState.FAILED, 1, "x"),
                        new StepEvent(P, 1, COMPLETED), new Progress(MigrationState.ABORTED, P, StepState.FAILED, 1, "x")),
                // a duplicate completion (redelivered event) is ignored once READY
                Arguments.of(at(MigrationState.READY, StepState.COMPLETED, 1), new StepEvent(P, 1, COMPLETED),
                        at(MigrationState.READY, StepState.COMPLETED, 1)));
    }

    @ParameterizedTest
    @MethodSource("transitions")
    void movesFromStateToState(Progress from, Input input, Progress expected) {
        assertEquals(expected, Workflow.next(from, input).next());
    }

    @Test
    void startDispatchesTheFirstStepAndAnnouncesRunning() {
        Transition t = Workflow.next(Progress.created(), new Start(List.of()));
        assertEquals(List.of(new Emit(new MigrationStateChanged(MigrationState.RUNNING, null)), new Dispatch(P, 1)),
                t.effects());
    }

    @Test
    void problemsFoundBeforeDispatchFailTheStepWithoutACommand() {
        Transition t = Workflow.next(Progress.created(), new Start(List.of("unknown environment 'nope'")));
        assertEquals(MigrationState.FAILED, t.next().state());
        assertEquals("unknown environment 'nope'", t.next().reason());
        assertTrue(t.effects().stream().noneMatch(e -> e instanceof Dispatch));
        assertTrue(t.effects().stream().anyMatch(e -> e instanceof Emit emit && emit.payload() instanceof StepFailed));
    }

    @Test
    void retryDispatchesANewAttempt() {
        Transition t = Workflow.next(at(MigrationState.FAILED, StepState.FAILED, 1), new Retry(List.of()));
        assertTrue(t.effects().contains(new Dispatch(P, 2)));
    }

    @Test
    void operatorRequestsThatDoNotApplyAreRejectedWithAReason() {
        Progress aborted = new Progress(MigrationState.ABORTED, P, StepState.FAILED, 1, "x");
        Transition abortTwice = Workflow.next(aborted, new Abort("again"));
        assertTrue(abortTwice.rejected());
        assertEquals(aborted, abortTwice.next());
        assertTrue(abortTwice.note().contains("ABORTED"));
        assertTrue(Workflow.next(at(MigrationState.RUNNING, StepState.RUNNING, 1), new Retry(List.of())).rejected());
        assertTrue(Workflow.next(at(MigrationState.RUNNING, StepState.RUNNING, 1), new Start(List.of())).rejected());
    }

    @Test
    void staleEventsHaveNoEffects() {
        Transition t = Workflow.next(at(MigrationState.RUNNING, StepState.PENDING, 2), new StepEvent(P, 1, FAILED));
        assertTrue(t.effects().isEmpty());
        assertFalse(t.rejected());
    }

    @Test
    void replayingTheSameInputsReproducesEveryDecision() {
        List<Input> inputs = List.of(new Start(List.of()), new StepEvent(P, 1, new StepStarted("w")),
                new StepEvent(P, 1, FAILED), new Retry(List.of()), new StepEvent(P, 2, new StepStarted("w")),
                new StepEvent(P, 2, COMPLETED));
        Progress first = Progress.created();
        Progress second = Progress.created();
        for (Input input : inputs) {
            Transition a = Workflow.next(first, input);
            Transition b = Workflow.next(second, input);
            assertEquals(a, b);
            first = a.next();
            second = b.next();
        }
        assertEquals(at(MigrationState.READY, StepState.COMPLETED, 2), first);
    }
}
