package relocate.messaging.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.kafka.TopicContents;
import relocate.messaging.kafka.TopicSetup;
import relocate.schemas.Command;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.Event;
import relocate.schemas.RunPreflight;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepStarted;
import relocate.schemas.topic.Topics;
import relocate.stack.LocalStack;
import relocate.stack.StackEndpoints;

/**
 * The command loop against the real broker and registry: a command runs once however often it is
 * delivered, retryable failures are retried with backoff, others reported at once, and a message that
 * cannot be decoded goes to the dead-letter topic with its reason.
 */
class CommandLoopIT {
    private static final String TOPIC = "test.cmd.loop";
    private static KafkaConfig config;
    private static Serdes serdes;
    private static Publisher publisher;
    private static CommandLoop loop;
    /** What the handler does per migration id: how many calls fail first, and how. */
    private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> FAIL_FIRST = new ConcurrentHashMap<>();
    private static final Map<String, RuntimeException> FAILURE = new ConcurrentHashMap<>();
    /** Migrations whose commands wait (up to 10 s) for a second command in work beside them. */
    private static final Set<String> MEET = ConcurrentHashMap.newKeySet();
    /** Migrations whose commands wait (up to 90 s) until the test takes them out of here. */
    private static final Set<String> HOLD = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger IN_WORK = new AtomicInteger();
    private static final AtomicInteger MOST_IN_WORK = new AtomicInteger();

