package relocate.catalog.rows;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a delete of a domain may wait, so that an abort does not hang forever behind the
 * application's long transactions.
 *
 * @param lockTimeout      longest wait for one table's lock ({@code lock_timeout}); zero waits without limit
 * @param statementTimeout longest run of one model's delete ({@code statement_timeout}); zero runs without limit
 */
public record DeleteLimits(Duration lockTimeout, Duration statementTimeout) {

    /** Wait at most 30 s for a lock; let a delete of a large model take as long as it needs. */
    public static final DeleteLimits DEFAULT = new DeleteLimits(Duration.ofSeconds(30), Duration.ZERO);

    public DeleteLimits {
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (lockTimeout.isNegative() || statementTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts cannot be negative");
        }
    }
}
