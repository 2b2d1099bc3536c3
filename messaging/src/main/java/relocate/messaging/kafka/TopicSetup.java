package relocate.messaging.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import relocate.schemas.registry.Compatibility;
import relocate.schemas.registry.SchemaRegistryClient;
import relocate.schemas.serde.AvroSerde;
import relocate.schemas.topic.Topics;

/**
 * Creates Relocate's topics if they are missing: the broker's auto-creation would make
 * {@code relocate.status} a plain topic, and it must be compacted (one status per domain, kept forever).
 */
public final class TopicSetup {
    private TopicSetup() {
    }

    public static void ensureTopics(KafkaConfig config) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : Topics.ALL) {
                if (name.equals(Topics.STATUS)) {
                    continue;
                }
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, config.partitions(), (short) 1));
                }
            }
            if (!existing.contains(Topics.STATUS)) {
                missing.add(new NewTopic(Topics.STATUS, config.partitions(), (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            for (NewTopic topic : missing) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create Relocate's topics on Kafka at " + config.bootstrapServers()
                    + " (" + e.getMessage() + "): check the broker is running (./relocate stack status)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Makes the registry refuse a schema that cannot read every earlier version of its subject: Apicurio
     * accepts anything unless told. The build checks the same rule (SchemaHistoryTest) before this matters.
     */
    public static void enforceCompatibility(SchemaRegistryClient registry) {
        for (String topic : Topics.ALL) {
            if (!topic.equals(Topics.DLQ)) {
                registry.setCompatibility(AvroSerde.subject(topic, false), Compatibility.BACKWARD_TRANSITIVE);
            }
        }
    }
}
