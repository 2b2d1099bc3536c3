package relocate.messaging.event;

import java.time.Instant;
import java.util.UUID;
import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.Step;

/** Builds event envelopes: every event carries migration id, domain, step, attempt, a unique id and a timestamp. */
public final class Events {
    private Events() {
    }

    /** An event answering a command: same migration, domain, step and attempt, and the command's id. */
    public static Event answering(Command command, Object payload) {
        return Event.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setMigrationId(command.getMigrationId())
                .setDomain(command.getDomain())
                .setStep(command.getStep())
                .setAttempt(command.getAttempt())
                .setOccurredAt(Instant.now())
                .setCommandId(command.getCommandId())
                .setTask(command.getTask())
                .setPayload(payload)
                .build();
    }

    /** An event of the coordinator's own (a migration created, a decision). */
    public static Event of(String migrationId, String domain, Step step, int attempt, Object payload) {
        return Event.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setMigrationId(migrationId)
                .setDomain(domain)
                .setStep(step)
                .setAttempt(attempt)
                .setOccurredAt(Instant.now())
                .setCommandId(null)
                .setTask(null)
                .setPayload(payload)
                .build();
    }
}
