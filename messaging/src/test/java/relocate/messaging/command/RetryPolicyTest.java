package relocate.messaging.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(3));
        assertEquals(Duration.ofMillis(500), policy.backoffBefore(2));
        assertEquals(Duration.ofMillis(1000), policy.backoffBefore(3));
        assertEquals(Duration.ofMillis(2000), policy.backoffBefore(4));
        assertEquals(Duration.ofSeconds(3), policy.backoffBefore(5));
    }

    @Test
    void recentIdsForgetTheOldestBeyondCapacity() {
        RecentIds ids = new RecentIds(2);
        ids.add("a");
        ids.add("b");
        ids.add("c");
        assertEquals(false, ids.contains("a"));
        assertEquals(true, ids.contains("c"));
    }
}
