package relocate.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import relocate.blob.store.BlobStore;
import relocate.blob.store.ContentHash;
import relocate.blob.store.S3ProxyServer;
import software.amazon.awssdk.core.sync.RequestBody;

/** Seeding and reading test blobs behind the stores' backs. */
public final class TestBlobs {

    /** A test blob: its content is {@link GeneratedBlob} of {@code seed} and {@code size}. */
    public record Blob(String key, long seed, long size, String contentType) {
        public ContentHash hash() {
            return GeneratedBlob.hash(seed, size);
        }

        public InputStream content() {
            return new GeneratedBlob(seed, size);
        }
    }

    private TestBlobs() {
    }

    /**
     * Puts blobs into a bucket as an application would: plain PUTs, no {@code sha256} metadata, a few at a
     * time.
     */
    public static void seed(S3ProxyServer server, String bucket, List<Blob> blobs) {
        ForkJoinPool pool = new ForkJoinPool(4);
        try {
            pool.submit(() -> blobs.parallelStream().forEach(blob -> server.client().putObject(
                    r -> r.bucket(bucket).key(blob.key()).contentType(blob.contentType()).contentLength(blob.size()),
                    RequestBody.fromContentProvider(blob::content, blob.size(),
                            blob.contentType() == null ? "application/octet-stream" : blob.contentType())))).join();
        } finally {
            pool.shutdown();
        }
    }

    /** The size and SHA-256 of what a store holds under the key, by reading it. */
    public static ContentHash read(BlobStore store, String key) {
        try (InputStream in = store.open(key)) {
            return ContentHash.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
