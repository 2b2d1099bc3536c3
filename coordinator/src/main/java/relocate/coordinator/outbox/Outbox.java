package relocate.coordinator.outbox;

import jakarta.inject.Singleton;
import java.time.Instant;
import relocate.messaging.kafka.Publisher;
import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.topic.Topics;

/** Puts commands and events in the outbox, inside the caller's transaction. */
@Singleton
public class Outbox {
    private final OutboxRepository repository;
    private final Publisher publisher;
    private final OutboxRelay relay;

    public Outbox(OutboxRepository repository, Publisher publisher, OutboxRelay relay) {
        this.repository = repository;
        this.publisher = publisher;
        this.relay = relay;
    }

    public void add(String topic, Command command) {
        repository.save(new OutboxMessage(null, topic, command.getMigrationId(), publisher.encode(topic, command),
                command.getMigrationId(), command.getStep() + " command " + command.getCommandId(), Instant.now(), null));
        relay.nudge();
    }

    public void add(Event event) {
        repository.save(new OutboxMessage(null, Topics.EVENTS, event.getMigrationId(), publisher.encode(event),
                event.getMigrationId(), event.getPayload().getClass().getSimpleName() + " " + event.getEventId(),
                Instant.now(), null));
        relay.nudge();
    }
}
