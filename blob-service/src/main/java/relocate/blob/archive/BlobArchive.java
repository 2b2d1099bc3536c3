package relocate.blob.archive;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import relocate.artifacts.store.KeepOpenOutputStream;
import relocate.blob.BlobFailure;
import relocate.blob.listing.BlobEntry;
import relocate.blob.listing.BlobListing;
import relocate.blob.listing.DomainBlobs;
import relocate.blob.store.BlobInfo;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStoreException;
import relocate.blob.store.BlobStream;
import relocate.blob.store.BlobVisitor;
import relocate.blob.store.ContentHash;

/**
 * Offline transfer of a domain's blobs: one {@code .tar.gz} holding {@value ArchiveManifest#NAME} (key,
 * size, SHA-256 and content type of every blob) and then each blob's bytes, in the manifest's order.
 *
 * <p>Both directions stream; a blob is never held in memory. An export reads each source blob twice (to hash
 * it for the manifest, which comes first, then to write it, checked against that hash); an import checks
 * every blob against the manifest while writing it (a damaged blob is never stored) and again by reading it
 * back, skips blobs already on the target with the same content, and leaves differing ones untouched.
 */
public final class BlobArchive {

    /** Lists the blobs to export, one at a time. */
    @FunctionalInterface
    public interface Blobs {
        void list(BlobVisitor<BlobEntry> visitor) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(BlobArchive.class);
    private static final int BUFFER = 64 * 1024;

    private BlobArchive() {
    }

    /** Exports the domain's blobs, as the listing gives them, to a file (which appears only when complete). */
    public static ExportSummary export(BlobStore source, BlobListing listing, String domain, Connection database,
                                       Path file) throws IOException {
        Path temp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".partial");
        try {
            ExportSummary summary;
            try (OutputStream out = Files.newOutputStream(temp)) {
                summary = export(source, v -> DomainBlobs.list(listing, domain, database, source, v), domain, out);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return summary;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Exports blobs to {@code out} (left open). */
    public static ExportSummary export(BlobStore source, Blobs blobs, String domain, OutputStream out)
            throws IOException {
        Path lines = Files.createTempFile("relocate-blob-manifest-", ".jsonl");
        try {
            long[] totals = new long[2];
            try (BufferedWriter writer = Files.newBufferedWriter(lines, StandardCharsets.UTF_8)) {
                blobs.list(entry -> {
                    ContentHash hash;
                    String contentType;
                    try (BlobStream in = source.open(entry.key())) {
                        hash = ContentHash.of(in);
                        contentType = entry.contentType() != null ? entry.contentType() : in.info().contentType();
                    }
                    if (hash.size() != entry.size()) {
                        throw new BlobArchiveFailure("'" + entry.key() + "' is listed with " + entry.size()
                                + " bytes, but " + source.describe() + " has " + hash.size() + ": the listing is out of "
                                + "date or the blob changed. Export again once the source is frozen.", true);
                    }
                    totals[0]++;
                    totals[1] += entry.size();
                    writer.write(ArchiveManifest.line(new ArchiveManifest.Blob(ArchiveManifest.file(totals[0]),
                            entry.key(), entry.size(), hash.sha256(), contentType)));
                    writer.write('\n');
                });
            }
            byte[] header = (ArchiveManifest.line(new ArchiveManifest.Header(ArchiveManifest.FORMAT,
                    ArchiveManifest.FORMAT_VERSION, domain, totals[0], totals[1])) + "\n").getBytes(StandardCharsets.UTF_8);
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(
                    new BufferedOutputStream(new KeepOpenOutputStream(out), BUFFER)), StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry manifest = new TarArchiveEntry(ArchiveManifest.NAME);
            manifest.setSize(header.length + Files.size(lines));
            tar.putArchiveEntry(manifest);
            tar.write(header);
            Files.copy(lines, tar);
            tar.closeArchiveEntry();
            try (BufferedReader reader = Files.newBufferedReader(lines, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    ArchiveManifest.Blob blob = ArchiveManifest.blob(line, "the export's manifest");
                    TarArchiveEntry entry = new TarArchiveEntry(blob.file());
                    entry.setSize(blob.size());
                    tar.putArchiveEntry(entry);
                    writeChecked(source, blob, tar);
                    tar.closeArchiveEntry();
                }
            }
            tar.finish();
            tar.close(); // ends the gzip stream; KeepOpenOutputStream keeps the caller's stream open
            LOG.info("exported {} blobs ({} bytes) of domain {} from {}", totals[0], totals[1], domain, source.describe());
            return new ExportSummary(domain, totals[0], totals[1]);
        } finally {
            Files.deleteIfExists(lines);
        }
    }

    /** Imports a blob archive file into {@code target}. */
    public static ImportSummary importFile(Path file, BlobStore target) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importInto(in, target, file.toString());
        }
    }

