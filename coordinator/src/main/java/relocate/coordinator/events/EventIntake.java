package relocate.coordinator.events;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import relocate.coordinator.migration.MigrationService;
import relocate.messaging.kafka.ConsumerLoop;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.schemas.Event;
import relocate.schemas.topic.Topics;

/**
 * Feeds {@code relocate.events} into the workflow. The offset is committed after the event's transaction:
 * a crash in between redelivers the event, and the processed-event table applies it once.
 */
@Singleton
public class EventIntake implements AutoCloseable {
    private final Serdes serdes;
    private final Publisher publisher;
    private final MigrationService migrations;
    private final ConsumerLoop loop;

    public EventIntake(KafkaConfig config, Serdes serdes, Publisher publisher, MigrationService migrations,
                       @Named("worker-id") String workerId,
                       @Value("${relocate.coordinator.group-id:relocate-coordinator}") String groupId) {
        this.serdes = serdes;
        this.publisher = publisher;
        this.migrations = migrations;
        this.loop = new ConsumerLoop("coordinator-events", Topics.EVENTS, groupId,
                workerId + "-coordinator", config, this::apply);
    }

    public void start() {
        loop.start();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Event event;
        try {
            event = serdes.event().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            // a registry that does not answer is not a bad message: that exception propagates, nothing is
            // committed, and the record is read again
            ConsumerLoop.deadLetter(publisher, record, "undecodable event: " + e.getMessage(), "coordinator");
            return;
        }
        migrations.onEvent(event);
    }

    @Override
    public void close() {
        loop.close();
    }
}
