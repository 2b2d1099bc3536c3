package relocate.coordinator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import relocate.schemas.BlobReport;
import relocate.schemas.ChunkRef;
import relocate.schemas.DnsReport;
import relocate.schemas.Event;
import relocate.schemas.MigrationCreated;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStateChanged;
import relocate.schemas.MigrationStatus;
import relocate.schemas.ModelInfo;
import relocate.schemas.ModelMismatchInfo;
import relocate.schemas.ModelStat;
import relocate.schemas.PreflightReport;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepProgressed;
import relocate.schemas.StepStarted;
import relocate.schemas.StepState;
import relocate.schemas.StepStatus;
import relocate.schemas.VerifyReport;

class StatusFoldTest {
    private static int seq;

    private static Event event(String migration, int attempt, Object payload) {
        return Event.newBuilder().setEventId("e" + (++seq)).setMigrationId(migration).setDomain("acme")
                .setStep(Step.PREFLIGHT).setAttempt(attempt).setOccurredAt(Instant.ofEpochMilli(1000L * seq))
                .setCommandId(null).setPayload(payload).build();
    }

    private static MigrationStatus fold(MigrationStatus s, Event... events) {
        for (Event e : events) {
            s = StatusFold.apply(s, e);
        }
        return s;
    }

    private static final PreflightReport REPORT = new PreflightReport(
            List.of(new ModelInfo("public.cases", "domain = ?", 42L, List.of("id", "domain"))),
            List.of("public.cases"), List.of(), List.of());

    @Test
    void aSuccessfulPreflightEndsReadyWithItsReportAndTiming() {
        MigrationStatus s = fold(null,
                event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                event("m1", 1, new MigrationStateChanged(MigrationState.RUNNING, null)),
                event("m1", 1, new StepStarted("w1")),
                event("m1", 1, new StepProgressed(1L, 1L, "models", "public.cases")),
                event("m1", 1, StepCompleted.newBuilder().setPreflight(REPORT).build()),
                event("m1", 1, new MigrationStateChanged(MigrationState.READY, null)));
        assertEquals(MigrationState.READY, s.getState());
        assertEquals("eu", s.getSourceEnvironment());
        assertEquals(1, s.getSteps().size());
        assertEquals(StepState.COMPLETED, s.getSteps().get(0).getState());
        assertEquals(1L, s.getSteps().get(0).getDone());
        assertEquals(42L, s.getPreflight().getModels().get(0).getRows());
        assertEquals(6, s.getEventCount());
    }

    @Test
    void aFailedStepKeepsItsReasonAndARetryStartsAfresh() {
        MigrationStatus failed = fold(null,
                event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                event("m1", 1, new StepStarted("w1")),
                event("m1", 1, StepFailed.newBuilder().setReason("table public.cases is missing on target 'us'").setRetryable(false).build()),
                event("m1", 1, new MigrationStateChanged(MigrationState.FAILED, "table public.cases is missing")));
        assertEquals(MigrationState.FAILED, failed.getState());
        assertEquals("table public.cases is missing on target 'us'", failed.getSteps().get(0).getMessage());

        MigrationStatus retried = fold(failed, event("m1", 2, new StepStarted("w2")));
        assertEquals(2, retried.getSteps().get(0).getAttempt());
        assertEquals(StepState.RUNNING, retried.getSteps().get(0).getState());
        assertNull(retried.getSteps().get(0).getMessage());
    }

    @Test
    void aNewMigrationOfTheDomainReplacesTheStatusAndLateEventsOfTheOldOneAreIgnored() {
        MigrationStatus first = fold(null, event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                event("m1", 1, new MigrationStateChanged(MigrationState.ABORTED, "operator")));
        MigrationStatus second = fold(first, event("m2", 0, new MigrationCreated("eu", "ap", Map.of())));
        assertEquals("m2", second.getMigrationId());
        assertEquals(MigrationState.RUNNING, second.getState());
        assertEquals("ap", second.getTargetEnvironment());
        assertSame(second, StatusFold.apply(second, event("m1", 1, new StepStarted("late"))));
    }

