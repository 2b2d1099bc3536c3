package relocate.messaging.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import relocate.schemas.topic.Topics;

/**
 * Consumes one topic with one consumer and hands each record to the first of {@code workers} threads that
 * is free, so that no record waits behind another on a busy worker while a worker of the same process idles
 * (with a consumer per worker, each took its own partitions' records in turn). It polls only while a worker
 * is free, one record at a time.
 *
 * <p>At least once: a partition's offset is committed up to its oldest record still in work, so a record is
 * committed only once its handler returned, and so is every record before it. A handler that throws (Kafka or
 * the database unreachable) ends the session: the loop lets the other records in work finish, commits what
 * it may, reconnects after a pause and gets that record again. Before giving partitions up in a rebalance it
 * waits for the records in work, so that no other process starts one of them while it still runs here.
 */
public final class ConsumerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    /** How long closing waits for the records in work. */
    private static final Duration DRAIN = Duration.ofSeconds(25);

    private final String name;
    private final String topic;
    private final String groupId;
    private final String clientId;
    private final KafkaConfig config;
    private final int workers;
    private final Consumer<ConsumerRecord<String, byte[]>> handler;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /** A loop whose records are handled one after the other, in order. */
    public ConsumerLoop(String name, String topic, String groupId, String clientId, KafkaConfig config,
                        Consumer<ConsumerRecord<String, byte[]>> handler) {
        this(name, topic, groupId, clientId, config, 1, handler);
    }

    /** A loop handling up to {@code workers} records at once, on threads named {@code relocate-<name>-<n>}. */
    public ConsumerLoop(String name, String topic, String groupId, String clientId, KafkaConfig config, int workers,
                        Consumer<ConsumerRecord<String, byte[]>> handler) {
        if (workers < 1) {
            throw new IllegalArgumentException(name + ": a consumer loop needs at least 1 worker, not " + workers);
        }
        this.name = name;
        this.topic = topic;
        this.groupId = groupId;
        this.clientId = clientId;
        this.config = config;
        this.workers = workers;
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

    private void run() {
        while (running) {
            InWork work = new InWork(name, workers);
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(config, groupId, clientId))) {
                consumer = c;
                try {
                    c.subscribe(List.of(topic), new Rebalance(c, work));
                    LOG.info("{} consuming {} as {} with {} worker(s)", name, topic, clientId, workers);
                    while (running) {
                        if (!work.awaitFreeWorker(() -> running)) {
                            break;
                        }
                        for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                            work.start(record, handler);
                        }
                        commit(c, work);
                    }
                } finally {
                    if (running) {
                        // a handler failed: the next session gets its record again, and must not while one of
                        // this session's still runs
                        work.drainFully(name);
                    } else {
                        work.drain(DRAIN);
                    }
                    commitQuietly(c, work);
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
                work.shutdown();
            }
        }
    }

    private static void commit(KafkaConsumer<String, byte[]> c, InWork work) {
        Map<TopicPartition, OffsetAndMetadata> offsets = work.committable();
        if (!offsets.isEmpty()) {
            c.commitSync(offsets);
            work.committed(offsets);
        }
    }

    private void commitQuietly(KafkaConsumer<String, byte[]> c, InWork work) {
        try {
            commit(c, work);
        } catch (KafkaException e) {
            // the records in question come again, and a command already finished here is recognised
            LOG.warn("{} could not commit its last offsets: {}", name, e.getMessage());
        }
    }

    /**
     * The records handed to the workers and not done: per partition, the offsets in work and the offset after
     * the last one started, which together give the offset that may be committed.
     */
    private static final class InWork {
        private final ExecutorService pool;
        private final Semaphore free;
        private final int workers;
        private final Map<TopicPartition, TreeSet<Long>> running = new HashMap<>();
        private final Map<TopicPartition, Long> next = new HashMap<>();
        private final Map<TopicPartition, Long> committed = new HashMap<>();
        private volatile RuntimeException failure;

        InWork(String name, int workers) {
            this.workers = workers;
            this.free = new Semaphore(workers);
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(workers, task -> {
                // a handler still running when the process stops must not keep it alive: its record comes again
                Thread t = new Thread(task, "relocate-" + name + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        /**
         * Waits for a free worker while {@code keepWaiting} holds; answers whether one is free. A handler that
         * failed ends the session here.
         */
        boolean awaitFreeWorker(java.util.function.BooleanSupplier keepWaiting) {
            try {
                while (!free.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    rethrowFailure();
                    if (!keepWaiting.getAsBoolean()) {
                        return false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            free.release();
            rethrowFailure();
            return true;
        }

        void start(ConsumerRecord<String, byte[]> record, Consumer<ConsumerRecord<String, byte[]>> handler) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            free.acquireUninterruptibly();
            synchronized (this) {
                running.computeIfAbsent(partition, p -> new TreeSet<>()).add(record.offset());
                next.merge(partition, record.offset() + 1, Math::max);
            }
            pool.execute(() -> {
                try {
                    handler.accept(record);
                    synchronized (this) {
                        running.get(partition).remove(record.offset());
                    }
                } catch (RuntimeException e) {
                    // its offset stays in work: nothing from it on is committed, and it comes again
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    free.release();
                }
            });
        }

        private void rethrowFailure() {
            RuntimeException f = failure;
            if (f != null) {
                throw f;
            }
        }

        /** Per partition, the offset of its oldest record in work, or after its last one: what may be committed. */
        synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            next.forEach((partition, after) -> {
                TreeSet<Long> inWork = running.get(partition);
                long offset = inWork == null || inWork.isEmpty() ? after : inWork.first();
                if (!Long.valueOf(offset).equals(committed.get(partition))) {
                    offsets.put(partition, new OffsetAndMetadata(offset));
                }
            });
            return offsets;
        }

        synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        }

        /** Waits up to {@code timeout} for every record in work; answers whether none is left. */
        boolean drain(Duration timeout) {
            try {
                if (free.tryAcquire(workers, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    free.release(workers);
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        /** Waits for every record in work, however long it takes, saying so once a minute. */
        void drainFully(String name) {
            while (!drain(Duration.ofMinutes(1))) {
                LOG.info("{} waits for its records in work", name);
            }
        }

        /** Forgets partitions given up: another consumer commits them now. */
        synchronized void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(p -> {
                running.remove(p);
                next.remove(p);
                committed.remove(p);
            });
        }

        void shutdown() {
            pool.shutdown();
        }
    }

    /**
     * Before partitions go: the records in work finish and their offsets are committed, so that the next owner
     * starts after them. One line per rebalance, so that operators scaling workers see who holds which partitions.
     */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> consumer;
        private final InWork work;

        Rebalance(KafkaConsumer<String, byte[]> consumer, InWork work) {
            this.consumer = consumer;
            this.work = work;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("{} as {} assigned {}", name, clientId, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // no time limit: giving the partitions up with a record in work would let another process run it too
            work.drainFully(name);
            commitQuietly(consumer, work);
            work.forget(partitions);
            LOG.info("{} as {} revoked {}", name, clientId, partitions);
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
