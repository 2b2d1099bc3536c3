package relocate.messaging.kafka;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import relocate.schemas.Command;
import relocate.schemas.Event;
import relocate.schemas.topic.Topics;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The process's one Kafka producer. Sends are synchronous: a caller that goes on (commits an offset,
 * marks an outbox row) knows the record is in the log.
 */
public final class Publisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Serdes serdes;

    public Publisher(KafkaConfig config, Serdes serdes, String clientId) {
        this.producer = new KafkaProducer<>(KafkaClients.producer(config, clientId));
        this.serdes = serdes;
    }

    public void publish(Event event) {
        send(Topics.EVENTS, event.getMigrationId(), encode(event));
    }

    public byte[] encode(Event event) {
        return serdes.event().serialize(Topics.EVENTS, event);
    }

    public byte[] encode(String commandTopic, Command command) {
        return serdes.command().serialize(commandTopic, command);
    }

    /** Sends bytes already in the wire format (from the outbox, or a poison message to the dead-letter topic). */
    public void send(String topic, String key, byte[] value) {
        send(topic, key, value, Map.of());
    }

    /**
     * Sends to partition {@code sequence} modulo the topic's partitions: consecutive sequences go round the
     * partitions, so the tasks of one wave reach every consumer evenly, where their keys' hashes could bunch them.
     */
    public void sendRoundRobin(String topic, long sequence, String key, byte[] value) {
        int partitions = producer.partitionsFor(topic).size();
        send(new ProducerRecord<>(topic, (int) Math.floorMod(sequence, (long) partitions), key, value), Map.of());
    }

    /** Fetches {@code topic}'s metadata now, as the first send to it would (blocking up to max.block.ms). */
    public void prepare(String topic) {
        producer.partitionsFor(topic);
    }

    public void send(String topic, String key, byte[] value, Map<String, String> headers) {
        send(new ProducerRecord<>(topic, key, value), headers);
    }

    private void send(ProducerRecord<String, byte[]> record, Map<String, String> headers) {
        String topic = record.topic();
        headers.forEach((k, v) -> record.headers().add(new RecordHeader(k, v.getBytes(UTF_8))));
        try {
            producer.send(record).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
