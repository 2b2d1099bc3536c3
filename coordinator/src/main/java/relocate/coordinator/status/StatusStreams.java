package relocate.coordinator.status;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Serdes;
import relocate.schemas.MigrationStatus;

/** Runs the status topology (exactly once) and answers status queries from its local store. */
@Singleton
public class StatusStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusStreams.class);

    private final KafkaConfig config;
    private final Serdes serdes;
    private final String applicationId;
    private final String stateDir;
    private KafkaStreams streams;

    public StatusStreams(KafkaConfig config, Serdes serdes,
                         @Value("${relocate.status.application-id:relocate-status}") String applicationId,
                         @Value("${relocate.status.state-dir:}") String stateDir) {
        this.config = config;
        this.serdes = serdes;
        this.applicationId = applicationId;
        this.stateDir = stateDir;
    }

    public synchronized void start() throws java.io.IOException {
        if (streams != null) {
            return;
        }
        StreamsBuilder builder = new StreamsBuilder();
        StatusTopology.build(builder, serdes.event(), serdes.status());
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.isBlank()
                ? Files.createTempDirectory("relocate-status").toString() : stateDir);
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        // a restarted coordinator (the old one killed) serves status after 10 s, not the default 45 s
        p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        // an event nobody can read is logged and skipped: it must not stop every domain's status
        p.put(StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        streams = new KafkaStreams(builder.build(), p);
        streams.setStateListener((now, before) -> LOG.info("status topology {} -> {}", before, now));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("status topology thread failed, replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    /** The domain's status, or empty if the topology has seen no event of it. */
    public Optional<MigrationStatus> statusOf(String domain) {
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            throw new IllegalStateException("the status topology is not running yet ("
                    + (streams == null ? "not started" : streams.state()) + "): try again in a few seconds");
        }
        ReadOnlyKeyValueStore<String, MigrationStatus> store = streams.store(
                StoreQueryParameters.fromNameAndType(StatusTopology.STORE, QueryableStoreTypes.keyValueStore()));
        return Optional.ofNullable(store.get(domain));
    }

    @Override
    public synchronized void close() {
        if (streams != null) {
            streams.close();
            streams = null;
        }
    }
}