    @Test
    void replayedOutOfOrderTheLaterMigrationStillWins() {
        Event oldCreated = event("m1", 0, new MigrationCreated("eu", "us", Map.of()));
        Event oldFailed = event("m1", 1, new MigrationStateChanged(MigrationState.FAILED, "x"));
        Event newCreated = event("m2", 0, new MigrationCreated("eu", "ap", Map.of()));
        Event newReady = event("m2", 1, new MigrationStateChanged(MigrationState.READY, null));
        // the newer migration's partition was replayed first
        MigrationStatus s = fold(null, newCreated, newReady, oldCreated, oldFailed);
        assertEquals("m2", s.getMigrationId());
        assertEquals(MigrationState.READY, s.getState());
    }

    private static Event task(Step step, String task, Object payload) {
        Event e = event("m1", 1, payload);
        e.setStep(step);
        e.setTask(task);
        return e;
    }

    @Test
    void blobPagesCountOnceAndDoNotMoveTheCurrentStep() {
        StepCompleted page = StepCompleted.newBuilder().setBlobs(BlobReport.newBuilder().setCopied(3)
                .setCopiedBytes(300).setSkipped(1).build()).build();
        MigrationStatus s = fold(null,
                event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                task(Step.STATS, "blobs", StepCompleted.newBuilder().setBlobs(BlobReport.newBuilder().setCount(8)
                        .setBytes(800).setPages(2).build()).build()),
                task(Step.DUMP, "public.cases#0", new StepStarted("d1")),
                task(Step.BLOB_COPY, "page-0", new StepStarted("b1")),
                task(Step.BLOB_COPY, "page-0", page),
                task(Step.BLOB_COPY, "page-0", page));
        assertEquals(Step.DUMP, s.getCurrentStep());
        assertEquals(List.of(0), s.getBlobs().getDonePages());
        assertEquals(3, s.getBlobs().getCopied());
        assertEquals(8, s.getBlobs().getCount());
        StepStatus copy = s.getSteps().stream().filter(x -> x.getStep() == Step.BLOB_COPY).findFirst().orElseThrow();
        assertEquals(StepState.RUNNING, copy.getState());
        assertEquals(1, copy.getDone());
        assertEquals(2, copy.getTotal());
        s = fold(s, task(Step.BLOB_COPY, "page-1", page));
        copy = s.getSteps().stream().filter(x -> x.getStep() == Step.BLOB_COPY).findFirst().orElseThrow();
        assertEquals(StepState.COMPLETED, copy.getState());
        assertEquals(6, s.getBlobs().getCopied());
    }

    @Test
    void modelsCheckedAlongsideLoadJoinOneReportWithoutMovingTheCurrentStep() {
        ChunkRef cases = new ChunkRef("public.cases", 0, null, null, null, 150L, null, null);
        ChunkRef indices = new ChunkRef("public.case_indices", 0, null, null, null, 70L, null, null);
        MigrationStatus s = fold(null,
                event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                task(Step.STATS, null, StepCompleted.newBuilder().setStats(List.of(new ModelStat("public.cases", 150L,
                        "x"), new ModelStat("public.case_indices", 70L, "y"))).setChunks(List.of(cases, indices)).build()),
                task(Step.LOAD, "public.cases#0", new StepStarted("l1")),
                task(Step.LOAD, "public.cases#0", StepCompleted.newBuilder().build()),
                task(Step.LOAD, "public.case_indices#0", StepCompleted.newBuilder().build()),
                task(Step.VERIFY, "public.cases", new StepStarted("l2")),
                task(Step.VERIFY, "public.cases", StepCompleted.newBuilder().setVerify(new VerifyReport(
                        List.of(new ModelStat("public.cases", 150L, "x")), List.of())).build()));
        assertEquals(Step.LOAD, s.getCurrentStep(), "LOAD is still running");
        StepStatus verify = s.getSteps().stream().filter(x -> x.getStep() == Step.VERIFY).findFirst().orElseThrow();
        assertEquals(StepState.RUNNING, verify.getState());
        assertEquals(1, verify.getDone());
        assertEquals(2, verify.getTotal());
        assertEquals("models", verify.getUnit());

        s = fold(s, task(Step.LOAD, "sequences", StepCompleted.newBuilder().build()),
                task(Step.VERIFY, "public.case_indices", StepCompleted.newBuilder().setVerify(new VerifyReport(
                        List.of(new ModelStat("public.case_indices", 70L, "y")), List.of())).build()));
        assertEquals(Step.VERIFY, s.getCurrentStep());
        assertEquals(List.of("public.cases", "public.case_indices"),
                s.getVerify().getTarget().stream().map(ModelStat::getModel).toList());
        verify = s.getSteps().stream().filter(x -> x.getStep() == Step.VERIFY).findFirst().orElseThrow();
        assertEquals(StepState.COMPLETED, verify.getState());
    }

