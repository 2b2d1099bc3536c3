package relocate.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sample contracts for the tests: one place to update when a contract changes. */
public final class Samples {

    public static final Instant OCCURRED_AT = Instant.parse("2026-11-23T09:29:21.123Z");

    private Samples() {
    }

    public static Event migrationCreated() {
        return event("ev-1", MigrationCreated.newBuilder()
                .setSourceEnvironment("eu-staging")
                .setTargetEnvironment("eu-prod")
                .setOptions(Map.of("dumpers", "cases,users"))
                .build());
    }

    public static Event stepCompletedWithPreflight() {
        Event event = event("ev-2", StepCompleted.newBuilder().setPreflight(preflight()).build());
        event.setCommandId("cmd-7");
        return event;
    }

    public static Event event(String eventId, Object payload) {
        return Event.newBuilder()
                .setEventId(eventId)
                .setMigrationId("mig-42")
                .setDomain("acme's \"shop\"; drop table x")
                .setStep(Step.PREFLIGHT)
                .setAttempt(1)
                .setOccurredAt(OCCURRED_AT)
                .setCommandId(null)
                .setPayload(payload)
                .build();
    }

    public static PreflightReport preflight() {
        return PreflightReport.newBuilder()
                .setModels(List.of(ModelInfo.newBuilder()
                        .setName("public.cases")
                        .setSelection("domain = ?")
                        .setRows(1200L)
                        .setColumns(List.of("id", "domain", "title"))
                        .build()))
                .setLoadOrder(List.of("public.cases"))
                .setProblems(List.of(Problem.newBuilder()
                        .setCode("MODEL_MISSING_ON_TARGET")
                        .setModel(null)
                        .setMessage("table public.notes is missing on target 'eu-prod'")
                        .build()))
                .build();
    }

    public static Command runPreflight() {
        return Command.newBuilder()
                .setCommandId("cmd-1")
                .setMigrationId("mig-42")
                .setDomain("acme")
                .setStep(Step.PREFLIGHT)
                .setAttempt(1)
                .setIssuedAt(OCCURRED_AT)
                .setPayload(RunPreflight.newBuilder()
                        .setSource(endpoint("eu-staging"))
                        .setTarget(endpoint("eu-prod"))
                        .build())
                .build();
    }

    private static DatabaseEndpoint endpoint(String environment) {
        return DatabaseEndpoint.newBuilder()
                .setEnvironment(environment)
                .setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/" + environment)
                .setUser("relocate")
                .setSealedPassword("")
                .build();
    }

    public static MigrationStatus status() {
        return MigrationStatus.newBuilder()
                .setDomain("acme")
                .setMigrationId("mig-42")
                .setState(MigrationState.RUNNING)
                .setCurrentStep(Step.PREFLIGHT)
                .setSteps(List.of(StepStatus.newBuilder()
                        .setStep(Step.PREFLIGHT)
                        .setState(StepState.RUNNING)
                        .setAttempt(2)
                        .setStartedAt(OCCURRED_AT)
                        .setEndedAt(null)
                        .setDone(5)
                        .setTotal(9)
                        .setUnit("models")
                        .build()))
                .setEventCount(3L)
                .setLastEventId("ev-3")
                .setUpdatedAt(OCCURRED_AT.plusSeconds(60))
                .build();
    }
}
