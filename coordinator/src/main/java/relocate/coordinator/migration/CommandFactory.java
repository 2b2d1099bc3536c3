package relocate.coordinator.migration;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;
import relocate.coordinator.environment.Environment;
import relocate.schemas.Command;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.RunPreflight;
import relocate.schemas.Step;
import relocate.schemas.topic.Topics;

/** Turns the workflow's Dispatch(step, attempt) into the step's command and names the topic it goes to. */
@Singleton
public class CommandFactory {

    public String topicOf(Step step) {
        return switch (step) {
            case PREFLIGHT -> Topics.CMD_DUMP;
            case UNKNOWN -> throw new IllegalArgumentException("no service runs step " + step);
        };
    }

    public Command command(Migration m, Step step, int attempt, Environment source, Environment target) {
        Object payload = switch (step) {
            case PREFLIGHT -> new RunPreflight(endpoint(source), endpoint(target));
            case UNKNOWN -> throw new IllegalArgumentException("no command for step " + step);
        };
        return Command.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setMigrationId(m.id())
                .setDomain(m.domain())
                .setStep(step)
                .setAttempt(attempt)
                .setIssuedAt(Instant.now())
                .setPayload(payload)
                .build();
    }

    private static DatabaseEndpoint endpoint(Environment e) {
        return new DatabaseEndpoint(e.name(), e.jdbcUrl(), e.dbUser(), e.sealedPassword(), e.tenantColumn());
    }
}
