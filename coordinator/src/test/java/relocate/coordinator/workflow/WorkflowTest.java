package relocate.coordinator.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import relocate.coordinator.workflow.Effect.Dispatch;
import relocate.coordinator.workflow.Effect.Emit;
import relocate.coordinator.workflow.Input.Abort;
import relocate.coordinator.workflow.Input.Cleanup;
import relocate.coordinator.workflow.Input.Retry;
import relocate.coordinator.workflow.Input.Run;
import relocate.coordinator.workflow.Input.Start;
import relocate.coordinator.workflow.Input.StepEvent;
import relocate.schemas.BlobReport;
import relocate.schemas.ChunkRef;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStateChanged;
import relocate.schemas.ModelMismatchInfo;
import relocate.schemas.ModelStat;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepStarted;
import relocate.schemas.StepState;
import relocate.schemas.VerifyReport;
import relocate.schemas.failure.FailureCodes;

class WorkflowTest {
    private static final String SHA = "a".repeat(64);
    private static final ChunkRef CASES_0 = new ChunkRef("public.cases", 0, "id", null, 100L, 100L, null, null);
    private static final ChunkRef CASES_1 = new ChunkRef("public.cases", 1, "id", 100L, null, 50L, null, null);
    private static final ChunkRef INDICES_0 = new ChunkRef("public.case_indices", 0, null, null, null, 70L, null, null);

    /** Feeds inputs to the workflow as the coordinator would, and keeps what it dispatched. */
    private static final class Run0 {
        Progress progress;
        final List<Dispatch> sent = new ArrayList<>();
        final List<Object> emitted = new ArrayList<>();
        Transition last;

        Run0(Settings settings, Step until) {
            progress = Progress.created(settings, until);
        }

        Run0 in(Input input) {
            last = Workflow.next(progress, input);
            assertFalse(last.rejected(), () -> "rejected: " + last.note());
            progress = last.next();
            for (Effect e : last.effects()) {
                if (e instanceof Dispatch d) {
                    sent.add(d);
                } else if (e instanceof Emit emit) {
                    emitted.add(emit.payload());
                }
            }
            return this;
        }

        /** The tasks sent by the last input, in order. */
        List<String> justSent() {
            return last.effects().stream().filter(e -> e instanceof Dispatch).map(e -> ((Dispatch) e).task()).toList();
        }

        /** The commands of {@code step} sent by the last input, in order. */
        List<Dispatch> justSent(Step step) {
            return last.effects().stream().filter(e -> e instanceof Dispatch d && d.step() == step)
                    .map(e -> (Dispatch) e).toList();
        }

        /** A service took {@code task} of the current step. */
        Run0 started(String task) {
            return in(new StepEvent(progress.step(), progress.attempt(), task, new StepStarted("w")));
        }

        Run0 complete(String task, StepCompleted payload) {
            return in(new StepEvent(progress.step(), progress.attempt(), task.isEmpty() ? null : task, payload));
        }

        Run0 complete(String task) {
            return complete(task, StepCompleted.newBuilder().build());
        }

        Run0 fail(String task, StepFailed payload) {
            return in(new StepEvent(progress.step(), progress.attempt(), task.isEmpty() ? null : task, payload));
        }

        /** Runs STATS with two models: cases in two chunks, case_indices in one. */
        Run0 stats() {
            return complete("", StepCompleted.newBuilder()
                    .setStats(List.of(new ModelStat("public.cases", 150L, "x"), new ModelStat("public.case_indices", 70L, "y")))
                    .setChunks(List.of(CASES_0, CASES_1, INDICES_0)).build());
        }

        Run0 dumped(String task) {
            return dumped(task, 10);
        }

        Run0 dumped(String task, long bytes) {
            return complete(task, StepCompleted.newBuilder().setRows(1).setBytes(bytes).setSha256(SHA).build());
        }

        void expect(MigrationState state, Step step) {
            assertEquals(state, progress.state(), () -> "state; last note: " + last.note());
            assertEquals(step, progress.step(), () -> "step; last note: " + last.note());
        }
    }

    private static Run0 throughLoad(Settings settings) {
        Run0 r = new Run0(settings, null).in(new Start(List.of()));
        if (!settings.rehearsal()) {
            r.complete("").complete(""); // PREFLIGHT, FREEZE
        } else {
            r.complete("");
        }
        r.stats();
        r.dumped("public.cases#0").dumped("public.cases#1").dumped("public.case_indices#0");
        r.complete(Work.MANIFEST);
        r.complete("public.cases#0").complete("public.cases#1");
        return r;
    }