    /** A migration of one model's chunk and two blobs, loaded and copied, before VERIFY. */
    private static MigrationStatus casesAndTwoBlobsLoaded() {
        ChunkRef cases = new ChunkRef("public.cases", 0, null, null, null, 150L, null, null);
        return fold(null,
                event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                task(Step.STATS, null, StepCompleted.newBuilder().setStats(List.of(new ModelStat("public.cases", 150L,
                        "x"))).setChunks(List.of(cases)).build()),
                task(Step.STATS, "blobs", StepCompleted.newBuilder().setBlobs(BlobReport.newBuilder().setCount(2)
                        .setPages(1).build()).build()),
                task(Step.LOAD, "public.cases#0", StepCompleted.newBuilder().build()));
    }

    @Test
    void withBlobsVerifyIsCompleteOnceTheBlobsAreCheckedToo() {
        MigrationStatus s = fold(casesAndTwoBlobsLoaded(),
                task(Step.VERIFY, "public.cases", StepCompleted.newBuilder().setVerify(new VerifyReport(
                        List.of(new ModelStat("public.cases", 150L, "x")), List.of())).build()),
                task(Step.VERIFY, "blobs", new StepStarted("b1")));
        StepStatus verify = s.getSteps().stream().filter(x -> x.getStep() == Step.VERIFY).findFirst().orElseThrow();
        assertEquals(StepState.RUNNING, verify.getState(), "the blobs are being checked");

        s = fold(s, task(Step.VERIFY, "blobs", StepCompleted.newBuilder().setBlobs(BlobReport.newBuilder()
                .setMismatched(0).build()).build()));
        verify = s.getSteps().stream().filter(x -> x.getStep() == Step.VERIFY).findFirst().orElseThrow();
        assertEquals(StepState.COMPLETED, verify.getState());
        assertEquals(s.getUpdatedAt(), verify.getEndedAt());
    }

    @Test
    void blobsThatDifferKeepVerifyFailedWhenTheLastModelIsCheckedAfterThem() {
        MigrationStatus s = fold(casesAndTwoBlobsLoaded(),
                task(Step.VERIFY, "blobs", StepFailed.newBuilder().setReason("1 object differs").setRetryable(true)
                        .setBlobs(BlobReport.newBuilder().setMismatched(1).setDifferent(List.of("acme/a.pdf")).build())
                        .build()),
                task(Step.VERIFY, "public.cases", StepCompleted.newBuilder().setVerify(new VerifyReport(
                        List.of(new ModelStat("public.cases", 150L, "x")), List.of())).build()));

        StepStatus verify = s.getSteps().stream().filter(x -> x.getStep() == Step.VERIFY).findFirst().orElseThrow();
        assertEquals(StepState.FAILED, verify.getState(), "an object differs: VERIFY is not complete");
        assertEquals(1, s.getBlobs().getVerify().getMismatched());
    }

    private static Event attemptTask(Step step, int attempt, String task, Object payload) {
        Event e = task(step, task, payload);
        e.setAttempt(attempt);
        return e;
    }

    private static Event stateChanged(Step step, int attempt, MigrationState state) {
        Event e = event("m1", attempt, new MigrationStateChanged(state, null));
        e.setStep(step);
        return e;
    }

    private static Event checked(int attempt, String model, long rows) {
        return attemptTask(Step.VERIFY, attempt, model, StepCompleted.newBuilder().setVerify(new VerifyReport(
                List.of(new ModelStat(model, rows, "x")), List.of())).build());
    }

