package relocate.blob.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import relocate.artifacts.store.FileArtifactStore;
import relocate.blob.GeneratedBlob;
import relocate.blob.TestBlobs;
import relocate.blob.listing.BlobListing;
import relocate.blob.page.BlobPlan;
import relocate.blob.store.BlobInfo;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStoreException;
import relocate.blob.store.BlobStream;
import relocate.blob.store.BlobVisitor;
import relocate.blob.store.ContentHash;
import relocate.blob.store.FileBlobStore;

/** The copy's decisions between two directories: no server needed to see what it copies, skips and refuses. */
class PageCopyTest {

    @TempDir
    Path dir;

    private FileArtifactStore artifacts;
    private FileBlobStore source;
    private FileBlobStore target;

    @BeforeEach
    void stores() throws IOException {
        artifacts = new FileArtifactStore(dir.resolve("artifacts"));
        source = new FileBlobStore("eu", Files.createDirectories(dir.resolve("eu")));
        target = new FileBlobStore("us", Files.createDirectories(dir.resolve("us")));
        for (int i = 0; i < 5; i++) {
            put(source, "acme/" + i, i, 100 + i);
        }
        BlobPlan.write(artifacts, "m1", "acme", BlobListing.prefix("{domain}/"), null, source, 10);
    }

    @Test
    void aBlobWhoseSourceNoLongerMatchesTheListingIsNamedAndTheRestIsCopied() throws IOException {
        put(source, "acme/2", 99, 5);

        BlobCopyFailure failure = assertThrows(BlobCopyFailure.class, () -> new PageCopy(artifacts, source, target).copy("m1", 0));

        assertEquals(List.of("acme/2"), failure.keys());
        assertEquals(CopyProblem.Kind.SOURCE_MISMATCH, failure.problems().get(0).kind());
        assertTrue(failure.getMessage().contains("listed with 102 bytes, but the source object has 5"), failure.getMessage());
        assertFalse(failure.retryable());
        assertTrue(target.head("acme/2").isEmpty());
        for (String key : List.of("acme/0", "acme/1", "acme/3", "acme/4")) {
            assertTrue(target.head(key).isPresent(), key);
        }
    }

    @Test
    void aBlobThisMigrationWroteIsWrittenAgainWhenItDiffers() throws IOException {
        PageCopy copy = new PageCopy(artifacts, source, target);
        assertEquals(5, copy.copy("m1", 0).copied());
        put(target, "acme/3", 1234, 103);

        PageCopyResult again = copy.copy("m1", 0);

        assertEquals(1, again.copied());
        assertEquals(4, again.skipped());
        assertEquals(GeneratedBlob.hash(3, 103), TestBlobs.read(target, "acme/3"));
    }

    @Test
    void aWrongSha256InTheSourcesMetadataIsFoundOutAndTheTrueOneCopied() throws IOException {
        BlobStore lying = new ClaimingSource(source, "00".repeat(32));

        assertEquals(5, new PageCopy(artifacts, lying, target).copy("m1", 0).copied());

        for (int i = 0; i < 5; i++) {
            assertEquals(GeneratedBlob.hash(i, 100 + i), TestBlobs.read(target, "acme/" + i));
        }
    }

    @Test
    void onlyKeysOfThePageCanBeCopiedAlone() throws IOException {
        PageCopy copy = new PageCopy(artifacts, source, target);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> copy.copyKeys("m1", 0, List.of("acme/1", "beta/1")));
        assertTrue(e.getMessage().contains("'beta/1'"), e.getMessage());

        PageCopyResult one = copy.copyKeys("m1", 0, List.of("acme/1"));
        assertEquals(1, one.copied());
        assertTrue(target.head("acme/0").isEmpty());
    }

    private static void put(BlobStore store, String key, long seed, long size) throws IOException {
        ContentHash hash = GeneratedBlob.hash(seed, size);
        try (InputStream in = new GeneratedBlob(seed, size)) {
            store.put(key, in, size, hash.sha256(), null);
        }
    }

    /** A source that keeps a sha256 in its metadata, a wrong one. */
    private static final class ClaimingSource implements BlobStore {
        private final BlobStore store;
        private final String claim;

        ClaimingSource(BlobStore store, String claim) {
            this.store = store;
            this.claim = claim;
        }

        @Override
        public BlobStream open(String key) throws BlobStoreException {
            BlobStream real = store.open(key);
            BlobInfo info = real.info();
            return new BlobStream(real, new BlobInfo(key, info.size(), claim, "text/plain", info.version())) {
            };
        }

        @Override
        public Optional<BlobInfo> head(String key) throws BlobStoreException {
            return store.head(key).map(i -> new BlobInfo(key, i.size(), claim, "text/plain", i.version()));
        }

        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public void check() throws BlobStoreException {
            store.check();
        }

        @Override
        public String put(String key, InputStream content, long size, String sha256, String contentType)
                throws BlobStoreException {
            return store.put(key, content, size, sha256, contentType);
        }

        @Override
        public void delete(String key) throws BlobStoreException {
            store.delete(key);
        }

        @Override
        public void list(String prefix, BlobVisitor<BlobInfo> visitor) throws IOException {
            store.list(prefix, visitor);
        }

        @Override
        public void close() {
        }
    }
}
