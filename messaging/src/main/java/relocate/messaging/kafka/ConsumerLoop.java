package relocate.messaging.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.schemas.topic.Topics;

/**
 * Consumes one topic on its own thread and commits each record's offset after its handler returned:
 * at least once. A handler that throws (Kafka or the database unreachable) leaves the record
 * uncommitted; the loop reconnects after a pause and gets it again.
 */
public final class ConsumerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    private final String name;
    private final String topic;
    private final String groupId;
    private final String clientId;
    private final KafkaConfig config;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ConsumerLoop(String name, String topic, String groupId, String clientId, KafkaConfig config,
                        Consumer<ConsumerRecord<String, byte[]>> handler) {
        this.name = name;
        this.topic = topic;
        this.groupId = groupId;
        this.clientId = clientId;
        this.config = config;
        this.handler = handler;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "relocate-" + name);
        thread.start();
    }

    public boolean running() {
        return running;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(config, groupId, clientId))) {
                consumer = c;
                c.subscribe(List.of(topic), new AssignmentLog());
                LOG.info("{} consuming {} as {}", name, topic, clientId);
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                        handler.accept(record);
                        c.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1)));
                    }
                }
            } catch (WakeupException e) {
                // close() asked us to stop
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("{} interrupted, reconnecting in 2 s: {}", name, e.getMessage());
                    pause();
                }
            } finally {
                consumer = null;
            }
        }
    }

    /** One line per rebalance, so that operators scaling workers see who holds which partitions. */
    private final class AssignmentLog implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("{} as {} assigned {}", name, clientId, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("{} as {} revoked {}", name, clientId, partitions);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a record nobody can read to the dead-letter topic with the reason; nothing is dropped silently. */
    public static void deadLetter(Publisher publisher, ConsumerRecord<String, byte[]> record, String reason,
                                  String service) {
        LOG.error("{} at {}-{}@{}: sent to {}", reason, record.topic(), record.partition(), record.offset(), Topics.DLQ);
        publisher.send(Topics.DLQ, record.key(), record.value() == null ? new byte[0] : record.value(), Map.of(
                "relocate.reason", reason,
                "relocate.source", record.topic() + "-" + record.partition() + "@" + record.offset(),
                "relocate.service", service));
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
