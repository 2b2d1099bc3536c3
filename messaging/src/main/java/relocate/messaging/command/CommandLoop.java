package relocate.messaging.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import relocate.messaging.event.Events;
import relocate.messaging.kafka.ConsumerLoop;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.kafka.WarmUp;
import relocate.schemas.Command;
import relocate.schemas.StepFailed;
import relocate.schemas.StepProgressed;
import relocate.schemas.StepStarted;
import relocate.schemas.topic.Topics;

/**
 * A service's consumer of its command topic: decodes each command, runs the handler, publishes the
 * outcome, then commits. The process's one consumer hands commands to {@code workers} threads, the first
 * free one taking the next, so one process keeps as many chunks in work as it has workers and none waits
 * behind another while a worker idles ({@link ConsumerLoop}). Commands are delivered at least once; a
 * command this process already finished, or has in work, is skipped, and every outcome names its command so
 * the coordinator applies it once. A command that
 * cannot be decoded goes to {@code relocate.dlq} with the reason; nothing is dropped silently.
 */
public final class CommandLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private final String service;
    private final String topic;
    private final Serdes serdes;
    private final Publisher publisher;
    private final CommandHandler handler;
    private final RetryPolicy retry;
    private final String workerId;
    private final RecentIds finished = new RecentIds(10_000);
    /** Commands in work here: a copy delivered meanwhile (the same partition, another worker) is skipped. */
    private final Set<String> inWork = ConcurrentHashMap.newKeySet();
    private final ConsumerLoop loop;
    private volatile boolean running;

    public CommandLoop(String service, String topic, KafkaConfig config, Serdes serdes, Publisher publisher,
                       CommandHandler handler, RetryPolicy retry, String workerId, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("relocate." + service + ".workers is " + workers
                    + ": a service needs at least 1 worker (set it to 1 or more)");
        }
        this.service = service;
        this.topic = topic;
        this.serdes = serdes;
        this.publisher = publisher;
        this.handler = handler;
        this.retry = retry;
        this.workerId = workerId;
        this.loop = new ConsumerLoop(service + "-commands", topic, "relocate-" + service, workerId + "-" + service,
                config, workers, this::process);
    }

    public void start() {
        running = true;
        // while the consumer joins: what the first command needs, so that it does not wait for it
        List<WarmUp.Step> warmUp = new ArrayList<>(WarmUp.writing(serdes.event(), publisher, Topics.EVENTS));
        warmUp.add(0, WarmUp.reading(serdes.command(), topic));
        WarmUp.inBackground(service, warmUp);
        loop.start();
    }

    private void process(ConsumerRecord<String, byte[]> record) {
        Command command;
        try {
            command = serdes.command().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            // a registry that does not answer is not a bad message: that exception propagates, nothing is
            // committed, and the record is read again
            ConsumerLoop.deadLetter(publisher, record, "undecodable command: " + e.getMessage(), service);
            return;
        }
        MDC.put("migration", command.getMigrationId());
        MDC.put("command", command.getCommandId());
        MDC.put("domain", command.getDomain());
        boolean mine = false;
        try {
            if (finished.contains(command.getCommandId())) {
                LOG.info("{} {} {} already done here, skipped (redelivery)", command.getMigrationId(),
                        command.getStep(), command.getCommandId());
                return;
            }
            if (!inWork.add(command.getCommandId())) {
                LOG.info("{} {} {} already in work here, skipped (redelivery)", command.getMigrationId(),
                        command.getStep(), command.getCommandId());
                return;
            }
            mine = true;
            LOG.info("{} {}{} attempt {} started by {}", command.getMigrationId(), command.getStep(),
                    command.getTask() == null ? "" : " " + command.getTask(), command.getAttempt(), workerId);
            publisher.publish(Events.answering(command, new StepStarted(workerId)));
            Object outcome = runWithRetries(command);
            publisher.publish(Events.answering(command, outcome));
            finished.add(command.getCommandId());
            LOG.info("{} {}{} attempt {} ended: {}", command.getMigrationId(), command.getStep(),
                    command.getTask() == null ? "" : " " + command.getTask(), command.getAttempt(),
                    outcome instanceof StepFailed f ? "failed: " + f.getReason() : "completed");
        } finally {
            if (mine) {
                inWork.remove(command.getCommandId());
            }
            MDC.clear();
        }
    }

    private Object runWithRetries(Command command) {
        ProgressReporter progress = rateLimited(command);
        for (int attempt = 1; ; attempt++) {
            try {
                return handler.handle(command, progress);
            } catch (StepFailure f) {
                if (!f.retryable() || attempt >= retry.maxAttempts()) {
                    return failed(f.getMessage(), f.retryable(), attempt);
                }
                LOG.warn("{} {} try {} failed, retrying: {}", command.getMigrationId(), command.getStep(), attempt,
                        f.getMessage());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String message = "unexpected error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                if (attempt >= retry.maxAttempts() || !running) {
                    LOG.error("{} {} gave up", command.getMigrationId(), command.getStep(), e);
                    return failed(message, true, attempt);
                }
                LOG.warn("{} {} try {} failed, retrying: {}", command.getMigrationId(), command.getStep(), attempt,
                        message);
            }
            sleep(retry.backoffBefore(attempt + 1));
        }
    }

    private static StepFailed failed(String reason, boolean retryable, int tries) {
        String text = tries > 1 ? reason + " (after " + tries + " tries)" : reason;
        return StepFailed.newBuilder().setReason(text).setRetryable(retryable).build();
    }

    private ProgressReporter rateLimited(Command command) {
        long[] last = {0};
        return (done, total, unit, model) -> {
            long now = System.nanoTime();
            if (done < total && now - last[0] < PROGRESS_INTERVAL.toNanos()) {
                return;
            }
            last[0] = now;
            publisher.publish(Events.answering(command, new StepProgressed(done, total, unit, model)));
        };
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        loop.close();
    }
}