    @BeforeAll
    static void start() {
        StackEndpoints s = LocalStack.forTests().up();
        config = new KafkaConfig(s.bootstrapServers(), s.registryUrl(), 4);
        TopicSetup.ensureTopics(config);
        serdes = Serdes.create(config);
        publisher = new Publisher(config, serdes, "command-loop-it");
        loop = new CommandLoop("loop-it", TOPIC, config, serdes, publisher, (command, progress) -> {
            String id = command.getMigrationId();
            int call = CALLS.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (call <= FAIL_FIRST.getOrDefault(id, 0)) {
                throw FAILURE.get(id);
            }
            long held = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (HOLD.contains(id) && System.nanoTime() < held) {
                sleep(20);
            }
            if (MEET.contains(id)) {
                MOST_IN_WORK.accumulateAndGet(IN_WORK.incrementAndGet(), Math::max);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (IN_WORK.get() < 2 && System.nanoTime() < deadline) {
                    sleep(20);
                }
                MOST_IN_WORK.accumulateAndGet(IN_WORK.get(), Math::max);
                IN_WORK.decrementAndGet();
            }
            progress.report(1, 1, "models", null);
            return StepCompleted.newBuilder().build();
        }, new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)), "loop-it-worker", 2);
        loop.start();
    }

    @AfterAll
    static void stop() {
        if (loop != null) {
            loop.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    private static Command command(String migrationId, String commandId) {
        DatabaseEndpoint e = new DatabaseEndpoint("env", "jdbc:postgresql://127.0.0.1:1/x", "u", "", "domain", "");
        return Command.newBuilder().setCommandId(commandId).setMigrationId(migrationId).setDomain("acme")
                .setStep(Step.PREFLIGHT).setAttempt(1).setIssuedAt(Instant.now())
                .setPayload(new RunPreflight(e, e, false, null)).build();
    }

    private static void send(Command c) {
        publisher.send(TOPIC, c.getMigrationId(), publisher.encode(TOPIC, c));
    }

    @Test
    void aCommandDeliveredTwiceRunsOnce() {
        String migration = UUID.randomUUID().toString();
        Command c = command(migration, UUID.randomUUID().toString());
        send(c);
        send(c);
        List<Event> events = awaitEvents(migration, es -> count(es, StepCompleted.class) >= 1);
        sleep(1500); // room for a second run, which must not happen
        events = eventsOf(migration);
        assertEquals(1, CALLS.get(migration).get());
        assertEquals(1, count(events, StepStarted.class));
        assertEquals(1, count(events, StepCompleted.class));
        assertEquals(c.getCommandId(), events.get(0).getCommandId());
    }

    @Test
    void twoWorkersRunCommandsOfDifferentPartitionsAtOnce() {
        // one migration id per partition
        Map<Integer, String> byPartition = new java.util.TreeMap<>();
        while (byPartition.size() < 4) {
            String id = UUID.randomUUID().toString();
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 4, id);
        }
        MEET.addAll(byPartition.values());
        byPartition.values().forEach(id -> send(command(id, UUID.randomUUID().toString())));
        byPartition.values().forEach(id -> awaitEvents(id, es -> count(es, StepCompleted.class) == 1));
        assertEquals(2, MOST_IN_WORK.get(), "commands in work at once in one process with two workers");
    }

    @Test
    void aCommandDoesNotWaitBehindALongOneOfItsPartitionWhileAWorkerIsFree() {
        String slow = UUID.randomUUID().toString();
        String quick = UUID.randomUUID().toString();
        HOLD.add(slow);
        try {
            // one key: one partition, which a consumer per worker would have taken in turn
            String key = "one-partition-" + UUID.randomUUID();
            Command first = command(slow, UUID.randomUUID().toString());
            publisher.send(TOPIC, key, publisher.encode(TOPIC, first));
            awaitEvents(slow, es -> count(es, StepStarted.class) == 1);
            Command second = command(quick, UUID.randomUUID().toString());
            publisher.send(TOPIC, key, publisher.encode(TOPIC, second));

            awaitEvents(quick, es -> count(es, StepCompleted.class) == 1);
            assertEquals(0, count(eventsOf(slow), StepCompleted.class), "the first command is still in work");
        } finally {
            HOLD.remove(slow);
        }
        awaitEvents(slow, es -> count(es, StepCompleted.class) == 1);
    }

    @Test
    void aRetryableFailureIsRetriedWithBackoffUntilItSucceeds() {
        String migration = UUID.randomUUID().toString();
        FAIL_FIRST.put(migration, 2);
        FAILURE.put(migration, new StepFailure("database busy", true));
        send(command(migration, UUID.randomUUID().toString()));
        awaitEvents(migration, es -> count(es, StepCompleted.class) == 1);
        assertEquals(3, CALLS.get(migration).get());
    }

    @Test
    void aFailureForPeopleIsReportedAtOnceWithItsMessage() {
        String migration = UUID.randomUUID().toString();
        FAIL_FIRST.put(migration, 99);
        FAILURE.put(migration, new StepFailure("wrong password for user u on source 'env'", false));
        send(command(migration, UUID.randomUUID().toString()));
        List<Event> events = awaitEvents(migration, es -> count(es, StepFailed.class) == 1);
        StepFailed failed = (StepFailed) events.stream().filter(e -> e.getPayload() instanceof StepFailed)
                .findFirst().orElseThrow().getPayload();
        assertEquals("wrong password for user u on source 'env'", failed.getReason());
        assertFalse(failed.getRetryable());
        assertEquals(1, CALLS.get(migration).get());
    }

    @Test
    void anUnexpectedErrorIsRetriedThenReportedAsRetryable() {
        String migration = UUID.randomUUID().toString();
        FAIL_FIRST.put(migration, 99);
        FAILURE.put(migration, new IllegalStateException("disk on fire"));
        send(command(migration, UUID.randomUUID().toString()));
        List<Event> events = awaitEvents(migration, es -> count(es, StepFailed.class) == 1);
        StepFailed failed = (StepFailed) events.stream().filter(e -> e.getPayload() instanceof StepFailed)
                .findFirst().orElseThrow().getPayload();
        assertTrue(failed.getReason().contains("disk on fire"), failed.getReason());
        assertTrue(failed.getReason().contains("after 3 tries"), failed.getReason());
        assertTrue(failed.getRetryable());
        assertEquals(3, CALLS.get(migration).get());
    }

    @Test
    void anUndecodableCommandGoesToTheDeadLetterTopicWithItsReason() {
        String key = "poison-" + UUID.randomUUID();
        publisher.send(TOPIC, key, "{\"not\": \"avro\"}".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> dead = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (dead == null && System.nanoTime() < deadline) {
            dead = readAll(Topics.DLQ).stream().filter(r -> key.equals(r.key())).findFirst().orElse(null);
            if (dead == null) {
                sleep(300);
            }
        }
        assertTrue(dead != null, "nothing on " + Topics.DLQ);
        String reason = new String(dead.headers().lastHeader("relocate.reason").value(), StandardCharsets.UTF_8);
        assertTrue(reason.startsWith("undecodable command"), reason);
        assertEquals("{\"not\": \"avro\"}", new String(dead.value(), StandardCharsets.UTF_8));
        // the loop goes on: a good command after the poison one still runs
        String migration = UUID.randomUUID().toString();
        send(command(migration, UUID.randomUUID().toString()));
        awaitEvents(migration, es -> count(es, StepCompleted.class) == 1);
    }

    private static long count(List<Event> events, Class<?> payload) {
        return events.stream().filter(e -> payload.isInstance(e.getPayload())).count();
    }

    private static List<Event> awaitEvents(String migration, Predicate<List<Event>> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Event> events = eventsOf(migration);
        while (!done.test(events) && System.nanoTime() < deadline) {
            sleep(300);
            events = eventsOf(migration);
        }
        assertTrue(done.test(events), "events of " + migration + ": " + events);
        return events;
    }

    private static List<Event> eventsOf(String migration) {
        List<Event> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(Topics.EVENTS)) {
            if (migration.equals(r.key())) {
                found.add(serdes.event().deserialize(Topics.EVENTS, r.value()));
            }
        }
        return found;
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return TopicContents.readAll(config.bootstrapServers(), topic, Duration.ofSeconds(20));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