    @Test
    void createRunsPreflightOnlyAndWaitsReady() {
        Run0 r = new Run0(Settings.DEFAULT, Step.PREFLIGHT).in(new Start(List.of()));
        assertEquals(List.of(new Dispatch(Step.PREFLIGHT, 1, Work.WHOLE)), r.sent);
        assertEquals(new MigrationStateChanged(MigrationState.RUNNING, null), r.emitted.get(0));
        r.in(new StepEvent(Step.PREFLIGHT, 1, new StepStarted("w")));
        assertEquals(StepState.RUNNING, r.progress.stepState());
        r.complete("");
        r.expect(MigrationState.READY, Step.PREFLIGHT);
    }

    @Test
    void aFullRunGoesThroughEveryStepChunkByChunkParentsFirst() {
        Run0 r = new Run0(Settings.DEFAULT, null).in(new Start(List.of()));
        r.complete("");
        r.expect(MigrationState.RUNNING, Step.FREEZE);
        r.complete("");
        r.expect(MigrationState.RUNNING, Step.STATS);
        r.stats();
        r.expect(MigrationState.RUNNING, Step.DUMP);
        assertEquals(List.of("public.cases#0", "public.cases#1", "public.case_indices#0"), r.justSent());
        r.dumped("public.cases#0").dumped("public.cases#1");
        assertTrue(r.justSent().isEmpty());
        r.dumped("public.case_indices#0");
        assertEquals(List.of(Work.MANIFEST), r.justSent());
        assertEquals(SHA, r.progress.work().chunk("public.cases#1").orElseThrow().sha256());
        r.complete(Work.MANIFEST);
        r.expect(MigrationState.RUNNING, Step.LOAD);
        // the child's chunk waits for every chunk of its parent
        assertEquals(List.of("public.cases#0", "public.cases#1"), r.justSent());
        r.complete("public.cases#0");
        assertTrue(r.justSent().isEmpty());
        r.complete("public.cases#1");
        assertEquals(List.of("public.case_indices#0"), r.justSent());
        r.complete("public.case_indices#0");
        assertEquals(List.of(Work.SEQUENCES), r.justSent());
        r.complete(Work.SEQUENCES);
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        r.complete("");
        r.expect(MigrationState.COMPLETED, Step.COMMIT);
        assertEquals(new MigrationStateChanged(MigrationState.COMPLETED, null), r.emitted.get(r.emitted.size() - 1));
    }

    @Test
    void chunksOfModelsOnOneLevelLoadTogetherAfterTheLevelBefore() {
        Run0 r = new Run0(Settings.DEFAULT, null).in(new Start(List.of())).complete("").complete("");
        r.complete("", StepCompleted.newBuilder()
                .setStats(List.of(new ModelStat("public.users", 10L, "u"), new ModelStat("public.location_types", 5L, "t"),
                        new ModelStat("public.cases", 150L, "x"), new ModelStat("public.ledger_values", 9L, "l"),
                        new ModelStat("public.case_indices", 70L, "y")))
                .setChunks(List.of(level("public.users", 0), level("public.location_types", 0), level("public.cases", 1),
                        level("public.ledger_values", 2), level("public.case_indices", 2))).build());
        for (String model : List.of("users", "location_types", "cases", "ledger_values", "case_indices")) {
            r.dumped("public." + model + "#0");
        }
        r.complete(Work.MANIFEST);

        assertEquals(List.of("public.users#0", "public.location_types#0"), r.justSent(), "two roots at once");
        r.complete("public.users#0");
        assertTrue(r.justSent().isEmpty(), "cases waits for every parent level");
        r.complete("public.location_types#0");
        assertEquals(List.of("public.cases#0"), r.justSent());
        r.complete("public.cases#0");
        assertEquals(List.of("public.ledger_values#0", "public.case_indices#0"), r.justSent(), "two children of cases");
        r.complete("public.ledger_values#0").complete("public.case_indices#0");
        assertEquals(List.of(Work.SEQUENCES), r.justSent());
    }

