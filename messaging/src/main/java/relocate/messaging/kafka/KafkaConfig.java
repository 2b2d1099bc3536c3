package relocate.messaging.kafka;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where Kafka and the schema registry are. Defaults match the local stack ({@code ./relocate stack up});
 * production overrides them with RELOCATE_KAFKA_BOOTSTRAP_SERVERS and RELOCATE_KAFKA_SCHEMA_REGISTRY_URL.
 */
@ConfigurationProperties("relocate.kafka")
public record KafkaConfig(
        @Bindable(defaultValue = "127.0.0.1:59092") String bootstrapServers,
        @Bindable(defaultValue = "http://127.0.0.1:58081/apis/ccompat/v7") String schemaRegistryUrl,
        @Bindable(defaultValue = "4") int partitions) {
}
