package relocate.coordinator.outbox;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.messaging.kafka.Publisher;

/**
 * Publishes the outbox in order. A message is marked published only after Kafka acknowledged it, so a
 * coordinator killed in between publishes it again on restart: the same command id, which a service
 * recognises, or the same event id, which the coordinator applies once.
 */
@Singleton
public class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final OutboxRepository repository;
    private final Publisher publisher;
    private final TransactionOperations<Connection> tx;
    private final boolean enabled;
    private final Duration interval;
    private final Semaphore wakeup = new Semaphore(0);
    private final Map<String, AtomicLong> taskSequences = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(OutboxRepository repository, Publisher publisher, TransactionOperations<Connection> tx,
                       @Value("${relocate.outbox.enabled:true}") boolean enabled,
                       @Value("${relocate.outbox.interval:200ms}") Duration interval) {
        this.repository = repository;
        this.publisher = publisher;
        this.tx = tx;
        this.enabled = enabled;
        this.interval = interval;
    }

    public synchronized void start() {
        if (!enabled) {
            LOG.warn("outbox relay disabled (relocate.outbox.enabled=false): commands stay in the outbox");
            return;
        }
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "relocate-outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called after a message is added: publish soon rather than at the next interval. */
    void nudge() {
        wakeup.release();
    }

    private void run() {
        while (running) {
            try {
                while (running && publishBatch() == BATCH) {
                    // more waiting
                }
                wakeup.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                wakeup.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("outbox relay: {}; retrying in 2 s", e.getMessage());
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Publishes up to one batch, in id order; returns how many. */
    public int publishBatch() {
        return tx.executeWrite(status -> {
            List<OutboxMessage> batch = repository.lockUnpublished(BATCH);
            for (OutboxMessage m : batch) {
                if (Outbox.isTaskKey(m.msgKey())) {
                    // a task of a step split in many (chunks, pages): the tasks sent to a topic go round its
                    // partitions one after the other, whatever else the outbox holds between them
                    long sequence = taskSequences.computeIfAbsent(m.topic(), t -> new AtomicLong()).getAndIncrement();
                    publisher.sendRoundRobin(m.topic(), sequence, m.msgKey(), m.payload());
                } else {
                    publisher.send(m.topic(), m.msgKey(), m.payload());
                }
                repository.markPublished(m.id());
                LOG.debug("{} published {} to {}", m.migrationId(), m.description(), m.topic());
            }
            return batch.size();
        });
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
