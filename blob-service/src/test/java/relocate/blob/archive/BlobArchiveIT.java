package relocate.blob.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.blob.GeneratedBlob;
import relocate.blob.TestBlobs;
import relocate.blob.TestBlobs.Blob;
import relocate.blob.listing.BlobListing;
import relocate.blob.store.BlobInfo;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStoreSettings;
import relocate.blob.store.BlobStores;
import relocate.blob.store.ContentHash;
import relocate.blob.store.PartSizes;
import relocate.blob.store.S3ProxyServer;

/** A domain's blobs exported from S3 to a .tar.gz and imported into a directory and into another bucket. */
class BlobArchiveIT {

    private static final String BUCKET = "archive-it-source";

    private static Path dir;
    private static S3ProxyServer sourceServer;
    private static S3ProxyServer targetServer;
    private static BlobStore source;
    private static List<Blob> blobs;
    private static Path archive;

    @BeforeAll
    static void export() throws IOException {
        dir = Files.createTempDirectory("blob-archive-it-");
        sourceServer = S3ProxyServer.shared("source");
        targetServer = S3ProxyServer.shared("target");
        sourceServer.createBucket(BUCKET);
        blobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            blobs.add(new Blob("acme/" + i + (i % 2 == 0 ? ".json" : ".bin"), 300 + i, i * 97L,
                    i % 2 == 0 ? "application/json" : null));
        }
        blobs.add(new Blob("acme/large % odd\nname.bin", 9, PartSizes.MULTIPART_THRESHOLD + 1, "video/webm"));
        TestBlobs.seed(sourceServer, BUCKET, blobs);
        TestBlobs.seed(sourceServer, BUCKET, List.of(new Blob("beta/not-acme", 1, 10, null)));
        source = BlobStores.open(sourceServer.settings("eu", BUCKET, ""));
        archive = dir.resolve("acme-blobs.tar.gz");

        ExportSummary summary = BlobArchive.export(source, BlobListing.prefix("{domain}/"), "acme", null, archive);

        assertEquals(new ExportSummary("acme", 51, blobs.stream().mapToLong(Blob::size).sum()), summary);
        assertFalse(Files.exists(dir.resolve("acme-blobs.tar.gz.partial")));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (source != null) {
            source.close();
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void anExportImportsIntoADirectoryWithEveryHashAndAgainSkipsEverything() throws Exception {
        Path into = Files.createDirectories(dir.resolve("fs-target"));
        try (BlobStore files = BlobStores.open(BlobStoreSettings.filesystem("ap", into))) {
            ImportSummary first = BlobArchive.importFile(archive, files);
            assertEquals(new ImportSummary("acme", 51, 0, blobs.stream().mapToLong(Blob::size).sum(), 0), first);
            for (Blob blob : blobs) {
                assertEquals(blob.hash(), TestBlobs.read(files, blob.key()), blob.key());
            }

            ImportSummary second = BlobArchive.importFile(archive, files);
            assertEquals(0, second.imported());
            assertEquals(51, second.skipped());
        }
    }

    @Test
    void anImportIntoS3KeepsHashesAndContentTypes() throws Exception {
        targetServer.createBucket("archive-it-target");
        try (BlobStore s3 = BlobStores.open(targetServer.settings("us", "archive-it-target", ""))) {
            assertEquals(51, BlobArchive.importFile(archive, s3).imported());
            for (Blob blob : blobs) {
                BlobInfo info = s3.head(blob.key()).orElseThrow();
                assertEquals(blob.hash().sha256(), info.sha256(), blob.key());
                assertEquals(blob.contentType() == null ? "application/octet-stream" : blob.contentType(),
                        info.contentType(), blob.key());
            }
            assertEquals(blobs.get(50).hash(), TestBlobs.read(s3, blobs.get(50).key()));
        }
    }

    @Test
    void aDifferentBlobOnTheTargetIsNamedAndLeftWhileTheRestIsImported() throws Exception {
        Path into = Files.createDirectories(dir.resolve("fs-conflict"));
        Blob differing = blobs.get(7);
        try (BlobStore files = BlobStores.open(BlobStoreSettings.filesystem("ap", into))) {
            ContentHash theirs = GeneratedBlob.hash(1, 5);
            files.put(differing.key(), new GeneratedBlob(1, 5), 5, theirs.sha256(), null);

            BlobArchiveFailure failure = assertThrows(BlobArchiveFailure.class, () -> BlobArchive.importFile(archive, files));

            assertEquals(List.of(differing.key()), failure.keys());
            assertTrue(failure.getMessage().contains(differing.key()), failure.getMessage());
            assertEquals(theirs, TestBlobs.read(files, differing.key()));
            assertEquals(blobs.get(8).hash(), TestBlobs.read(files, blobs.get(8).key()));
        }
    }

    @Test
    void aBlobThatDoesNotMatchTheManifestIsNotStored() throws Exception {
        Path forged = dir.resolve("forged.tar.gz");
        ContentHash other = GeneratedBlob.hash(2, 100);
        try (OutputStream file = Files.newOutputStream(forged);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            byte[] manifest = (ArchiveManifest.line(new ArchiveManifest.Header(ArchiveManifest.FORMAT, 1, "acme", 2, 200))
                    + "\n" + ArchiveManifest.line(new ArchiveManifest.Blob(ArchiveManifest.file(1), "acme/good", 100,
                    GeneratedBlob.hash(1, 100).sha256(), null))
                    + "\n" + ArchiveManifest.line(new ArchiveManifest.Blob(ArchiveManifest.file(2), "acme/bad", 100,
                    other.sha256(), null)) + "\n").getBytes(StandardCharsets.UTF_8);
            entry(tar, ArchiveManifest.NAME, manifest.length, new java.io.ByteArrayInputStream(manifest));
            entry(tar, ArchiveManifest.file(1), 100, new GeneratedBlob(1, 100));
            entry(tar, ArchiveManifest.file(2), 100, new GeneratedBlob(1, 100));
        }
        Path into = Files.createDirectories(dir.resolve("fs-forged"));
        try (BlobStore files = BlobStores.open(BlobStoreSettings.filesystem("ap", into))) {
            BlobArchiveFailure failure = assertThrows(BlobArchiveFailure.class, () -> BlobArchive.importFile(forged, files));

            assertTrue(failure.getMessage().contains("'acme/bad'") && failure.getMessage().contains("damaged"),
                    failure.getMessage());
            assertFalse(failure.retryable());
            assertTrue(files.head("acme/bad").isEmpty(), "a blob that fails its hash is never stored");
            assertTrue(files.head("acme/good").isPresent());
        }
    }

    @Test
    void aTruncatedArchiveIsReportedAsDamaged() throws Exception {
        Path truncated = dir.resolve("truncated.tar.gz");
        try (InputStream in = Files.newInputStream(archive); OutputStream out = Files.newOutputStream(truncated)) {
            out.write(in.readNBytes((int) (Files.size(archive) / 2)));
        }
        Path into = Files.createDirectories(dir.resolve("fs-truncated"));
        try (BlobStore files = BlobStores.open(BlobStoreSettings.filesystem("ap", into))) {
            BlobArchiveFailure failure = assertThrows(BlobArchiveFailure.class,
                    () -> BlobArchive.importFile(truncated, files));
            assertTrue(failure.getMessage().contains("truncated"), failure.getMessage());
        }
    }

    private static void entry(TarArchiveOutputStream tar, String name, long size, InputStream content)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        content.transferTo(tar);
        tar.closeArchiveEntry();
    }
}