    @Test
    void aModelLoadsOnceTheModelsItNeedsAreLoadedBesideUnrelatedOnes() {
        Run0 r = new Run0(Settings.DEFAULT, null).in(new Start(List.of())).complete("").complete("");
        r.complete("", StepCompleted.newBuilder()
                .setStats(List.of(new ModelStat("public.users", 10L, "u"), new ModelStat("public.forms", 40L, "f"),
                        new ModelStat("public.cases", 25L, "c"), new ModelStat("public.case_indices", 9L, "i")))
                .setChunks(List.of(after("public.users", 0), after("public.forms", 1, "public.users"),
                        after("public.cases", 1, "public.users"), after("public.case_indices", 2, "public.cases")))
                .build());
        for (String model : List.of("users", "forms", "cases", "case_indices")) {
            r.dumped("public." + model + "#0");
        }
        r.complete(Work.MANIFEST);
        assertEquals(List.of("public.users#0"), r.justSent(), "every other chunk needs users");
        r.complete("public.users#0");
        assertEquals(List.of("public.forms#0", "public.cases#0"), r.justSent(), "forms and cases need users only");
        r.complete("public.cases#0");
        assertEquals(List.of("public.case_indices#0"), r.justSent(), "while forms still loads");
        r.complete("public.case_indices#0");
        assertTrue(r.justSent().isEmpty(), "the sequences wait for every chunk");
        r.complete("public.forms#0");
        assertEquals(List.of(Work.SEQUENCES), r.justSent());
        // VERIFY found case_indices differing: the repair re-loads it alone, its parent being no part of it
        r.complete(Work.SEQUENCES);
        assertEquals(List.of(Work.WHOLE), r.justSent(), "the sequences never started here: nothing was checked alongside");
        r.fail("", StepFailed.newBuilder().setReason("differs").setRetryable(false).setVerify(new VerifyReport(
                List.of(), List.of(new ModelMismatchInfo("public.case_indices", "differs",
                        List.of(after("public.case_indices", 2, "public.cases")))))).build());
        r.in(new Retry(List.of()));
        assertEquals(List.of("public.case_indices#0"), r.justSent());
    }

    private static ChunkRef after(String model, int level, String... parents) {
        return new ChunkRef(model, 0, null, null, null, 1L, level, List.of(parents));
    }

    private static ChunkRef level(String model, int level) {
        return new ChunkRef(model, 0, null, null, null, 1L, level, null);
    }

    @Test
    void stepByStepStopsReadyAfterEachPhase() {
        Run0 r = new Run0(Settings.DEFAULT, Step.PREFLIGHT).in(new Start(List.of())).complete("");
        r.in(new Run(Step.STATS)).complete("").stats();
        r.expect(MigrationState.READY, Step.STATS);
        r.in(new Run(Step.VERIFY));
        r.expect(MigrationState.RUNNING, Step.DUMP);
        assertTrue(Workflow.next(r.progress, new Run(Step.PREFLIGHT)).note().contains("already"));
        assertTrue(Workflow.next(Workflow.next(r.progress, new Abort("x")).next(), new Run(null)).rejected());
    }

    @Test
    void runWithoutAStepGoesToTheEndAndIsHarmlessWhenAlreadyGoingThere() {
        Run0 r = new Run0(Settings.DEFAULT, null).in(new Start(List.of()));
        Transition t = Workflow.next(r.progress, new Run(null));
        assertFalse(t.rejected());
        assertEquals(r.progress, t.next());
        // started to stop after PREFLIGHT, a run without a step now goes on to the last one
        Run0 paused = new Run0(Settings.DEFAULT, Step.PREFLIGHT).in(new Start(List.of())).in(new Run(null));
        assertEquals(Step.COMMIT, paused.progress.work().until());
    }

    @Test
    void theObjectFilterLimitsWhatLoadsAndVerifies() {
        Run0 r = throughLoad(new Settings(false, "case_indices$", false, false));
        // cases was filtered out: its chunks were never sent to the loader
        assertTrue(r.sent.stream().noneMatch(d -> d.step() == Step.LOAD && d.task().startsWith("public.cases#")));
        assertEquals(List.of("public.case_indices"), r.progress.work().loadedModels());
    }

