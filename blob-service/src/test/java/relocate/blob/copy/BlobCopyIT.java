package relocate.blob.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import relocate.artifacts.store.FileArtifactStore;
import relocate.blob.GeneratedBlob;
import relocate.blob.TestBlobs;
import relocate.blob.TestBlobs.Blob;
import relocate.blob.listing.BlobListing;
import relocate.blob.page.BlobNames;
import relocate.blob.page.BlobPage;
import relocate.blob.page.BlobPlan;
import relocate.blob.page.CopyJournal;
import relocate.blob.store.BlobInfo;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStoreException;
import relocate.blob.store.BlobStream;
import relocate.blob.store.BlobStores;
import relocate.blob.store.BlobVisitor;
import relocate.blob.store.ContentHash;
import relocate.blob.store.CountingBlobStore;
import relocate.blob.store.S3ProxyServer;
import relocate.blob.undo.BlobUndo;
import relocate.blob.undo.UndoResult;
import relocate.blob.verify.BlobProblem;
import relocate.blob.verify.BlobVerification;
import relocate.blob.verify.BlobVerifier;
import relocate.catalog.TestDatabases;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A domain of 2,003 blobs (three of them over 20 MB) listed from a metadata table, copied page by page
 * between two S3Proxy servers, copied again, verified, damaged, repaired and undone. The tests build on
 * each other in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlobCopyIT {

    private static final String DOMAIN = "acme";
    private static final String MIGRATION = "m-blob-copy-it";
    private static final String QUERY = "SELECT key, size, content_type FROM blob_meta WHERE domain = ? ORDER BY key";
    private static final int PAGE_SIZE = 200;
    private static final String SOURCE_BUCKET = "copy-it-source";
    private static final String TARGET_BUCKET = "copy-it-target";

    private static Path dir;
    private static Connection db;
    private static S3ProxyServer sourceServer;
    private static S3ProxyServer targetServer;
    private static CountingBlobStore source;
    private static CountingBlobStore target;
    private static FileArtifactStore artifacts;
    private static List<Blob> blobs;
    private static Blob preexisting;

    @BeforeAll
    static void seed() throws Exception {
        dir = Files.createTempDirectory("blob-copy-it-");
        artifacts = new FileArtifactStore(dir.resolve("artifacts"));
        sourceServer = S3ProxyServer.shared("source");
        targetServer = S3ProxyServer.shared("target");
        sourceServer.createBucket(SOURCE_BUCKET);
        targetServer.createBucket(TARGET_BUCKET);
        source = new CountingBlobStore(BlobStores.open(sourceServer.settings("eu", SOURCE_BUCKET, "")));
        target = new CountingBlobStore(BlobStores.open(targetServer.settings("us", TARGET_BUCKET, "")));

        blobs = new ArrayList<>();
        String[] types = {"text/plain", "application/pdf", "image/png", null};
        for (int i = 0; i < 2000; i++) {
            blobs.add(new Blob(String.format("acme/files/%04d.dat", i), i, 100 + (i * 7919L) % 4000, types[i % 4]));
        }
        for (int i = 1; i <= 3; i++) {
            blobs.add(new Blob("acme/videos/big-" + i + ".bin", 1000 + i, 20_000_000 + 1_000_001L * i, "video/mp4"));
        }
        preexisting = blobs.get(10);

        db = TestDatabases.connect(TestDatabases.create("blob_copy_it"));
        TestDatabases.execute(db, """
                CREATE TABLE blob_meta (key text PRIMARY KEY, size bigint NOT NULL, content_type text,
                    domain text NOT NULL)""");
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO blob_meta VALUES (?, ?, ?, ?)")) {
            for (Blob blob : blobs) {
                row(insert, blob.key(), blob.size(), blob.contentType(), DOMAIN);
            }
            // another domain's blobs: never listed for acme (nor in the source at all)
            for (int i = 0; i < 5; i++) {
                row(insert, "beta/files/" + i, 10, null, "beta");
            }
            insert.executeBatch();
        }
        TestBlobs.seed(sourceServer, SOURCE_BUCKET, blobs);
        // the same bytes already on the target, put there by someone else: to be skipped, and kept by undo
        TestBlobs.seed(targetServer, TARGET_BUCKET, List.of(preexisting));
    }

    private static void row(PreparedStatement insert, String key, long size, String type, String domain)
            throws Exception {
        insert.setString(1, key);
        insert.setLong(2, size);
        insert.setString(3, type);
        insert.setString(4, domain);
        insert.addBatch();
    }

    @AfterAll
    static void close() throws Exception {
        if (db != null) {
            db.close();
        }
        if (source != null) {
            source.close();
            target.close();
        }
    }

    @Test
    @Order(1)
    void theDomainsBlobsAreListedByQueryIntoPagesWithTotals() throws Exception {
        BlobPlan plan = BlobPlan.write(artifacts, MIGRATION, DOMAIN, BlobListing.query(QUERY), db, source, PAGE_SIZE);

        assertEquals(2003, plan.blobs());
        assertEquals(blobs.stream().mapToLong(Blob::size).sum(), plan.bytes());
        assertEquals(11, plan.pages());
        assertEquals(plan, BlobPlan.read(artifacts, MIGRATION));
        Set<String> listed = new TreeSet<>();
        for (int page = 0; page < plan.pages(); page++) {
            BlobPage blobPage = plan.page(artifacts, page);
            assertEquals(page < 10 ? PAGE_SIZE : 3, blobPage.blobs().size());
            blobPage.blobs().forEach(entry -> listed.add(entry.key()));
        }
        assertEquals(blobs.stream().map(Blob::key).collect(Collectors.toCollection(TreeSet::new)), listed);
        assertEquals("text/plain", plan.page(artifacts, 0).blobs().get(0).contentType());
    }

    @Test
    @Order(2)
    void everyPageIsCopiedWithEveryHashEqualOnTheTarget() throws Exception {
        PageCopy copy = new PageCopy(artifacts, source, target, 4);
        int copied = 0;
        int skipped = 0;
        long copiedBytes = 0;
        for (int page = 0; page < 11; page++) {
            PageCopyResult result = copy.copy(MIGRATION, page);
            copied += result.copied();
            skipped += result.skipped();
            copiedBytes += result.copiedBytes();
        }

        assertEquals(2002, copied);
        assertEquals(1, skipped, "the identical blob already on the target");
        assertEquals(blobs.stream().mapToLong(Blob::size).sum() - preexisting.size(), copiedBytes);
        // every blob read back from the target and hashed
        BlobVerification verification = new BlobVerifier(artifacts, source, target, 4).verifyAll(MIGRATION);
        assertTrue(verification.ok(), verification.summary());
        assertEquals(2003, verification.blobs());
        for (Blob large : blobs.subList(2000, 2003)) {
            assertEquals(large.hash(), TestBlobs.read(target, large.key()), large.key());
        }
        // the hash kept as metadata, and the content type, on a sample (all four content types, the large ones)
        for (int i = 0; i < blobs.size(); i += i < 2000 ? 97 : 1) {
            Blob blob = blobs.get(i);
            BlobInfo info = target.head(blob.key()).orElseThrow();
            assertEquals(blob.hash().sha256(), info.sha256(), blob.key());
            assertEquals(blob.contentType() == null ? "application/octet-stream" : blob.contentType(),
                    info.contentType(), blob.key());
        }
        assertFalse(CopyJournal.read(artifacts, MIGRATION, pageOf(preexisting.key())).contains(preexisting.key()),
                "a blob that was on the target before is not journaled");
    }

    @Test
    @Order(3)
    void aSecondRunCopiesNothingAndReadsNoBlob() throws Exception {
        source.reset();
        target.reset();
        PageCopy copy = new PageCopy(artifacts, source, target, 4);
        int skipped = 0;
        for (int page = 0; page < 11; page++) {
            PageCopyResult result = copy.copy(MIGRATION, page);
            assertEquals(0, result.copied());
            skipped += result.skipped();
        }
        assertEquals(2003, skipped);
        assertEquals(0, source.opens.get() + source.heads.get(), "the source is not touched");
        assertEquals(0, target.opens.get() + target.puts.get(), "the target is only asked for HEADs");
        assertEquals(2003, target.heads.get());
    }

    @Test
    @Order(4)
    void verifyNamesADeletedAndACorruptedObjectAndCopyingJustThoseAgainRepairsThem() throws Exception {
        BlobVerifier verifier = new BlobVerifier(artifacts, source, target, 4);
        Blob deleted = blobs.get(1234);
        Blob corrupted = blobs.get(2001);
        targetServer.client().deleteObject(r -> r.bucket(TARGET_BUCKET).key(deleted.key()));
        // other bytes of the same size, under the original's sha256 metadata: only reading finds it out
        targetServer.client().putObject(r -> r.bucket(TARGET_BUCKET).key(corrupted.key()).contentLength(corrupted.size())
                        .metadata(Map.of("sha256", corrupted.hash().sha256())),
                RequestBody.fromContentProvider(() -> new GeneratedBlob(99, corrupted.size()), corrupted.size(),
                        "video/mp4"));

        BlobVerification verification = verifier.verifyAll(MIGRATION);

        assertFalse(verification.ok());
        assertEquals(2003, verification.blobs());
        assertEquals(1, verification.missing());
        assertEquals(1, verification.different());
        Map<String, BlobProblem> problems = verification.problems().stream()
                .collect(Collectors.toMap(BlobProblem::key, p -> p));
        assertEquals(BlobProblem.Kind.MISSING, problems.get(deleted.key()).kind());
        assertEquals(BlobProblem.Kind.DIFFERENT, problems.get(corrupted.key()).kind());
        assertTrue(verification.summary().contains(deleted.key()) && verification.summary().contains(corrupted.key()));
        assertEquals(List.of(pageOf(deleted.key()), pageOf(corrupted.key())), verification.pagesWithProblems());

        PageCopy copy = new PageCopy(artifacts, source, target, 4);
        int recopied = 0;
        for (Map.Entry<Integer, List<String>> page : verification.problems().stream().collect(Collectors.groupingBy(
                BlobProblem::page, Collectors.mapping(BlobProblem::key, Collectors.toList()))).entrySet()) {
            recopied += copy.copyKeys(MIGRATION, page.getKey(), page.getValue()).copied();
        }
        assertEquals(2, recopied);
        assertTrue(verifier.verifyAll(MIGRATION).ok());
        assertEquals(corrupted.hash(), TestBlobs.read(target, corrupted.key()));
    }

    @Test
    @Order(5)
    void aDifferentObjectAlreadyOnTheTargetFailsThePageNamingItAndIsLeftUntouched() throws Exception {
        String bucket = "copy-it-conflict";
        targetServer.createBucket(bucket);
        String migration = "m-conflict";
        Blob differing = blobs.get(3);
        try (BlobStore conflicted = BlobStores.open(targetServer.settings("us", bucket, ""))) {
            ContentHash theirs = GeneratedBlob.hash(42, 77);
            TestBlobs.seed(targetServer, bucket, List.of(new Blob(differing.key(), 42, 77, "text/plain")));
            BlobPlan.write(artifacts, migration, DOMAIN, BlobListing.query(QUERY + " LIMIT 10"), db, source, 10);

            BlobCopyFailure failure = assertThrows(BlobCopyFailure.class,
                    () -> new PageCopy(artifacts, source, conflicted, 4).copy(migration, 0));

            assertEquals(List.of(differing.key()), failure.keys());
            assertEquals(CopyProblem.Kind.CONFLICT, failure.problems().get(0).kind());
            assertFalse(failure.retryable());
            assertTrue(failure.getMessage().contains("'" + differing.key() + "'"), failure.getMessage());
            assertTrue(failure.getMessage().contains("Nothing on the target was overwritten"), failure.getMessage());
            assertEquals(theirs, TestBlobs.read(conflicted, differing.key()), "their object is untouched");
            assertFalse(CopyJournal.read(artifacts, migration, 0).contains(differing.key()));
            for (Blob blob : blobs.subList(0, 10)) {
                if (blob != differing) {
                    assertEquals(blob.hash().sha256(), conflicted.head(blob.key()).orElseThrow().sha256(),
                            "the rest of the page was copied");
                }
            }

            new BlobUndo(artifacts, conflicted, 4).undo(migration);
            assertEquals(theirs, TestBlobs.read(conflicted, differing.key()), "undo leaves what it did not write");
            assertEquals(List.of(differing.key()), keys(conflicted, "acme/"));
        }
    }

    @Test
    @Order(6)
    void anUploadCutShortLeavesItsKeyJournaledAndUndoRemovesIt() throws Exception {
        String bucket = "copy-it-crash";
        targetServer.createBucket(bucket);
        String migration = "m-crash";
        Blob large = blobs.get(2000);
        BlobPlan.write(artifacts, migration, DOMAIN, BlobListing.query(QUERY), db, source, PAGE_SIZE);
        int page = pageOf(large.key());
        try (BlobStore store = BlobStores.open(targetServer.settings("us", bucket, ""))) {
            BlobStore dying = new DyingTarget(store, large.key());

            BlobStoreException crash = assertThrows(BlobStoreException.class,
                    () -> new PageCopy(artifacts, source, dying, 1).copy(migration, page));
            assertEquals(BlobStoreException.Reason.UNREACHABLE, crash.reason());

            Set<String> journal = CopyJournal.read(artifacts, migration, page);
            assertTrue(journal.contains(large.key()), "journaled before its upload began");
            assertEquals(3, journal.size(), "the whole batch is journaled before the first upload");
            assertTrue(keys(store, "acme/").size() < 3, "the page was not completed");

            UndoResult undone = new BlobUndo(artifacts, store, 4).undo(migration);
            assertEquals(3, undone.keys());
            assertEquals(List.of(), keys(store, "acme/"));
            assertFalse(artifacts.exists(migration, BlobNames.journal(page)));
        }
    }

    @Test
    @Order(7)
    void aWrongSecretFailsThePageClearlyWithoutTheSecret() {
        String wrong = "wrong-secret-for-the-copy-it";
        try (BlobStore rejected = BlobStores.open(targetServer.settings("us-prod", TARGET_BUCKET, "").withSecret(wrong))) {
            BlobStoreException e = assertThrows(BlobStoreException.class,
                    () -> new PageCopy(artifacts, source, rejected).copy(MIGRATION, 0));
            assertEquals(BlobStoreException.Reason.CREDENTIALS_REJECTED, e.reason());
            assertTrue(e.getMessage().contains("us-prod") && e.getMessage().contains("secret is wrong"), e.getMessage());
            assertFalse(e.getMessage().contains(wrong), e.getMessage());
        }
    }

    @Test
    @Order(8)
    void undoDeletesExactlyTheObjectsTheMigrationCopied() throws Exception {
        UndoResult undone = new BlobUndo(artifacts, target, 4).undo(MIGRATION);

        assertEquals(2002, undone.keys());
        assertEquals(List.of(preexisting.key()), keys(target, ""), "only the blob that was there before stays");
        assertEquals(preexisting.hash(), TestBlobs.read(target, preexisting.key()));
        assertTrue(artifacts.list(MIGRATION).stream().noneMatch(name -> name.contains("copied-") || name.contains("receipt-")));
        assertEquals(0, new BlobUndo(artifacts, target, 4).undo(MIGRATION).keys(), "a second undo has nothing to do");
    }

    private static int pageOf(String key) throws IOException {
        BlobPlan plan = BlobPlan.read(artifacts, MIGRATION);
        for (int page = 0; page < plan.pages(); page++) {
            if (plan.page(artifacts, page).blobs().stream().anyMatch(entry -> entry.key().equals(key))) {
                return page;
            }
        }
        throw new AssertionError(key + " is on no page");
    }

    private static List<String> keys(BlobStore store, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(prefix, info -> keys.add(info.key()));
        keys.sort(null);
        return keys;
    }

    /** A target whose process dies while uploading one key: the upload fails and the page stops there. */
    private static final class DyingTarget implements BlobStore {
        private final BlobStore store;
        private final String dyingKey;

        DyingTarget(BlobStore store, String dyingKey) {
            this.store = store;
            this.dyingKey = dyingKey;
        }

        @Override
        public String put(String key, InputStream content, long size, String sha256, String contentType)
                throws BlobStoreException {
            if (key.equals(dyingKey)) {
                throw new BlobStoreException(BlobStoreException.Reason.UNREACHABLE, "connection lost mid-upload");
            }
            return store.put(key, content, size, sha256, contentType);
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
        public Optional<BlobInfo> head(String key) throws BlobStoreException {
            return store.head(key);
        }

        @Override
        public BlobStream open(String key) throws BlobStoreException {
            return store.open(key);
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
