package relocate.blob.store;

import java.util.Objects;

import relocate.blob.BlobFailure;

/**
 * A blob store could not do what was asked. {@link #reason()} is stable, fit for a metric or a decision;
 * the message names the store (never its secret), the key where there is one, and what to do.
 */
public class BlobStoreException extends BlobFailure {

    /** Why a store operation failed. */
    public enum Reason {
        /** The store did not answer (refused, unknown host, timeout, connection lost). */
        UNREACHABLE(true),
        /** The store does not know the access key id, or the secret does not match it. */
        CREDENTIALS_REJECTED(false),
        /** The credentials are valid but may not do this (a bucket policy, a missing permission). */
        ACCESS_DENIED(false),
        /** The bucket (or the directory of a file store) does not exist. */
        BUCKET_MISSING(false),
        /** There is no blob under the key. */
        NOT_FOUND(false),
        /** The key cannot be stored here (a file store refuses {@code ..}, empty parts, a trailing slash). */
        INVALID_KEY(false),
        /** The bytes written were not the bytes expected (size or SHA-256); nothing was stored under the key. */
        CONTENT_MISMATCH(true),
        /** The store refused the request as one it will never accept (an HTTP 4xx not covered above). */
        REJECTED(false),
        /** Anything else the store reported (a server error, a full disk); the message has its words. */
        FAILED(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Reason reason;

    public BlobStoreException(Reason reason, String message, Throwable cause) {
        super(message, Objects.requireNonNull(reason, "reason").retryable, cause);
        this.reason = reason;
    }

    public BlobStoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
