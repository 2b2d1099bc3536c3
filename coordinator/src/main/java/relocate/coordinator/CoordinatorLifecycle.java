package relocate.coordinator;

import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import relocate.coordinator.events.EventIntake;
import relocate.coordinator.outbox.OutboxRelay;
import relocate.coordinator.status.StatusStreams;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.kafka.TopicSetup;

/** Starts the coordinator's Kafka side once the store is migrated, and stops it before the store closes. */
// one classpath runs any role: relocate.coordinator.enabled=false turns this one off in a process
@Singleton
@Requires(property = "relocate.coordinator.enabled", notEquals = "false")
public class CoordinatorLifecycle {
    private final KafkaConfig kafka;
    private final Serdes serdes;
    private final StatusStreams status;
    private final EventIntake events;
    private final OutboxRelay outbox;

    public CoordinatorLifecycle(KafkaConfig kafka, Serdes serdes, StatusStreams status, EventIntake events,
                                OutboxRelay outbox) {
        this.kafka = kafka;
        this.serdes = serdes;
        this.status = status;
        this.events = events;
        this.outbox = outbox;
    }

    @EventListener
    void onStartup(StartupEvent e) {
        TopicSetup.ensureTopics(kafka);
        TopicSetup.enforceCompatibility(serdes.registry());
        try {
            status.start();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        events.start();
        outbox.start();
    }

    @EventListener
    void onShutdown(ShutdownEvent e) {
        events.close();
        outbox.close();
        status.close();
    }
}
