package relocate.blob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.blob.GeneratedBlob;
import relocate.stack.StackPorts;

class S3BlobStoreIT {

    private static final String BUCKET = "s3-blob-store-it";

    private static S3ProxyServer server;
    private static BlobStore store;

    @BeforeAll
    static void start() {
        server = S3ProxyServer.shared("target");
        server.createBucket(BUCKET);
        store = BlobStores.open(server.settings("it", BUCKET, ""));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aBlobWrittenIsReadBackWithItsHashContentTypeAndVersion() throws Exception {
        byte[] bytes = "hello, blob".getBytes(StandardCharsets.UTF_8);
        ContentHash hash = ContentHash.of(new ByteArrayInputStream(bytes));

        String version = store.put("small/hello.txt", new ByteArrayInputStream(bytes), bytes.length, hash.sha256(),
                "text/plain");

        BlobInfo info = store.head("small/hello.txt").orElseThrow();
        assertEquals(bytes.length, info.size());
        assertEquals(hash.sha256(), info.sha256());
        assertEquals("text/plain", info.contentType());
        assertEquals(version, info.version());
        try (InputStream in = store.open("small/hello.txt")) {
            assertEquals(hash, ContentHash.of(in));
        }
    }

    @Test
    void aLargeBlobGoesUpInPartsStreamedAndReadsBackIdentical() throws Exception {
        long size = 2 * PartSizes.PART_SIZE + 3; // three parts
        ContentHash hash = GeneratedBlob.hash(7, size);

        String version = store.put("large/three-parts.bin", new GeneratedBlob(7, size), size, hash.sha256(), null);

        BlobInfo info = store.head("large/three-parts.bin").orElseThrow();
        assertEquals(size, info.size());
        assertEquals(hash.sha256(), info.sha256());
        assertEquals(version, info.version());
        assertTrue(version.endsWith("-3"), "a multipart ETag names its 3 parts: " + version);
        try (InputStream in = store.open("large/three-parts.bin")) {
            assertEquals(hash, ContentHash.of(in));
        }
    }

    @Test
    void bytesThatDoNotMatchTheirHashAreNotStored() throws Exception {
        ContentHash other = GeneratedBlob.hash(2, 1000);
        BlobStoreException small = assertThrows(BlobStoreException.class,
                () -> store.put("bad/small.bin", new GeneratedBlob(1, 1000), 1000, other.sha256(), null));
        assertEquals(BlobStoreException.Reason.CONTENT_MISMATCH, small.reason());
        assertTrue(small.getMessage().contains("bad/small.bin"), small.getMessage());
        assertTrue(store.head("bad/small.bin").isEmpty());

        long size = PartSizes.PART_SIZE + 10;
        ContentHash largeOther = GeneratedBlob.hash(4, size);
        BlobStoreException large = assertThrows(BlobStoreException.class,
                () -> store.put("bad/large.bin", new GeneratedBlob(3, size), size, largeOther.sha256(), null));
        assertEquals(BlobStoreException.Reason.CONTENT_MISMATCH, large.reason());
        assertTrue(store.head("bad/large.bin").isEmpty());
        assertTrue(server.client().listMultipartUploads(r -> r.bucket(BUCKET).prefix("bad/")).uploads().isEmpty(),
                "the failed multipart upload was aborted");

        BlobStoreException shortSource = assertThrows(BlobStoreException.class,
                () -> store.put("bad/short.bin", new GeneratedBlob(1, 10), 20, other.sha256(), null));
        assertEquals(BlobStoreException.Reason.CONTENT_MISMATCH, shortSource.reason());
        assertTrue(store.head("bad/short.bin").isEmpty());
    }

    @Test
    void aStorePrefixIsAddedToKeysAndHiddenFromListings() throws Exception {
        server.createBucket("s3-blob-store-prefix-it");
        try (BlobStore prefixed = BlobStores.open(server.settings("prefixed", "s3-blob-store-prefix-it", "tenants/"))) {
            for (String key : List.of("acme/a", "acme/b/c", "acme-other/d", "beta/e")) {
                ContentHash hash = GeneratedBlob.hash(key.hashCode(), 10);
                prefixed.put(key, new GeneratedBlob(key.hashCode(), 10), 10, hash.sha256(), null);
            }
            List<String> keys = new ArrayList<>();
            prefixed.list("acme/", info -> keys.add(info.key()));
            assertEquals(List.of("acme/a", "acme/b/c"), keys);
            assertTrue(server.client().headObject(r -> r.bucket("s3-blob-store-prefix-it").key("tenants/acme/a"))
                    .contentLength() == 10);

            prefixed.delete("acme/a");
            prefixed.delete("acme/never-there");
            assertTrue(prefixed.head("acme/a").isEmpty());
        }
    }

    @Test
    void aWrongSecretIsReportedAsRejectedCredentialsWithoutTheSecret() {
        String wrong = "not-the-secret-0123456789";
        BlobStoreSettings settings = server.settings("eu-prod", BUCKET, "").withSecret(wrong);
        assertFalse(settings.toString().contains(wrong), settings.toString());
        try (BlobStore rejected = BlobStores.open(settings)) {
            BlobStoreException onCheck = assertThrows(BlobStoreException.class, rejected::check);
            BlobStoreException onHead = assertThrows(BlobStoreException.class, () -> rejected.head("small/hello.txt"));
            for (BlobStoreException e : List.of(onCheck, onHead)) {
                assertEquals(BlobStoreException.Reason.CREDENTIALS_REJECTED, e.reason());
                assertFalse(e.retryable());
                assertTrue(e.getMessage().contains("eu-prod") && e.getMessage().contains(S3ProxyServer.IDENTITY),
                        e.getMessage());
                assertFalse(e.getMessage().contains(wrong), e.getMessage());
                assertFalse(String.valueOf(e.getCause()).contains(wrong));
            }
        }
    }

    @Test
    void aMissingBucketAndAnUnreachableStoreAreNamed() {
        try (BlobStore noBucket = BlobStores.open(server.settings("us", "no-such-bucket-here", ""))) {
            BlobStoreException e = assertThrows(BlobStoreException.class, noBucket::check);
            assertEquals(BlobStoreException.Reason.BUCKET_MISSING, e.reason());
            assertTrue(e.getMessage().contains("no-such-bucket-here"), e.getMessage());
        }
        int closed = StackPorts.free().postgres();
        BlobStoreSettings down = BlobStoreSettings.s3("down", java.net.URI.create("http://127.0.0.1:" + closed), null,
                "b", "", true, "id", "secret");
        try (BlobStore unreachable = BlobStores.open(down)) {
            BlobStoreException e = assertThrows(BlobStoreException.class, unreachable::check);
            assertEquals(BlobStoreException.Reason.UNREACHABLE, e.reason());
            assertTrue(e.retryable());
        }
    }
}
