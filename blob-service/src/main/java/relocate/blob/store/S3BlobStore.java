package relocate.blob.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A blob store in an S3-API bucket (AWS S3, or any compatible store through its endpoint): the blob
 * {@code a/b.pdf} is the object {@code <prefix>a/b.pdf}. The SHA-256 of every blob it writes is kept as
 * user metadata {@value BlobStore#SHA256_METADATA}, since S3-compatible stores do not all return checksums.
 *
 * <p>Uploads stream: one PUT up to 16 MiB, a multipart upload of 16 MiB parts above (aborted if anything
 * fails, so no half object appears). The client asks for checksums only where S3 requires them, which
 * S3-compatible stores accept; the content is checked by our own SHA-256 instead.
 */
public final class S3BlobStore implements BlobStore {

    /** How far a failed request can be replayed from memory; beyond it the upload fails and is retried whole. */
    private static final int REPLAY_BUFFER = 128 * 1024;

    private final BlobStoreSettings settings;
    private final S3Client s3;

    public S3BlobStore(BlobStoreSettings settings) {
        if (settings.kind() != BlobStoreSettings.Kind.S3) {
            throw new IllegalArgumentException(settings.describe() + " is not an S3 store");
        }
        this.settings = settings;
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .maxConnections(32));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void check() throws BlobStoreException {
        try {
            s3.listObjectsV2(r -> r.bucket(settings.bucket()).prefix(settings.prefix()).maxKeys(1));
        } catch (SdkException e) {
            throw failure("list", null, e);
        }
    }

    @Override
    public Optional<BlobInfo> head(String key) throws BlobStoreException {
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(settings.bucket()).key(objectKey(key)));
            return Optional.of(new BlobInfo(key, head.contentLength(), head.metadata().get(SHA256_METADATA),
                    head.contentType(), etag(head.eTag())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw headFailure(key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public BlobStream open(String key) throws BlobStoreException {
        try {
            return new ObjectStream(key, s3.getObject(r -> r.bucket(settings.bucket()).key(objectKey(key))));
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public String put(String key, InputStream content, long size, String sha256, String contentType)
            throws BlobStoreException {
        CheckedContent checked = new CheckedContent(content, size, sha256, "key '" + key + "' in " + describe());
        checked.checkIfEmpty();
        Map<String, String> metadata = Map.of(SHA256_METADATA, sha256.toLowerCase(java.util.Locale.ROOT));
        try {
            if (!PartSizes.multipart(size)) {
                return etag(s3.putObject(r -> r.bucket(settings.bucket()).key(objectKey(key)).contentLength(size)
                                .contentType(contentType).metadata(metadata),
                        RequestBody.fromInputStream(new BufferedInputStream(checked, REPLAY_BUFFER), size)).eTag());
            }
            return multipartPut(key, checked, size, contentType, metadata);
        } catch (SdkException e) {
            // the check's own verdict, whatever the client made of the failed read
            BlobStoreException mismatch = checked.mismatch();
            throw mismatch != null ? mismatch : failure("write", key, e);
        }
    }

    private String multipartPut(String key, CheckedContent checked, long size, String contentType,
                                Map<String, String> metadata) throws BlobStoreException {
        String objectKey = objectKey(key);
        String uploadId = s3.createMultipartUpload(r -> r.bucket(settings.bucket()).key(objectKey)
                .contentType(contentType).metadata(metadata)).uploadId();
        boolean completed = false;
        try {
            long partSize = PartSizes.partSize(size);
            List<CompletedPart> parts = new ArrayList<>();
            for (int number = 1; checked.bytesRead() < size; number++) {
                long length = Math.min(partSize, size - checked.bytesRead());
                int partNumber = number;
                InputStream part = new BufferedInputStream(new BoundedInputStream(checked, length), REPLAY_BUFFER);
                String etag = s3.uploadPart(r -> r.bucket(settings.bucket()).key(objectKey).uploadId(uploadId)
                        .partNumber(partNumber).contentLength(length), RequestBody.fromInputStream(part, length)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            String etag = s3.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(objectKey).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts))).eTag();
            completed = true;
            return etag(etag);
        } finally {
            if (!completed) {
                try {
                    s3.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(objectKey).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // the upload's parts stay until the bucket's lifecycle rule removes them; the key has no object
                }
            }
        }
    }

    @Override
    public void delete(String key) throws BlobStoreException {
        try {
            s3.deleteObject(r -> r.bucket(settings.bucket()).key(objectKey(key)));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public void list(String prefix, BlobVisitor<BlobInfo> visitor) throws IOException {
        String from = objectKey(prefix);
        try {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(from)).contents()) {
                visitor.visit(new BlobInfo(object.key().substring(settings.prefix().length()), object.size(), null, null,
                        etag(object.eTag())));
            }
        } catch (SdkException e) {
            throw failure("list", prefix, e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String objectKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("a blob key cannot be null");
        }
        return settings.prefix() + key;
    }

    private static AwsCredentialsProvider credentials(BlobStoreSettings settings) {
        if (settings.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
                settings.secretAccessKey()));
    }

    /** ETags come quoted from some calls and not from others; the same object is the same version either way. */
    static String etag(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    /**
     * A HEAD answer has no body, so a 403 does not say whether the credentials or the permissions are wrong:
     * a listing, which answers with an error code, tells.
     */
    private BlobStoreException headFailure(String key, S3Exception e) {
        if (e.statusCode() == 403) {
            try {
                check();
            } catch (BlobStoreException precise) {
                return precise;
            }
        }
        return failure("read", key, e);
    }

    private BlobStoreException failure(String action, String key, SdkException e) {
        return S3Failures.of(settings, action, key, e);
    }

    /** Reads an object; closing it before its end aborts the connection rather than draining the rest. */
    private static final class ObjectStream extends BlobStream {
        private final ResponseInputStream<GetObjectResponse> response;
        private final long length;
        private long read;
        private boolean ended;

        ObjectStream(String key, ResponseInputStream<GetObjectResponse> response) {
            super(response, info(key, response.response()));
            this.response = response;
            this.length = info().size();
        }

        private static BlobInfo info(String key, GetObjectResponse object) {
            return new BlobInfo(key, object.contentLength(), object.metadata().get(SHA256_METADATA), object.contentType(),
                    etag(object.eTag()));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n < 0) {
                ended = true;
            } else {
                read += n;
                ended |= length >= 0 && read >= length;
            }
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    /** The next {@code length} bytes of a stream that stays open. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() {
        }
    }
}
