package relocate.blob.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.artifacts.store.FileArtifactStore;
import relocate.blob.TestBlobs.Blob;
import relocate.blob.listing.BlobListing;
import relocate.blob.page.BlobPlan;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStores;
import relocate.blob.store.BlobStoreSettings;
import relocate.blob.store.ContentHash;
import relocate.blob.store.CountingBlobStore;
import relocate.blob.store.PartSizes;
import relocate.blob.store.S3ProxyServer;
import relocate.blob.verify.BlobVerifier;

/** A domain listed by key prefix, copied from a directory to an S3 bucket and from there to another directory. */
class CrossStoreCopyIT {

    private static final BlobListing BY_PREFIX = BlobListing.prefix("{domain}/");

    private static Path dir;
    private static FileArtifactStore artifacts;
    private static S3ProxyServer server;
    private static List<Blob> blobs;

    @BeforeAll
    static void seed() throws IOException {
        dir = Files.createTempDirectory("cross-store-copy-it-");
        artifacts = new FileArtifactStore(dir.resolve("artifacts"));
        server = S3ProxyServer.shared("target");
        blobs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            blobs.add(new Blob("acme/" + (i % 3 == 0 ? "docs/" : "") + "file-" + i + ".txt", 500 + i, 50 + i * 31L, null));
        }
        // multipart on its way into S3
        blobs.add(new Blob("acme/large/scan.tiff", 77, PartSizes.MULTIPART_THRESHOLD + 12_345, null));
        try (BlobStore fileSource = BlobStores.open(BlobStoreSettings.filesystem("eu", dir.resolve("eu")))) {
            Files.createDirectories(dir.resolve("eu"));
            for (Blob blob : blobs) {
                put(fileSource, blob);
            }
            // other domains' blobs, one of them sharing the first letters of the domain
            put(fileSource, new Blob("acme-old/file.txt", 1, 10, null));
            put(fileSource, new Blob("beta/file.txt", 2, 10, null));
        }
    }

    private static void put(BlobStore store, Blob blob) throws IOException {
        try (InputStream in = blob.content()) {
            store.put(blob.key(), in, blob.size(), blob.hash().sha256(), blob.contentType());
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aDomainListedByPrefixGoesFromADirectoryToS3AndBackToADirectory() throws Exception {
        server.createBucket("cross-store-it");
        try (BlobStore fileSource = BlobStores.open(BlobStoreSettings.filesystem("eu", dir.resolve("eu")));
             BlobStore s3 = BlobStores.open(server.settings("us", "cross-store-it", "tenants/"));
             BlobStore fileTarget = BlobStores.open(BlobStoreSettings.filesystem("ap", dir.resolve("ap")))) {
            Files.createDirectories(dir.resolve("ap"));

            BlobPlan toS3 = BlobPlan.write(artifacts, "m-fs-to-s3", "acme", BY_PREFIX, null, fileSource, 10);
            assertEquals(blobs.size(), toS3.blobs(), "acme-old/ and beta/ are not acme's");
            assertEquals(4, toS3.pages());
            assertEquals(blobs.size(), copyAll(new PageCopy(artifacts, fileSource, s3, 4), toS3));
            assertTrue(new BlobVerifier(artifacts, fileSource, s3, 4).verifyAll("m-fs-to-s3").ok());
            for (Blob blob : blobs) {
                assertEquals(blob.hash().sha256(), s3.head(blob.key()).orElseThrow().sha256(), blob.key());
            }
            assertEquals(PartSizes.MULTIPART_THRESHOLD + 12_345, server.client().headObject(r -> r.bucket("cross-store-it")
                    .key("tenants/acme/large/scan.tiff")).contentLength(), "the store's prefix is part of the object key");

            BlobPlan toFiles = BlobPlan.write(artifacts, "m-s3-to-fs", "acme", BY_PREFIX, null, s3, 10);
            assertEquals(toS3.totals(), toFiles.totals());
            CountingBlobStore countedSource = new CountingBlobStore(s3);
            assertEquals(blobs.size(), copyAll(new PageCopy(artifacts, countedSource, fileTarget, 4), toFiles));
            assertEquals(blobs.size(), countedSource.opens.get(),
                    "each blob read once: the source's sha256 metadata is used, and checked while copying");
            assertTrue(new BlobVerifier(artifacts, s3, fileTarget, 4).verifyAll("m-s3-to-fs").ok());
            for (Blob blob : blobs) {
                Path file = dir.resolve("ap").resolve(blob.key());
                try (InputStream in = Files.newInputStream(file)) {
                    assertEquals(blob.hash(), ContentHash.of(in), blob.key());
                }
                assertNull(fileTarget.head(blob.key()).orElseThrow().sha256(), "a file store keeps no metadata");
            }

            CountingBlobStore countedTarget = new CountingBlobStore(fileTarget);
            PageCopy again = new PageCopy(artifacts, s3, countedTarget, 4);
            for (int page = 0; page < toFiles.pages(); page++) {
                assertEquals(0, again.copy("m-s3-to-fs", page).copied());
            }
            assertEquals(0, countedTarget.opens.get(), "a page copied before is checked by its receipt, not read");
        }
    }

    @Test
    void aFileStoreKeepsUnfinishedWritesOutOfListingsAndKeys() throws Exception {
        try (BlobStore files = BlobStores.open(BlobStoreSettings.filesystem("eu", dir.resolve("eu")))) {
            Files.createDirectories(dir.resolve("eu/.relocate-partial"));
            Files.writeString(dir.resolve("eu/.relocate-partial/left-over.partial"), "half");
            List<String> keys = new ArrayList<>();
            files.list("", info -> keys.add(info.key()));
            assertEquals(blobs.size() + 2, keys.size());
            assertTrue(keys.stream().noneMatch(key -> key.contains("partial")), keys.toString());
        }
    }

    private static int copyAll(PageCopy copy, BlobPlan plan) throws IOException {
        int copied = 0;
        for (int page = 0; page < plan.pages(); page++) {
            copied += copy.copy(plan.migrationId(), page).copied();
        }
        return copied;
    }
}