    /**
     * Imports a blob archive into {@code target}: each blob is written unless the target has the same one
     * already. Blobs that differ on the target are left untouched and fail the import, naming them, after
     * every other blob was imported.
     *
     * @param archive how to name the archive in messages
     */
    public static ImportSummary importInto(InputStream in, BlobStore target, String archive) throws IOException {
        target.check();
        Path lines = Files.createTempFile("relocate-blob-manifest-", ".jsonl");
        try {
            TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                    new BufferedInputStream(in, BUFFER)), StandardCharsets.UTF_8.name());
            TarArchiveEntry first = next(tar, archive);
            if (first == null || !ArchiveManifest.NAME.equals(first.getName())) {
                throw new BlobArchiveFailure(archive + " is not a blob archive of Relocate: it does not start with "
                        + ArchiveManifest.NAME + ".", false);
            }
            copy(tar, lines, archive);
            long[] counts = new long[4];
            List<String> conflicts = new ArrayList<>();
            ArchiveManifest.Header header;
            try (BufferedReader reader = Files.newBufferedReader(lines, StandardCharsets.UTF_8)) {
                header = ArchiveManifest.header(reader.readLine(), archive);
                for (long n = 0; n < header.blobs(); n++) {
                    ArchiveManifest.Blob blob = ArchiveManifest.blob(reader.readLine(), archive);
                    TarArchiveEntry entry = next(tar, archive);
                    if (entry == null || !entry.getName().equals(blob.file()) || entry.getSize() != blob.size()) {
                        throw new BlobArchiveFailure(archive + " is damaged or truncated: its manifest expects "
                                + blob.file() + " (" + blob.size() + " bytes, key '" + blob.key() + "') where the archive has "
                                + (entry == null ? "nothing more" : entry.getName() + " (" + entry.getSize() + " bytes)")
                                + ".", false);
                    }
                    switch (importBlob(tar, blob, target, archive)) {
                        case IMPORTED -> {
                            counts[0]++;
                            counts[2] += blob.size();
                        }
                        case SKIPPED -> {
                            counts[1]++;
                            counts[3] += blob.size();
                        }
                        case CONFLICT -> conflicts.add(blob.key());
                    }
                }
            }
            if (next(tar, archive) != null) {
                throw new BlobArchiveFailure(archive + " holds more entries than its manifest lists: it is damaged.", false);
            }
            LOG.info("imported {} blobs ({} bytes) of domain {} into {}; {} already there, {} differing", counts[0],
                    counts[2], header.domain(), target.describe(), counts[1], conflicts.size());
            if (!conflicts.isEmpty()) {
                throw new BlobArchiveFailure(conflicts.size() + " blobs of " + archive + " differ from objects already on "
                        + target.describe() + " and were left untouched (the others were imported): "
                        + String.join(", ", conflicts.subList(0, Math.min(20, conflicts.size())).stream()
                        .map(k -> "'" + k + "'").toList()) + (conflicts.size() > 20 ? " and " + (conflicts.size() - 20)
                        + " more" : "") + ". Move or delete those objects on the target if they are not needed, then "
                        + "import again.", false, null, conflicts);
            }
            return new ImportSummary(header.domain(), counts[0], counts[1], counts[2], counts[3]);
        } finally {
            Files.deleteIfExists(lines);
        }
    }

    private enum Imported { IMPORTED, SKIPPED, CONFLICT }

    private static Imported importBlob(TarArchiveInputStream tar, ArchiveManifest.Blob blob, BlobStore target,
                                       String archive) throws IOException {
        Optional<BlobInfo> there = target.head(blob.key());
        if (there.isPresent()) {
            if (there.get().size() == blob.size() && hash(target, blob.key()).matches(blob.size(), blob.sha256())) {
                return Imported.SKIPPED;
            }
            return Imported.CONFLICT;
        }
        ArchiveReads reads = new ArchiveReads(tar);
        try {
            target.put(blob.key(), reads, blob.size(), blob.sha256(), blob.contentType());
        } catch (BlobStoreException e) {
            if (reads.failure != null) {
                throw damaged(archive, reads.failure);
            }
            if (e.reason() == BlobStoreException.Reason.CONTENT_MISMATCH) {
                throw new BlobArchiveFailure(archive + " is damaged: the bytes of '" + blob.key() + "' do not match its "
                        + "SHA-256 in the manifest; it was not stored. Export the archive again.", false, e);
            }
            throw e;
        }
        ContentHash back = hash(target, blob.key());
        if (!back.matches(blob.size(), blob.sha256())) {
            throw new BlobFailure("'" + blob.key() + "' reads back from " + target.describe() + " with other bytes ("
                    + back.size() + " bytes, SHA-256 " + back.sha256() + ") than were written. Import again.", true);
        }
        return Imported.IMPORTED;
    }

    /** Writes a source blob into the current entry, checking that it still has the manifest's size and hash. */
    private static void writeChecked(BlobStore source, ArchiveManifest.Blob blob, OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[BUFFER];
        long left = blob.size();
        try (InputStream in = source.open(blob.key())) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                left -= n;
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            if (left > 0 || in.read() >= 0 || !sha256.equals(blob.sha256())) {
                throw new BlobArchiveFailure("'" + blob.key() + "' changed in " + source.describe() + " while it was "
                        + "exported. Export again once the source is frozen.", true);
            }
        }
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, String archive) throws BlobArchiveFailure {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw damaged(archive, e);
        }
    }

    private static void copy(InputStream in, Path file, String archive) throws BlobArchiveFailure {
        try {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw damaged(archive, e);
        }
    }

    private static BlobArchiveFailure damaged(String archive, IOException e) {
        return new BlobArchiveFailure(archive + " cannot be read as a .tar.gz (" + e.getMessage() + "): it is damaged "
                + "or truncated. Export it again.", false, e);
    }

    private static ContentHash hash(BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return ContentHash.of(in);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The archive's bytes as a store reads them, remembering a read failure that the store reports as its own. */
    private static final class ArchiveReads extends java.io.FilterInputStream {
        private IOException failure;

        ArchiveReads(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() {
        }
    }

}
