package relocate.blob.store;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What an S3 client's failure means for the operator: a {@link BlobStoreException} whose message names the
 * store, the key, the S3 error code and what to do. The secret never appears: our messages do not use it,
 * and whatever the server or client says is scrubbed of it.
 */
final class S3Failures {

    private S3Failures() {
    }

    /**
     * @param action what was being done: {@code read}, {@code write}, {@code delete}, {@code list}
     * @param key    the key, or null for the store as a whole
     */
    static BlobStoreException of(BlobStoreSettings settings, String action, String key, SdkException e) {
        BlobStoreException ours = ownCause(e);
        if (ours != null) {
            return ours;
        }
        String store = settings.describe();
        String what = key == null ? store : "'" + key + "' in " + store;
        String secret = settings.secretAccessKey();
        Throwable cause = mentions(e, secret) ? null : e;
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String says = scrub(s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage(), secret);
            String error = "HTTP " + status + (code == null ? "" : " " + code) + (says == null || says.isBlank() ? "" : ": " + says);
            if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "InvalidToken".equals(code) || "ExpiredToken".equals(code)) {
                return new BlobStoreException(BlobStoreException.Reason.CREDENTIALS_REJECTED, store
                        + " rejected the credentials of access key id '" + settings.accessKeyId() + "' (" + error
                        + "): the access key id is unknown or its secret is wrong. Correct the access key id and secret "
                        + "configured for blob store '" + settings.name() + "'.", cause);
            }
            if (status == 403) {
                return new BlobStoreException(BlobStoreException.Reason.ACCESS_DENIED, "Cannot " + action + " " + what
                        + ": access denied (" + error + "). Give access key id '" + settings.accessKeyId()
                        + "' permission to " + action + " objects in bucket '" + settings.bucket() + "'.", cause);
            }
            if ("NoSuchBucket".equals(code)) {
                return new BlobStoreException(BlobStoreException.Reason.BUCKET_MISSING, "The bucket of " + store
                        + " does not exist (" + error + "): create it, or correct the bucket of blob store '"
                        + settings.name() + "'.", cause);
            }
            if ("NoSuchKey".equals(code) || (status == 404 && key != null)) {
                return new BlobStoreException(BlobStoreException.Reason.NOT_FOUND, "There is no blob " + what + " ("
                        + error + ").", cause);
            }
            if (status >= 500 || status == 429 || "SlowDown".equals(code) || "RequestTimeout".equals(code)) {
                return new BlobStoreException(BlobStoreException.Reason.FAILED, "Cannot " + action + " " + what + ": the "
                        + "store failed or is overloaded (" + error + "). Try again later.", cause);
            }
            return new BlobStoreException(BlobStoreException.Reason.REJECTED, "Cannot " + action + " " + what
                    + ": the store refused the request (" + error + ").", cause);
        }
        return new BlobStoreException(BlobStoreException.Reason.UNREACHABLE, "Cannot " + action + " " + what + ": "
                + unreachable(e, secret) + ". Check that the store is up and that this host can reach its endpoint, "
                + "then try again.", cause);
    }

    private static String unreachable(SdkException e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + scrub(t.getMessage(), secret);
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof SocketTimeoutException) {
                return "no answer in time";
            }
        }
        return "the store could not be reached (" + scrub(e.getMessage(), secret) + ")";
    }

    /** A failure of ours (a content check) that the client wrapped on its way out. */
    private static BlobStoreException ownCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobStoreException ours) {
                return ours;
            }
        }
        return null;
    }

    static String scrub(String message, String secret) {
        if (message == null || secret == null || secret.isEmpty()) {
            return message;
        }
        return message.replace(secret, "****");
    }

    private static boolean mentions(Throwable error, String secret) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(secret)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (mentions(suppressed, secret)) {
                    return true;
                }
            }
        }
        return false;
    }
}
