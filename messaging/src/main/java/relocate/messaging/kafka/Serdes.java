package relocate.messaging.kafka;

import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.MigrationStatus;
import relocate.schemas.registry.SchemaRegistryClient;
import relocate.schemas.serde.AvroSerde;

/** The serdes of Relocate's three contracts, sharing one registry client (and so one schema cache) per process. */
public record Serdes(SchemaRegistryClient registry, AvroSerde<Command> command, AvroSerde<Event> event,
                     AvroSerde<MigrationStatus> status) {

    public static Serdes create(KafkaConfig config) {
        SchemaRegistryClient registry = new SchemaRegistryClient(config.schemaRegistryUrl());
        return new Serdes(registry, new AvroSerde<>(Command.class, registry), new AvroSerde<>(Event.class, registry),
                new AvroSerde<>(MigrationStatus.class, registry));
    }
}