    @Test
    void abortAfterLoadUnloadsThenUnfreezes() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").complete(Work.SEQUENCES);
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        r.fail("", StepFailed.newBuilder().setReason("target differs").setRetryable(false).build());
        r.expect(MigrationState.FAILED, Step.VERIFY);
        r.in(new Abort("operator"));
        r.expect(MigrationState.ABORTING, Step.UNLOAD);
        assertEquals(List.of(Work.WHOLE), r.justSent());
        r.complete("");
        r.expect(MigrationState.ABORTING, Step.UNFREEZE);
        r.complete("");
        r.expect(MigrationState.ABORTED, Step.UNFREEZE);
        assertEquals("operator", r.progress.reason());
    }

    @Test
    void abortBeforeFreezeHasNothingToUndo() {
        Run0 r = new Run0(Settings.DEFAULT, Step.PREFLIGHT).in(new Start(List.of())).complete("");
        r.in(new Abort("changed my mind"));
        r.expect(MigrationState.ABORTED, Step.PREFLIGHT);
        assertTrue(r.justSent().isEmpty());
    }

    @Test
    void abortWaitsForChunksInFlightSoNoneLandsAfterTheUndo() {
        Run0 r = throughLoad(Settings.DEFAULT); // case_indices#0 in flight
        r.in(new Abort("operator"));
        r.expect(MigrationState.ABORTING, Step.LOAD);
        assertTrue(r.justSent().isEmpty());
        r.complete("public.case_indices#0");
        r.expect(MigrationState.ABORTING, Step.UNLOAD);
        assertEquals(List.of(Work.WHOLE), r.justSent());
        // the undo is resumable: a failed UNLOAD is run again by a second abort
        r.fail("", StepFailed.newBuilder().setReason("target down").setRetryable(true).build());
        assertEquals(StepState.FAILED, r.progress.stepState());
        r.expect(MigrationState.ABORTING, Step.UNLOAD);
        r.in(new Abort("again"));
        assertEquals(List.of(Work.WHOLE), r.justSent());
        r.complete("").complete("");
        r.expect(MigrationState.ABORTED, Step.UNFREEZE);
    }

    @Test
    void aSecondAbortStopsWaitingForALostCommand() {
        Run0 r = throughLoad(Settings.DEFAULT);
        r.in(new Abort("operator")).in(new Abort("the loader is gone"));
        r.expect(MigrationState.ABORTING, Step.UNLOAD);
    }

    @Test
    void aCorruptedChunkIsDumpedAgainThenLoaded() {
        Run0 r = throughLoad(Settings.DEFAULT);
        r.fail("public.case_indices#0", StepFailed.newBuilder().setReason("hash differs").setRetryable(true)
                .setCode(FailureCodes.CHUNK_CORRUPTED).build());
        r.expect(MigrationState.RUNNING, Step.LOAD);
        assertEquals(List.of("redump:public.case_indices#0"), r.justSent());
        r.complete("redump:public.case_indices#0", StepCompleted.newBuilder().setSha256(SHA).build());
        assertEquals(List.of("public.case_indices#0"), r.justSent());
        r.complete("public.case_indices#0");
        assertEquals(List.of(Work.SEQUENCES), r.justSent());
    }

    @Test
    void aRedumpThatDiffersFailsTheMigration() {
        Run0 r = throughLoad(Settings.DEFAULT);
        r.fail("public.case_indices#0", StepFailed.newBuilder().setReason("hash").setRetryable(true)
                .setCode(FailureCodes.CHUNK_MISSING).build());
        r.complete("redump:public.case_indices#0", StepCompleted.newBuilder().setSha256("b".repeat(64)).build());
        r.expect(MigrationState.FAILED, Step.LOAD);
        assertTrue(r.progress.reason().contains("source changed"));
    }

    @Test
    void aVerifyMismatchIsRepairedByReloadingJustTheDifferingChunks() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").complete(Work.SEQUENCES);
        VerifyReport report = new VerifyReport(List.of(), List.of(new ModelMismatchInfo("public.cases", "differs",
                List.of(CASES_1))));
        r.fail("", StepFailed.newBuilder().setReason("differs").setRetryable(false).setVerify(report).build());
        r.expect(MigrationState.FAILED, Step.VERIFY);
        r.in(new Retry(List.of()));
        r.expect(MigrationState.RUNNING, Step.LOAD);
        assertEquals(List.of("public.cases#1"), r.justSent());
        assertEquals(2, r.progress.attempt());
        r.complete("public.cases#1");
        assertEquals(List.of(Work.SEQUENCES), r.justSent());
        r.started(Work.SEQUENCES);
        assertEquals(List.of(), r.justSent(), "nothing is checked alongside a repair: VERIFY checks every model again");
        r.complete(Work.SEQUENCES).complete("");
        r.expect(MigrationState.COMPLETED, Step.COMMIT);
        assertTrue(r.progress.work().repair().isEmpty());
    }

    @Test
    void aRetryAfterAFailedChunkResendsOnlyWhatIsNotDone() {
        Run0 r = new Run0(Settings.DEFAULT, null).in(new Start(List.of())).complete("").complete("").stats();
        r.dumped("public.cases#0");
        r.fail("public.cases#1", StepFailed.newBuilder().setReason("disk full").setRetryable(true).build());
        r.expect(MigrationState.FAILED, Step.DUMP);
        // a chunk in flight still answers, and counts
        r.in(new StepEvent(Step.DUMP, 1, "public.case_indices#0",
                StepCompleted.newBuilder().setRows(1).setBytes(10).setSha256(SHA).build()));
        r.in(new Retry(List.of()));
        assertEquals(List.of("public.cases#1"), r.justSent());
        assertEquals(2, r.progress.attempt());
        // the first attempt's late answer is stale
        Transition late = Workflow.next(r.progress, new StepEvent(Step.DUMP, 1, "public.cases#1",
                StepCompleted.newBuilder().build()));
        assertEquals(r.progress, late.next());
    }

    @Test
    void aRehearsalDoesNotFreezeAndClearsTheTargetAtTheEnd() {
        Run0 r = throughLoad(new Settings(true, null, false, false)).complete("public.case_indices#0").complete(Work.SEQUENCES);
        assertTrue(r.sent.stream().noneMatch(d -> d.step() == Step.FREEZE));
        r.complete(""); // VERIFY
        r.expect(MigrationState.RUNNING, Step.UNLOAD);
        r.complete("");
        r.expect(MigrationState.COMPLETED, Step.UNLOAD);
        assertTrue(r.progress.reason().startsWith("rehearsal"));
        assertTrue(Workflow.next(r.progress, new Cleanup()).rejected());
    }

    @Test
    void cleanupRunsAfterCommitOnce() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").complete(Work.SEQUENCES).complete("");
        r.in(new Cleanup());
        r.expect(MigrationState.COMPLETED, Step.CLEANUP);
        assertEquals(List.of(Work.WHOLE), r.justSent());
        r.complete("");
        assertEquals(StepState.COMPLETED, r.progress.stepState());
        assertTrue(Workflow.next(r.progress, new Cleanup()).rejected());
    }

    @Test
    void problemsFoundBeforeDispatchFailTheStepWithoutACommand() {
        Transition t = Workflow.next(Progress.created(Settings.DEFAULT, Step.PREFLIGHT),
                new Start(List.of("unknown environment 'nope'")));
        assertEquals(MigrationState.FAILED, t.next().state());
        assertEquals("unknown environment 'nope'", t.next().reason());
        assertTrue(t.effects().stream().noneMatch(e -> e instanceof Dispatch));
        assertTrue(t.effects().stream().anyMatch(e -> e instanceof Emit emit && emit.payload() instanceof StepFailed));
    }

    @Test
    void operatorRequestsThatDoNotApplyAreRejectedWithAReason() {
        Run0 r = new Run0(Settings.DEFAULT, Step.PREFLIGHT).in(new Start(List.of()));
        assertTrue(Workflow.next(r.progress, new Retry(List.of())).rejected());
        assertTrue(Workflow.next(r.progress, new Start(List.of())).rejected());
        assertTrue(Workflow.next(r.progress, new Cleanup()).rejected());
        r.complete("").in(new Abort("x"));
        Transition again = Workflow.next(r.progress, new Abort("again"));
        assertTrue(again.rejected());
        assertTrue(again.note().contains("ABORT"), again.note());
    }

    @Test
    void staleAndDuplicateEventsHaveNoEffects() {
        Run0 r = new Run0(Settings.DEFAULT, null).in(new Start(List.of())).complete("");
        Transition stale = Workflow.next(r.progress, new StepEvent(Step.PREFLIGHT, 1, StepCompleted.newBuilder().build()));
        assertTrue(stale.effects().isEmpty());
        assertEquals(r.progress, stale.next());
    }

    @Test
    void replayingTheSameInputsReproducesEveryDecision() {
        Run0 a = throughLoad(Settings.DEFAULT);
        Run0 b = throughLoad(Settings.DEFAULT);
        assertEquals(a.progress, b.progress);
        assertEquals(a.sent, b.sent);
    }

    private static final Settings WITH_BLOBS_AND_DNS = new Settings(false, null, true, true);

    /** Through STATS with blobs in two pages: DUMP runs, and BLOB_COPY alongside it. */
    private static Run0 withBlobsThroughStats() {
        Run0 r = new Run0(WITH_BLOBS_AND_DNS, null).in(new Start(List.of()));
        assertEquals(List.of(Work.WHOLE, Work.BLOBS, Work.DNS), r.justSent());
        r.complete("").complete(Work.BLOBS).complete(Work.DNS); // PREFLIGHT
        r.complete(""); // FREEZE
        assertEquals(List.of(Work.WHOLE, Work.BLOBS), r.justSent());
        r.complete(Work.BLOBS, StepCompleted.newBuilder().setBlobs(BlobReport.newBuilder().setCount(300).setPages(2)
                .build()).build());
        r.stats();
        return r;
    }

    private static Run0 alongside(Run0 r, Step step, int attempt, String task, Object payload) {
        return r.in(new StepEvent(step, attempt, task, payload));
    }

    @Test
    void blobsCopyAlongsideDumpAndLoadAndTheRecordSwitchesAfterVerify() {
        Run0 r = withBlobsThroughStats();
        r.expect(MigrationState.RUNNING, Step.DUMP);
        assertTrue(r.sent.contains(new Dispatch(Step.BLOB_COPY, 1, Work.page(0))));
        assertTrue(r.sent.contains(new Dispatch(Step.BLOB_COPY, 1, Work.page(1))));
        alongside(r, Step.BLOB_COPY, 1, Work.page(0), StepCompleted.newBuilder().build());
        r.expect(MigrationState.RUNNING, Step.DUMP);
        r.dumped("public.cases#0").dumped("public.cases#1").dumped("public.case_indices#0").complete(Work.MANIFEST);
        r.complete("public.cases#0").complete("public.cases#1").complete("public.case_indices#0")
                .complete(Work.SEQUENCES);
        // LOAD is done, one page is still copying: the migration waits at BLOB_COPY
        r.expect(MigrationState.RUNNING, Step.BLOB_COPY);
        assertEquals(1, r.progress.attempt());
        assertEquals(List.of(), r.justSent());
        r.complete(Work.page(1));
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        assertEquals(List.of(Work.WHOLE, Work.BLOBS), r.justSent());
        r.complete("").complete(Work.BLOBS);
        r.expect(MigrationState.RUNNING, Step.DNS_CUTOVER);
        assertEquals(List.of(Work.DNS), r.justSent());
        assertTrue(Workflow.next(r.progress, new Abort("no")).rejected(), "no abort while the record switches");
        r.complete(Work.DNS);
        r.expect(MigrationState.COMPLETED, Step.COMMIT);
        assertTrue(r.progress.work().cutOver());
        Transition abort = Workflow.next(r.progress, new Abort("no"));
        assertTrue(abort.rejected());
        r.in(new Input.DnsRollback());
        assertEquals(List.of(new Dispatch(Step.DNS_ROLLBACK, 1, Work.DNS)), r.last.effects());
        alongside(r, Step.DNS_ROLLBACK, 1, Work.DNS, StepCompleted.newBuilder().build());
        assertFalse(r.progress.work().cutOver());
        assertTrue(Workflow.next(r.progress, new Input.DnsRollback()).rejected(), "nothing left to roll back");
    }

    @Test
    void aPageThatFailedAlongsideFailsTheMigrationAtBlobCopyAndItsRetrySendsThatPageOnly() {
        Run0 r = withBlobsThroughStats();
        alongside(r, Step.BLOB_COPY, 1, Work.page(0), StepCompleted.newBuilder().build());
        alongside(r, Step.BLOB_COPY, 1, Work.page(1), StepFailed.newBuilder()
                .setReason("acme/a.pdf differs on the target").setRetryable(false).build());
        r.expect(MigrationState.RUNNING, Step.DUMP);
        r.dumped("public.cases#0").dumped("public.cases#1").dumped("public.case_indices#0").complete(Work.MANIFEST);
        r.complete("public.cases#0").complete("public.cases#1").complete("public.case_indices#0")
                .complete(Work.SEQUENCES);
        r.expect(MigrationState.FAILED, Step.BLOB_COPY);
        assertTrue(r.progress.reason().contains("acme/a.pdf differs"), r.progress.reason());
        r.in(new Retry(List.of()));
        r.expect(MigrationState.RUNNING, Step.BLOB_COPY);
        assertEquals(2, r.progress.attempt());
        assertEquals(List.of(Work.page(1)), r.justSent());
        r.complete(Work.page(1));
        r.expect(MigrationState.RUNNING, Step.VERIFY);
    }

    @Test
    void anAbortDuringDumpWaitsForTheBlobPagesThenDeletesTheCopiedBlobsAndLiftsTheFreeze() {
        Run0 r = withBlobsThroughStats();
        r.dumped("public.cases#0");
        r.in(new Abort("stop"));
        r.expect(MigrationState.ABORTING, Step.DUMP);
        r.dumped("public.cases#1").dumped("public.case_indices#0");
        alongside(r, Step.BLOB_COPY, 1, Work.page(0), StepCompleted.newBuilder().build());
        r.expect(MigrationState.ABORTING, Step.DUMP);
        alongside(r, Step.BLOB_COPY, 1, Work.page(1), StepCompleted.newBuilder().build());
        r.expect(MigrationState.ABORTING, Step.UNLOAD);
        // no rows were loaded: only the blobs are deleted
        assertEquals(List.of(Work.BLOBS), r.justSent());
        r.complete(Work.BLOBS);
        r.expect(MigrationState.ABORTING, Step.UNFREEZE);
        r.complete("");
        r.expect(MigrationState.ABORTED, Step.UNFREEZE);
    }

    @Test
    void blobsVerifyFoundMissingOrDifferentAreCopiedAgainAloneOnRetry() {
        Run0 r = withBlobsThroughStats();
        alongside(r, Step.BLOB_COPY, 1, Work.page(0), StepCompleted.newBuilder().build());
        alongside(r, Step.BLOB_COPY, 1, Work.page(1), StepCompleted.newBuilder().build());
        r.dumped("public.cases#0").dumped("public.cases#1").dumped("public.case_indices#0").complete(Work.MANIFEST);
        r.complete("public.cases#0").complete("public.cases#1").complete("public.case_indices#0")
                .complete(Work.SEQUENCES);
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        r.complete("");
        r.fail(Work.BLOBS, StepFailed.newBuilder().setReason("2 objects differ").setRetryable(true)
                .setCode(FailureCodes.BLOB_MISMATCH).setBlobs(BlobReport.newBuilder().setMissing(List.of("acme/1"))
                        .setDifferent(List.of("acme/2")).setMismatched(2).build()).build());
        r.expect(MigrationState.FAILED, Step.VERIFY);
        r.in(new Retry(List.of()));
        r.expect(MigrationState.RUNNING, Step.BLOB_COPY);
        assertEquals(List.of(Work.BLOB_REPAIR), r.justSent());
        assertEquals(List.of("acme/1", "acme/2"), r.progress.work().blobRepair());
        r.complete(Work.BLOB_REPAIR);
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        r.complete("").complete(Work.BLOBS);
        assertEquals(List.of(), r.progress.work().blobRepair());
        r.expect(MigrationState.RUNNING, Step.DNS_CUTOVER);
    }

    @Test
    void theTtlIsLoweredAlongsideWhileTheMigrationWaits() {
        Run0 r = new Run0(WITH_BLOBS_AND_DNS, Step.PREFLIGHT).in(new Start(List.of()));
        r.complete("").complete(Work.BLOBS).complete(Work.DNS);
        r.expect(MigrationState.READY, Step.PREFLIGHT);
        r.in(new Input.DnsPrepare());
        assertEquals(List.of(new Dispatch(Step.DNS_PREPARE, 1, Work.DNS)), r.last.effects());
        assertTrue(Workflow.next(r.progress, new Input.DnsPrepare()).rejected(), "one at a time");
        alongside(r, Step.DNS_PREPARE, 1, Work.DNS, StepCompleted.newBuilder().build());
        r.expect(MigrationState.READY, Step.PREFLIGHT);
        r.in(new Input.DnsPrepare());
        assertEquals(List.of(new Dispatch(Step.DNS_PREPARE, 2, Work.DNS)), r.last.effects());
    }

    @Test
    void theModelsAreCheckedAlongsideOnceTheSequencesHaveStarted() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0");
        assertEquals(List.of(Work.SEQUENCES), r.justSent(), "no check gets ahead of the sequences in a queue");
        r.started(Work.SEQUENCES);
        assertEquals(List.of(new Dispatch(Step.VERIFY, 1, "public.cases"), new Dispatch(Step.VERIFY, 1,
                "public.case_indices")), r.justSent(Step.VERIFY));
        r.started(Work.SEQUENCES); // delivered again
        assertEquals(List.of(), r.justSent());
        r.complete(Work.SEQUENCES);
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        assertEquals(List.of(), r.justSent(), "every model is being checked: nothing left to send");
        r.complete("public.cases");
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        r.complete("public.case_indices");
        r.expect(MigrationState.COMPLETED, Step.COMMIT);
    }

    @Test
    void theLargestModelsAreCheckedFirst() {
        Run0 r = new Run0(Settings.DEFAULT, null).in(new Start(List.of())).complete("").complete("").stats();
        r.dumped("public.cases#0", 10).dumped("public.cases#1", 10).dumped("public.case_indices#0", 500);
        r.complete(Work.MANIFEST).complete("public.cases#0").complete("public.cases#1")
                .complete("public.case_indices#0").started(Work.SEQUENCES);
        assertEquals(List.of("public.case_indices", "public.cases"),
                r.justSent(Step.VERIFY).stream().map(Dispatch::task).toList());
    }

    @Test
    void aCheckThatAnsweredBeforeVerifyCountsAndTheRestIsAwaited() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").started(Work.SEQUENCES);
        alongside(r, Step.VERIFY, 1, "public.cases", StepCompleted.newBuilder().build());
        r.expect(MigrationState.RUNNING, Step.LOAD);
        r.complete(Work.SEQUENCES);
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        assertEquals(Set.of("public.case_indices"), r.progress.work().inFlight());
        r.complete("public.case_indices");
        r.expect(MigrationState.COMPLETED, Step.COMMIT);
    }

    @Test
    void abortWaitsForTheChecksInFlightThenUnloads() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").started(Work.SEQUENCES)
                .complete(Work.SEQUENCES);
        r.fail("public.cases", StepFailed.newBuilder().setReason("target differs").setRetryable(false).build());
        r.expect(MigrationState.FAILED, Step.VERIFY);
        r.in(new Abort("operator"));
        r.expect(MigrationState.ABORTING, Step.VERIFY);
        r.complete("public.case_indices");
        r.expect(MigrationState.ABORTING, Step.UNLOAD);
    }

    @Test
    void aModelThatDifferedAlongsideIsCheckedAgainWithTheRestAndItsChunksAreReloaded() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").started(Work.SEQUENCES);
        VerifyReport differs = new VerifyReport(List.of(), List.of(new ModelMismatchInfo("public.cases", "differs",
                List.of(CASES_1))));
        alongside(r, Step.VERIFY, 1, "public.cases", StepFailed.newBuilder().setReason("differs").setRetryable(false)
                .setVerify(differs).build());
        alongside(r, Step.VERIFY, 1, "public.case_indices", StepCompleted.newBuilder().build());
        r.expect(MigrationState.RUNNING, Step.LOAD);
        r.complete(Work.SEQUENCES);
        r.expect(MigrationState.RUNNING, Step.VERIFY);
        assertEquals(List.of(Work.WHOLE), r.justSent());
        assertEquals(List.of("public.cases"), r.progress.work().modelsToVerify());
        r.fail("", StepFailed.newBuilder().setReason("differs").setRetryable(false).setVerify(differs).build());
        r.expect(MigrationState.FAILED, Step.VERIFY);
        r.in(new Retry(List.of()));
        assertEquals(List.of("public.cases#1"), r.justSent());
    }

    @Test
    void twoChecksThatFindDifferencesAddUpTheChunksToReload() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").started(Work.SEQUENCES)
                .complete(Work.SEQUENCES);
        r.fail("public.cases", StepFailed.newBuilder().setReason("differs").setRetryable(false).setVerify(
                new VerifyReport(List.of(), List.of(new ModelMismatchInfo("public.cases", "differs", List.of(CASES_1)))))
                .build());
        r.fail("public.case_indices", StepFailed.newBuilder().setReason("differs").setRetryable(false).setVerify(
                new VerifyReport(List.of(), List.of(new ModelMismatchInfo("public.case_indices", "differs",
                        List.of(INDICES_0))))).build());
        assertEquals(List.of("public.cases#1", "public.case_indices#0"), r.progress.work().repair());
        r.in(new Retry(List.of()));
        assertEquals(List.of("public.cases#1"), r.justSent());
        r.complete("public.cases#1");
        assertEquals(List.of("public.case_indices#0"), r.justSent());
    }

    @Test
    void nothingIsCheckedAlongsideAMigrationThatStopsBeforeVerify() {
        Run0 r = new Run0(Settings.DEFAULT, Step.LOAD).in(new Start(List.of())).complete("").complete("").stats();
        r.dumped("public.cases#0").dumped("public.cases#1").dumped("public.case_indices#0").complete(Work.MANIFEST);
        r.complete("public.cases#0").complete("public.cases#1").complete("public.case_indices#0");
        r.started(Work.SEQUENCES).complete(Work.SEQUENCES);
        r.expect(MigrationState.READY, Step.LOAD);
        assertTrue(r.sent.stream().noneMatch(d -> d.step() == Step.VERIFY));
        r.in(new Run(null));
        assertEquals(List.of(Work.WHOLE), r.justSent());
        assertEquals(List.of("public.cases", "public.case_indices"), r.progress.work().modelsToVerify());
    }

    @Test
    void aRetryOfLoadStartsTheChecksOverAsANewAttempt() {
        Run0 r = throughLoad(Settings.DEFAULT).complete("public.case_indices#0").started(Work.SEQUENCES);
        r.fail(Work.SEQUENCES, StepFailed.newBuilder().setReason("a foreign key is broken").setRetryable(false).build());
        r.expect(MigrationState.FAILED, Step.LOAD);
        alongside(r, Step.VERIFY, 1, "public.cases", StepCompleted.newBuilder().build());
        r.in(new Retry(List.of()));
        assertEquals(List.of(Work.SEQUENCES), r.justSent());
        r.started(Work.SEQUENCES);
        assertEquals(List.of(new Dispatch(Step.VERIFY, 2, "public.cases"), new Dispatch(Step.VERIFY, 2,
                "public.case_indices")), r.justSent(Step.VERIFY));
        // an answer to the first attempt's check is stale
        Transition late = Workflow.next(r.progress, new StepEvent(Step.VERIFY, 1, "public.case_indices",
                StepCompleted.newBuilder().build()));
        assertEquals(r.progress, late.next());
    }

    @Test
    void withoutBlobStoresOrDnsTheStepsAreLeftOut() {
        assertEquals(Workflow.STEPS.stream().filter(s -> s != Step.BLOB_COPY && s != Step.DNS_CUTOVER).toList(),
                Workflow.steps(Settings.DEFAULT));
        assertTrue(Workflow.next(Progress.created(Settings.DEFAULT, null), new Input.DnsPrepare()).rejected());
    }
}
