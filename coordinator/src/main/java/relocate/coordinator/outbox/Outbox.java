package relocate.coordinator.outbox;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import java.sql.Connection;

import jakarta.inject.Singleton;
import java.time.Instant;
import relocate.messaging.kafka.Publisher;
import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.topic.Topics;

/** Puts commands and events in the outbox, inside the caller's transaction. */
@Singleton
public class Outbox {
    private static final String TASK_SEPARATOR = "/";

    private final OutboxRepository repository;
    private final Publisher publisher;
    private final OutboxRelay relay;
    private final TransactionOperations<Connection> tx;

    public Outbox(OutboxRepository repository, Publisher publisher, OutboxRelay relay, TransactionOperations<Connection> tx) {
        this.repository = repository;
        this.publisher = publisher;
        this.relay = relay;
        this.tx = tx;
    }

    /**
     * Wakes the relay once the caller's transaction commits: woken before, it finds the row not yet visible and
     * sleeps a whole interval, which every step of a migration would pay.
     */
    private void nudgeAfterCommit() {
        tx.findTransactionStatus().ifPresentOrElse(status -> status.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        relay.nudge();
                    }
                }), relay::nudge);
    }

    /**
     * A command is keyed by migration and task, so that the chunks of one migration spread over the
     * topic's partitions and several instances of a service share them.
     */
    public void add(String topic, Command command) {
        String key = command.getTask() == null ? command.getMigrationId() : command.getMigrationId() + TASK_SEPARATOR + command.getTask();
        repository.save(new OutboxMessage(null, topic, key, publisher.encode(topic, command),
                command.getMigrationId(), command.getStep() + " command " + command.getCommandId()
                + (command.getTask() == null ? "" : " task " + command.getTask()), Instant.now(), null));
        nudgeAfterCommit();
    }

    /** A key of a task's command ({@code <migration>/<task>}): one of many of a step, spread over the partitions. */
    static boolean isTaskKey(String key) {
        return key.contains(TASK_SEPARATOR);
    }

    public void add(Event event) {
        repository.save(new OutboxMessage(null, Topics.EVENTS, event.getMigrationId(), publisher.encode(event),
                event.getMigrationId(), event.getPayload().getClass().getSimpleName() + " " + event.getEventId(),
                Instant.now(), null));
        nudgeAfterCommit();
    }
}
