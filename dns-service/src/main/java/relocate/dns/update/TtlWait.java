package relocate.dns.update;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits until resolvers' caches have let go of an old answer. A separate step, so that a caller can schedule
 * the rest of its work for that instant instead of holding a thread; {@link #sleeping} holds one.
 */
@FunctionalInterface
public interface TtlWait {

    /** Returns at or after {@code instant}. */
    void until(Instant instant) throws InterruptedException;

    /** Sleeps this thread until {@code clock} reads {@code instant} or later. */
    static TtlWait sleeping(Clock clock) {
        return instant -> {
            Duration left = Duration.between(clock.instant(), instant);
            while (left.compareTo(Duration.ZERO) > 0) {
                // in slices, so that a clock stepped forward ends the wait soon after
                Thread.sleep(Math.max(1, Math.min(left.toMillis(), 1000)));
                left = Duration.between(clock.instant(), instant);
            }
        };
    }
}
