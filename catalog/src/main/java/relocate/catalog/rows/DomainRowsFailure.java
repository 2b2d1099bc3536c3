package relocate.catalog.rows;

import java.util.Objects;

/**
 * A domain's rows were not deleted from the target; the target is as it was before the attempt (the
 * delete's one transaction rolled back). The message names the domain, the model and, for a refused
 * delete, the constraint, and says what to do.
 */
public class DomainRowsFailure extends RuntimeException {

    /** Why; stable names, fit for an event or a metric. */
    public enum Reason {
        /** Rows outside the domain reference the domain's rows: the target's data is inconsistent. Not retryable. */
        STILL_REFERENCED(false),
        /** A table's lock was not granted within the lock timeout: another transaction holds it. Retryable. */
        LOCK_TIMEOUT(true),
        /** One model's delete ran longer than the statement timeout. Retryable, with a longer timeout. */
        STATEMENT_TIMEOUT(true),
        /** The database chose this transaction to break a deadlock, or could not serialize it. Retryable. */
        CONFLICT(true),
        /** Any other database error (connection lost, privileges). */
        DATABASE_ERROR(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Reason reason;

    public DomainRowsFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** Whether deleting again later can succeed without anyone changing the data first. */
    public boolean retryable() {
        return reason.retryable;
    }
}
