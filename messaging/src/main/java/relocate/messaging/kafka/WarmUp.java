package relocate.messaging.kafka;

import java.util.List;
import relocate.schemas.serde.AvroSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches ahead, on a thread of its own, what a process's first message needs: schema ids and writer
 * schemas from the registry, topic metadata from the broker. Without it the first command after a start
 * waits for each of them in turn (0.4-0.9 s measured, on every step's first hop to a fresh service). It is
 * only ahead of time: a step that fails is logged, and the first message fetches what it needs itself.
 */
public final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private WarmUp() {
    }

    /** A named step of the warm-up. */
    public record Step(String what, Runnable action) {
    }

    public static Step step(String what, Runnable action) {
        return new Step(what, action);
    }

    /** What the first message a process writes to {@code topic} needs: its schema's id, the topic's metadata. */
    public static List<Step> writing(AvroSerde<?> serde, Publisher publisher, String topic) {
        return List.of(step("register " + serde.schema().getName() + " for " + topic, () -> serde.prepareWriting(topic)),
                step("fetch " + topic + "'s metadata", () -> publisher.prepare(topic)));
    }

    /** What the first message a process reads from {@code topic} needs: the writer's schema, resolved. */
    public static Step reading(AvroSerde<?> serde, String topic) {
        return step("read " + topic + "'s writer schema", () -> serde.prepareReading(topic));
    }

    /** Runs the steps in order on a daemon thread named after {@code process}; returns the started thread. */
    public static Thread inBackground(String process, List<Step> steps) {
        Thread thread = new Thread(() -> run(process, steps), "relocate-" + process + "-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Runs the steps in order; answers how many succeeded. */
    static int run(String process, List<Step> steps) {
        long start = System.nanoTime();
        int done = 0;
        for (Step step : steps) {
            try {
                step.action().run();
                done++;
            } catch (RuntimeException e) {
                LOG.info("{} warm-up: could not {} ahead ({}); the first message will", process, step.what(),
                        e.getMessage());
            }
        }
        LOG.info("{} warm-up: {} of {} step(s) done in {} ms", process, done, steps.size(),
                (System.nanoTime() - start) / 1_000_000);
        return done;
    }
}
