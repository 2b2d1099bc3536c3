package relocate.coordinator.status;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import relocate.schemas.Event;
import relocate.schemas.MigrationStatus;
import relocate.schemas.topic.Topics;

/**
 * relocate.events (key: migration id) → re-keyed by domain → folded by {@link StatusFold} into the
 * {@value #STORE} table → relocate.status (compacted, key: domain).
 */
public final class StatusTopology {
    public static final String STORE = "status-by-domain";

    private StatusTopology() {
    }

    public static void build(StreamsBuilder builder, Serde<Event> events, Serde<MigrationStatus> statuses) {
        Serde<String> keys = org.apache.kafka.common.serialization.Serdes.String();
        builder.stream(Topics.EVENTS, Consumed.with(keys, events))
                .selectKey((migrationId, event) -> event.getDomain())
                .groupByKey(Grouped.with("events-by-domain", keys, events))
                .aggregate(() -> null, (domain, event, status) -> StatusFold.apply(status, event),
                        Materialized.<String, MigrationStatus, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(keys).withValueSerde(statuses))
                .toStream()
                .to(Topics.STATUS, Produced.with(keys, statuses));
    }
}