    /** Two models loaded; VERIFY's first attempt found cases differing in chunk 0 and users clean. */
    private static MigrationStatus casesDifferAfterTheFirstVerify() {
        ChunkRef cases = new ChunkRef("public.cases", 0, null, null, null, 150L, null, null);
        ChunkRef users = new ChunkRef("public.users", 0, null, null, null, 3L, null, null);
        return fold(null,
                event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                task(Step.STATS, null, StepCompleted.newBuilder().setStats(List.of(new ModelStat("public.cases", 150L,
                        "x"), new ModelStat("public.users", 3L, "x"))).setChunks(List.of(cases, users)).build()),
                task(Step.LOAD, "public.cases#0", StepCompleted.newBuilder().build()),
                task(Step.LOAD, "public.users#0", StepCompleted.newBuilder().build()),
                task(Step.LOAD, "sequences", StepCompleted.newBuilder().build()),
                checked(1, "public.users", 3L),
                attemptTask(Step.VERIFY, 1, "public.cases", StepFailed.newBuilder().setReason("1 row differs")
                        .setRetryable(true).setVerify(new VerifyReport(List.of(new ModelStat("public.cases", 149L, "z")),
                                List.of(new ModelMismatchInfo("public.cases", "1 row differs", List.of())))).build()),
                stateChanged(Step.VERIFY, 1, MigrationState.FAILED));
    }

    private static StepStatus verifyStep(MigrationStatus s) {
        return s.getSteps().stream().filter(x -> x.getStep() == Step.VERIFY).findFirst().orElseThrow();
    }

    @Test
    void verifyEnteredAgainAfterARepairChecksEveryModelBeforeItIsComplete() {
        MigrationStatus s = fold(casesDifferAfterTheFirstVerify(),
                // the retry re-loads the differing chunk (LOAD attempt 2), then VERIFY checks everything again
                stateChanged(Step.LOAD, 2, MigrationState.RUNNING),
                attemptTask(Step.LOAD, 2, "public.cases#0", StepCompleted.newBuilder().build()),
                attemptTask(Step.LOAD, 2, "sequences", StepCompleted.newBuilder().build()),
                attemptTask(Step.VERIFY, 2, "public.cases", new StepStarted("l1")),
                checked(2, "public.cases", 150L));

        StepStatus verify = verifyStep(s);
        assertEquals(2, verify.getAttempt());
        assertEquals(StepState.RUNNING, verify.getState(), "users is not checked again yet");
        assertEquals(1, verify.getDone());
        assertEquals(List.of("public.cases"), s.getVerify().getTarget().stream().map(ModelStat::getModel).toList());
        assertEquals(List.of(), s.getVerify().getMismatches());

        s = fold(s, checked(2, "public.users", 3L));
        assertEquals(StepState.COMPLETED, verifyStep(s).getState());
        assertEquals(2, verifyStep(s).getDone());
    }

    @Test
    void aRetryOfVerifyKeepsTheChecksItDoesNotRepeat() {
        MigrationStatus s = fold(casesDifferAfterTheFirstVerify(),
                // nothing to re-load: the retry checks cases again, users stays checked
                stateChanged(Step.VERIFY, 2, MigrationState.RUNNING),
                attemptTask(Step.VERIFY, 2, "public.cases", new StepStarted("l1")),
                checked(2, "public.cases", 150L));

        StepStatus verify = verifyStep(s);
        assertEquals(2, verify.getAttempt());
        assertEquals(StepState.COMPLETED, verify.getState());
        assertEquals(2, verify.getDone());
        assertEquals(List.of("public.users", "public.cases"),
                s.getVerify().getTarget().stream().map(ModelStat::getModel).toList());
    }

    @Test
    void aLaterCheckOfAModelReplacesWhatAnEarlierOneFound() {
        VerifyReport first = new VerifyReport(List.of(new ModelStat("public.cases", 149L, "z"),
                new ModelStat("public.users", 3L, "u")), List.of(new ModelMismatchInfo("public.cases", "1 row missing",
                List.of())));
        VerifyReport again = new VerifyReport(List.of(new ModelStat("public.cases", 150L, "x")), List.of());

        VerifyReport merged = StatusFold.merged(first, again);

        assertEquals(List.of(new ModelStat("public.users", 3L, "u"), new ModelStat("public.cases", 150L, "x")),
                merged.getTarget());
        assertEquals(List.of(), merged.getMismatches());
        assertSame(first, StatusFold.merged(first, null));
    }

    @Test
    void theRecordAsSwitchedIsShown() {
        MigrationStatus s = fold(null,
                event("m1", 0, new MigrationCreated("eu", "us", Map.of())),
                task(Step.DNS_CUTOVER, "dns", StepCompleted.newBuilder().setDns(DnsReport.newBuilder()
                        .setRecord("acme.apps.example.").setValue("env-b.example.").setTtl(60).build()).build()));
        assertEquals("env-b.example.", s.getDns().getValue());
        assertEquals(StepState.COMPLETED, s.getSteps().get(0).getState());
    }
}
