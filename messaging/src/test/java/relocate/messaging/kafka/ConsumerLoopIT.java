package relocate.messaging.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import relocate.stack.LocalStack;
import relocate.stack.StackEndpoints;

/**
 * The consumer loop against the real broker: a handler that throws ends the session, the loop reconnects and
 * gets that record again, and what was committed before it is not handled again.
 */
class ConsumerLoopIT {

    @Test
    void aHandlerThatThrowsGetsItsRecordAgainAfterTheLoopReconnects() throws Exception {
        StackEndpoints stack = LocalStack.forTests().up();
        KafkaConfig config = new KafkaConfig(stack.bootstrapServers(), stack.registryUrl(), 4);
        String topic = "test.consumer.loop." + UUID.randomUUID();
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        try (Publisher publisher = new Publisher(config, Serdes.create(config), "consumer-loop-it");
             ConsumerLoop loop = new ConsumerLoop("loop-it", topic, "consumer-loop-it-" + UUID.randomUUID(),
                     "consumer-loop-it", config, 2, record -> {
                 String value = new String(record.value(), StandardCharsets.UTF_8);
                 if (calls.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet() == 1
                         && value.equals("fails once")) {
                     throw new IllegalStateException("the database went away");
                 }
                 handled.add(value);
             })) {
            publisher.send(topic, "k", "first".getBytes(StandardCharsets.UTF_8));
            loop.start();
            awaitHandled(handled, "first");
            publisher.send(topic, "k", "fails once".getBytes(StandardCharsets.UTF_8));
            publisher.send(topic, "k", "after".getBytes(StandardCharsets.UTF_8));

            awaitHandled(handled, "fails once");
            awaitHandled(handled, "after");
            assertEquals(2, calls.get("fails once").get(), "got again after the reconnect");
            assertEquals(1, calls.get("first").get(), "committed before the failure: not handled again");
        }
    }

    private static void awaitHandled(List<String> handled, String value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!handled.contains(value) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(handled.contains(value), value + " not handled; handled: " + handled);
    }
}
