package relocate.catalog.connect;

import java.util.Objects;

/**
 * Preflight could not run: a database could not be reached or read. The message is for the operator:
 * it names the environment and says what to do; it never contains a password.
 */
public class DatabaseFailure extends RuntimeException {

    /** Why preflight could not run; stable names, fit for a dashboard or a metric. */
    public enum Reason {
        /** The database did not answer (refused, unknown host, timeout, connection lost). */
        UNREACHABLE,
        /** The server rejected the user or password. */
        LOGIN_REJECTED,
        /** The server runs, but the database named in the JDBC URL does not exist. */
        DATABASE_MISSING,
        /** The JDBC URL is not a PostgreSQL URL. */
        INVALID_URL,
        /** The server answered but refused the connection for another reason (see the message). */
        CONNECT_FAILED,
        /** Connected, but reading the catalog or counting rows failed (e.g. missing privileges). */
        READ_FAILED
    }

    private final Reason reason;
    private final boolean retryable;

    public DatabaseFailure(Reason reason, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryable = retryable;
    }

    public DatabaseFailure(Reason reason, String message, boolean retryable) {
        this(reason, message, retryable, null);
    }

    public Reason reason() {
        return reason;
    }

    /** Whether running preflight again unchanged may succeed (a database that was down may be up again). */
    public boolean retryable() {
        return retryable;
    }
}
