package relocate.loader.copy;

import java.util.Objects;

/**
 * A chunk was not loaded; the target is as it was before the attempt (the chunk's transaction rolled
 * back). The message names the chunk and the domain and says what to do.
 */
public class ChunkLoadFailure extends RuntimeException {

    /** Why; stable names, fit for an event or a metric. */
    public enum Reason {
        /** The chunk's data could not be read (the artifact store or the network failed): loading again is safe. */
        DATA_UNREADABLE,
        /** The target refused the bytes: a truncated or damaged chunk, or columns of other types. */
        DATA_INVALID,
        /** The data held another number of rows than the dump recorded. */
        ROW_COUNT_MISMATCH,
        /** Some loaded rows were outside the chunk's domain and range, where a retry would not replace them. */
        ROWS_OUTSIDE_CHUNK,
        /** The rows to replace are referenced by rows of another model already on the target. */
        STILL_REFERENCED,
        /** Any other database error (connection lost, constraint violated, privileges). */
        DATABASE_ERROR
    }

    private final Reason reason;

    public ChunkLoadFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
