package relocate.dns.record;

import java.time.Duration;
import java.util.Objects;

/**
 * A record as its authoritative server answers it: its one value in zone-file form (a CNAME's target is an
 * absolute name, e.g. {@code env-a.relocate.test.}) and its TTL in seconds.
 */
public record RecordState(String value, long ttl) {

    public RecordState {
        Objects.requireNonNull(value, "value");
        if (ttl < 0) {
            throw new IllegalArgumentException("a TTL cannot be negative: " + ttl);
        }
    }

    public Duration ttlDuration() {
        return Duration.ofSeconds(ttl);
    }

    @Override
    public String toString() {
        return value + " (TTL " + ttl + " s)";
    }
}
