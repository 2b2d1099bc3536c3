package relocate.dns;

import java.util.Objects;

/**
 * A DNS check or update could not be done. The message is for the operator: it names the server, the zone or
 * the record, and says what to do; it never contains the TSIG secret.
 */
public class DnsFailure extends RuntimeException {

    /** Why; stable names, fit for an event, a dashboard or a metric. */
    public enum Reason {
        /** The settings themselves are unusable (a name that is not a DNS name, a secret that is not base64). */
        INVALID_SETTINGS,
        /** The server did not answer (connection refused, timeout). */
        UNREACHABLE,
        /** The server is not authoritative (primary) for the zone, or the zone is not a zone on it. */
        NOT_AUTHORITATIVE,
        /** The server rejected the TSIG key (unknown name, wrong secret or algorithm, not allowed to update). */
        KEY_REJECTED,
        /** The record does not exist (no such name, or no record of the configured type at it). */
        RECORD_MISSING,
        /** The record is no longer what was read before: someone else changed it. Nothing was written. */
        RECORD_CHANGED,
        /** The record does not hold the value the environment says it should (preflight). */
        UNEXPECTED_VALUE,
        /** The record has several values of its type; only a record with one value can be switched. */
        UNSUPPORTED_RECORD,
        /** The server accepted the update but does not answer the new value. */
        NOT_CONFIRMED,
        /** The server answered with another error (SERVFAIL, FORMERR, an answer that cannot be read). */
        SERVER_ERROR
    }

    private final Reason reason;
    private final boolean retryable;

    public DnsFailure(Reason reason, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryable = retryable;
    }

    public DnsFailure(Reason reason, String message, boolean retryable) {
        this(reason, message, retryable, null);
    }

    public DnsFailure(Reason reason, String message) {
        this(reason, message, false, null);
    }

    public Reason reason() {
        return reason;
    }

    /** Whether doing the same again unchanged may succeed (a server that was down may be up again). */
    public boolean retryable() {
        return retryable;
    }
}
