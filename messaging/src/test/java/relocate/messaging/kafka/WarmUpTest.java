package relocate.messaging.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    @Test
    void aStepThatFailsLeavesTheOthersToRunAndIsNotCounted() {
        List<String> ran = new ArrayList<>();

        int done = WarmUp.run("test", List.of(
                WarmUp.step("first", () -> ran.add("first")),
                WarmUp.step("fail", () -> {
                    throw new IllegalStateException("registry down");
                }),
                WarmUp.step("third", () -> ran.add("third"))));

        assertEquals(2, done);
        assertEquals(List.of("first", "third"), ran);
    }

    @Test
    void inBackgroundRunsOnADaemonThreadNamedAfterTheProcess() throws InterruptedException {
        List<String> threads = new ArrayList<>();

        Thread thread = WarmUp.inBackground("loader", List.of(
                WarmUp.step("note the thread", () -> threads.add(Thread.currentThread().getName()))));
        thread.join(10_000);

        assertTrue(thread.isDaemon());
        assertEquals(List.of("relocate-loader-warm-up"), threads);
    }
}
