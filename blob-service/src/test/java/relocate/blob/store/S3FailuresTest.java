package relocate.blob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FailuresTest {

    private static final String SECRET = "very-secret-key-123";
    private static final BlobStoreSettings SETTINGS = BlobStoreSettings.s3("eu", URI.create("http://127.0.0.1:9000"),
            null, "blobs", "", true, "AKID", SECRET);

    @Test
    void errorCodesBecomeReasonsWithAdvice() {
        assertEquals(BlobStoreException.Reason.CREDENTIALS_REJECTED, of(403, "SignatureDoesNotMatch", "x").reason());
        assertEquals(BlobStoreException.Reason.CREDENTIALS_REJECTED, of(403, "InvalidAccessKeyId", "x").reason());
        assertEquals(BlobStoreException.Reason.ACCESS_DENIED, of(403, "AccessDenied", "x").reason());
        assertEquals(BlobStoreException.Reason.BUCKET_MISSING, of(404, "NoSuchBucket", "x").reason());
        assertEquals(BlobStoreException.Reason.NOT_FOUND, of(404, "NoSuchKey", "x").reason());
        BlobStoreException busy = of(503, "SlowDown", "x");
        assertEquals(BlobStoreException.Reason.FAILED, busy.reason());
        assertTrue(busy.retryable());
        BlobStoreException invalid = of(400, "InvalidArgument", "x");
        assertEquals(BlobStoreException.Reason.REJECTED, invalid.reason());
        assertFalse(invalid.retryable());
        assertTrue(of(403, "SignatureDoesNotMatch", "x").getMessage().contains("'AKID'"));
    }

    @Test
    void whateverTheServerSaysTheSecretIsScrubbedAndTheCauseDropped() {
        BlobStoreException e = of(403, "SignatureDoesNotMatch", "the secret " + SECRET + " is wrong");
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("****"));
        assertNull(e.getCause(), "a cause that mentions the secret would carry it into logs");
    }

    @Test
    void aConnectionFailureIsUnreachableAndRetryable() {
        SdkClientException refused = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new ConnectException("Connection refused")).build();
        BlobStoreException e = S3Failures.of(SETTINGS, "read", "acme/a", refused);
        assertEquals(BlobStoreException.Reason.UNREACHABLE, e.reason());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("connection refused") && e.getMessage().contains("'acme/a'"), e.getMessage());
    }

    @Test
    void ourOwnContentCheckComesOutUnwrapped() {
        BlobStoreException mismatch = new BlobStoreException(BlobStoreException.Reason.CONTENT_MISMATCH, "bytes differ");
        SdkClientException wrapped = SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(mismatch).build();
        assertSame(mismatch, S3Failures.of(SETTINGS, "write", "acme/a", wrapped));
    }

    private static BlobStoreException of(int status, String code, String message) {
        S3Exception e = (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
                .message(message).build();
        return S3Failures.of(SETTINGS, "read", "acme/a", e);
    }
}
