package relocate.dns.update;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TtlWaitTest {

    @Test
    void aMomentAlreadyPastIsNotWaitedFor() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        TtlWait wait = TtlWait.sleeping(Clock.fixed(now, ZoneOffset.UTC));

        // a fixed clock never moves: any sleep at all would never end
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            wait.until(now);
            wait.until(now.minusSeconds(60));
        });
    }
}
