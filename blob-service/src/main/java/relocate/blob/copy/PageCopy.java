package relocate.blob.copy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import relocate.artifacts.store.ArtifactStore;
import relocate.blob.BlobFailure;
import relocate.blob.ParallelWork;
import relocate.blob.listing.BlobEntry;
import relocate.blob.page.BlobPage;
import relocate.blob.page.CopyJournal;
import relocate.blob.page.PageReceipt;
import relocate.blob.page.PageReceipt.Received;
import relocate.blob.store.BlobInfo;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStoreException;
import relocate.blob.store.BlobStream;
import relocate.blob.store.ContentHash;

/**
 * Copies one page of a domain's blobs from the source store to the target store: the unit of work of the
 * blob copy, which any number of instances share page by page.
 *
 * <p>For each blob of the page:
 * <ul>
 * <li>on the target with the version this page's receipt recorded: skipped after one HEAD (a page copied
 *     before costs only HEADs);</li>
 * <li>on the target with the same size and SHA-256 (both read and hashed): skipped, and not journaled, so
 *     that abort leaves it;</li>
 * <li>on the target with other content: a conflict, left untouched, unless this migration wrote it (it is
 *     in the page's journal), in which case it is written again;</li>
 * <li>absent: journaled first (the whole batch, before any upload), then streamed from the source with its
 *     SHA-256 checked on the way and kept as the target's {@code sha256} metadata, then read back from the
 *     target and hashed.</li>
 * </ul>
 * The SHA-256 of a blob must be known before its upload starts (S3 takes metadata first): a blob up to
 * 16 MiB is spooled to a temporary file while it is hashed (one read of the source), a larger one is read
 * twice, and one whose source keeps a {@code sha256} already is sent at once and checked on the way.
 * Blobs that could not be copied fail the page with a {@link BlobCopyFailure} naming them, after the others
 * were copied; a store that cannot be used fails it at once with a {@link BlobStoreException}.
 */
public final class PageCopy {

    public static final int DEFAULT_PARALLELISM = 4;

    private static final Logger LOG = LoggerFactory.getLogger(PageCopy.class);

    private final ArtifactStore artifacts;
    private final BlobStore source;
    private final BlobStore target;
    private final int parallelism;
    private final Path spoolDirectory;

    public PageCopy(ArtifactStore artifacts, BlobStore source, BlobStore target) {
        this(artifacts, source, target, DEFAULT_PARALLELISM);
    }

    /** @param parallelism blobs copied at once within the page */
    public PageCopy(ArtifactStore artifacts, BlobStore source, BlobStore target, int parallelism) {
        this(artifacts, source, target, parallelism, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param parallelism    blobs copied at once within the page
     * @param spoolDirectory where blobs up to 16 MiB are spooled while hashed (at most that much per blob copied
     *                       at once)
     */
    public PageCopy(ArtifactStore artifacts, BlobStore source, BlobStore target, int parallelism, Path spoolDirectory) {
        this.artifacts = artifacts;
        this.source = source;
        this.target = target;
        this.parallelism = Math.max(1, parallelism);
        this.spoolDirectory = spoolDirectory;
    }

    /** Copies every blob of the page. */
    public PageCopyResult copy(String migrationId, int page) throws IOException {
        BlobPage blobs = BlobPage.read(artifacts, migrationId, page);
        return run(migrationId, page, blobs.blobs());
    }

    /**
     * Copies some blobs of the page again, e.g. those a verification found missing or different. A key this
     * migration wrote is replaced; any other key that differs on the target is still a conflict.
     *
     * @throws IllegalArgumentException when a key is not on the page
     */
    public PageCopyResult copyKeys(String migrationId, int page, Collection<String> keys) throws IOException {
        BlobPage blobs = BlobPage.read(artifacts, migrationId, page);
        Set<String> onPage = new HashSet<>();
        blobs.blobs().forEach(entry -> onPage.add(entry.key()));
        List<String> unknown = keys.stream().filter(key -> !onPage.contains(key)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("blob page " + page + " of migration " + migrationId
                    + " does not hold " + unknown.size() + " of the keys to copy, e.g. '" + unknown.get(0) + "'");
        }
        Set<String> wanted = new HashSet<>(keys);
        return run(migrationId, page, blobs.blobs().stream().filter(entry -> wanted.contains(entry.key())).toList());
    }

    private PageCopyResult run(String migrationId, int page, List<BlobEntry> entries) throws IOException {
        source.check();
        target.check();
        Set<String> journal = Collections.unmodifiableSet(CopyJournal.read(artifacts, migrationId, page));
        PageReceipt receipt = PageReceipt.read(artifacts, migrationId, page);
        ConcurrentLinkedQueue<Received> checked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<CopyProblem> problems = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Upload> uploads = new ConcurrentLinkedQueue<>();
        AtomicInteger skipped = new AtomicInteger();
        AtomicLong skippedBytes = new AtomicLong();
        AtomicLong copiedBytes = new AtomicLong();
        IOException fatal = null;
        try {
            ParallelWork.forEach(entries, parallelism, "blob-check-" + page, entry -> {
                Outcome outcome = classify(entry, receipt, journal);
                if (outcome.done() != null) {
                    checked.add(outcome.done());
                    skipped.incrementAndGet();
                    skippedBytes.addAndGet(entry.size());
                } else if (outcome.upload() != null) {
                    uploads.add(outcome.upload());
                } else {
                    problems.add(outcome.problem());
                }
            });
            List<Upload> toUpload = new ArrayList<>(uploads);
            if (!toUpload.isEmpty()) {
                // before any byte goes up: a crash mid-upload still leaves the key for abort to delete
                CopyJournal.add(artifacts, migrationId, page, toUpload.stream().map(u -> u.entry().key()).toList());
            }
            ParallelWork.forEach(toUpload, parallelism, "blob-copy-" + page, upload -> {
                Outcome outcome = copy(upload);
                if (outcome.done() != null) {
                    checked.add(outcome.done());
                    copiedBytes.addAndGet(upload.entry().size());
                } else {
                    problems.add(outcome.problem());
                }
            });
        } catch (IOException e) {
            fatal = e;
        }
        List<Received> confirmed = new ArrayList<>(checked);
        // a blob found different, or being rewritten, is no longer as the receipt says; the rest is re-checked anyway
        Set<String> stale = new HashSet<>();
        problems.forEach(problem -> stale.add(problem.key()));
        uploads.forEach(upload -> stale.add(upload.entry().key()));
        try {
            receipt.with(confirmed, stale).write(artifacts, migrationId);
        } catch (IOException e) {
            if (fatal == null) {
                throw e;
            }
            fatal.addSuppressed(e);
        }
        if (fatal != null) {
            throw fatal;
        }
        int copied = confirmed.size() - skipped.get();
        LOG.info("blob page {} of migration {}: {} blobs, {} copied ({} bytes), {} already on the target, {} failed",
                page, migrationId, entries.size(), copied, copiedBytes.get(), skipped.get(), problems.size());
        if (!problems.isEmpty()) {
            List<CopyProblem> sorted = new ArrayList<>(problems);
            sorted.sort(java.util.Comparator.comparing(CopyProblem::key));
            throw new BlobCopyFailure(migrationId, page, entries.size(), sorted);
        }
        return new PageCopyResult(page, copied, skipped.get(), copiedBytes.get(), skippedBytes.get());
    }

    /**
     * What to do with one blob, decided from the target's HEAD and, where the target has the key already,
     * both contents.
     */
    private Outcome classify(BlobEntry entry, PageReceipt receipt, Set<String> journal) throws IOException {
        String key = entry.key();
        try {
            Optional<BlobInfo> onTarget = target.head(key);
            Optional<Received> known = receipt.get(key);
            if (onTarget.isPresent() && known.isPresent() && known.get().size() == entry.size()
                    && known.get().stillOn(onTarget.get())) {
                return Outcome.checked(known.get());
            }
            if (onTarget.isEmpty()) {
                return Outcome.upload(new Upload(entry, null));
            }
            ContentHash sourceHash = sourceHash(entry);
            BlobInfo there = onTarget.get();
            if (there.size() == entry.size()) {
                try (BlobStream in = target.open(key)) {
                    if (ContentHash.of(in).equals(sourceHash)) {
                        return Outcome.checked(new Received(key, entry.size(), sourceHash.sha256(), in.info().version()));
                    }
                }
            }
            if (journal.contains(key)) {
                return Outcome.upload(new Upload(entry, sourceHash.sha256()));
            }
            return Outcome.problem(key, CopyProblem.Kind.CONFLICT, "the target already holds a different object ("
                    + there.size() + " bytes) than the source (" + entry.size() + " bytes, SHA-256 " + sourceHash.sha256()
                    + "), which this migration did not write; it was left untouched.", false);
        } catch (SourceMismatch e) {
            return Outcome.problem(key, e.kind, e.getMessage(), e.retryable);
        } catch (BlobStoreException e) {
            return perKey(key, e);
        } catch (BlobFailure e) {
            throw e;
        } catch (IOException e) {
            throw interrupted(key, e);
        }
    }

    /**
     * Uploads one blob, its SHA-256 known before the upload starts, then reads it back from the target and
     * checks it. The SHA-256 is the one already computed, else the source's own {@code sha256} (checked on
     * the way), else computed: while spooling a small blob, by a first reading of a large one.
     */
    private Outcome copy(Upload upload) throws IOException {
        BlobEntry entry = upload.entry();
        String key = entry.key();
        try {
            String sha256;
            String version;
            try (BlobStream in = source.open(key)) {
                BlobInfo info = requireListed(entry, in.info());
                String contentType = entry.contentType() != null ? entry.contentType() : info.contentType();
                if (upload.sha256() != null || ContentHash.isSha256(info.sha256())) {
                    sha256 = upload.sha256() != null ? upload.sha256() : info.sha256();
                    try {
                        version = target.put(key, in, entry.size(), sha256, contentType);
                    } catch (BlobStoreException e) {
                        if (upload.sha256() != null || e.reason() != BlobStoreException.Reason.CONTENT_MISMATCH) {
                            throw e;
                        }
                        // the source's own sha256 metadata is wrong: hash what it really holds and send that
                        sha256 = sourceHash(entry).sha256();
                        version = putFromSource(entry, sha256, contentType);
                    }
                } else if (entry.size() <= Spool.LIMIT) {
                    try (Spool spool = Spool.of(in, spoolDirectory)) {
                        requireSize(entry, spool.hash());
                        sha256 = spool.hash().sha256();
                        try (InputStream spooled = spool.open()) {
                            version = target.put(key, spooled, entry.size(), sha256, contentType);
                        }
                    }
                } else {
                    ContentHash hash = ContentHash.of(in);
                    requireSize(entry, hash);
                    sha256 = hash.sha256();
                    version = putFromSource(entry, sha256, contentType);
                }
            }
            try (BlobStream back = target.open(key)) {
                ContentHash hash = ContentHash.of(back);
                if (!hash.matches(entry.size(), sha256)) {
                    return Outcome.problem(key, CopyProblem.Kind.CONTENT_MISMATCH, "the target returned other bytes ("
                            + hash.size() + " bytes, SHA-256 " + hash.sha256() + ") than were written (" + entry.size()
                            + " bytes, SHA-256 " + sha256 + ").", true);
                }
            }
            return Outcome.checked(new Received(key, entry.size(), sha256, version));
        } catch (SourceMismatch e) {
            return Outcome.problem(key, e.kind, e.getMessage(), e.retryable);
        } catch (BlobStoreException e) {
            return perKey(key, e);
        } catch (BlobFailure e) {
            throw e;
        } catch (IOException e) {
            throw interrupted(key, e);
        }
    }

    private String putFromSource(BlobEntry entry, String sha256, String contentType) throws IOException {
        try (BlobStream in = source.open(entry.key())) {
            requireListed(entry, in.info());
            return target.put(entry.key(), in, entry.size(), sha256, contentType);
        }
    }

    /** The source's content hash, read in full; fails when it is not the size the listing gave. */
    private ContentHash sourceHash(BlobEntry entry) throws IOException {
        try (BlobStream in = source.open(entry.key())) {
            requireListed(entry, in.info());
            ContentHash hash = ContentHash.of(in);
            requireSize(entry, hash);
            return hash;
        }
    }

    private static BlobInfo requireListed(BlobEntry entry, BlobInfo info) throws SourceMismatch {
        if (info.size() != entry.size()) {
            throw new SourceMismatch(CopyProblem.Kind.SOURCE_MISMATCH, "listed with " + entry.size()
                    + " bytes, but the source object has " + info.size() + " (the listing is out of date).", false);
        }
        return info;
    }

    private static void requireSize(BlobEntry entry, ContentHash hash) throws SourceMismatch {
        if (hash.size() != entry.size()) {
            throw new SourceMismatch(CopyProblem.Kind.CONTENT_MISMATCH, "the source object changed while it was read ("
                    + hash.size() + " bytes, listed with " + entry.size() + ").", true);
        }
    }

    /** Failures that concern one key become a problem of the page; those of a whole store stop the page. */
    private static Outcome perKey(String key, BlobStoreException e) throws BlobStoreException {
        return switch (e.reason()) {
            case CONTENT_MISMATCH -> Outcome.problem(key, CopyProblem.Kind.CONTENT_MISMATCH, e.getMessage(), true);
            case NOT_FOUND -> Outcome.problem(key, CopyProblem.Kind.SOURCE_MISMATCH, e.getMessage(), false);
            case INVALID_KEY, REJECTED -> Outcome.problem(key, CopyProblem.Kind.INVALID_KEY, e.getMessage(), false);
            case UNREACHABLE, CREDENTIALS_REJECTED, ACCESS_DENIED, BUCKET_MISSING, FAILED -> throw e;
        };
    }

    /** A stream broke off (a connection reset): nothing is wrong with the blob, the page can be copied again. */
    private BlobFailure interrupted(String key, IOException e) {
        return new BlobFailure("Copying '" + key + "' from " + source.describe() + " to " + target.describe()
                + " broke off: " + e.getMessage() + ". Copy the page again.", true, e);
    }

    /** A blob to upload; {@code sha256} when it is known already (the source was read to compare it). */
    private record Upload(BlobEntry entry, String sha256) {
    }

    /** One of: the blob is on the target and checked, it is to be uploaded, or it has a problem. */
    private record Outcome(Received done, Upload upload, CopyProblem problem) {
        static Outcome checked(Received received) {
            return new Outcome(received, null, null);
        }

        static Outcome upload(Upload upload) {
            return new Outcome(null, upload, null);
        }

        static Outcome problem(String key, CopyProblem.Kind kind, String problem, boolean retryable) {
            return new Outcome(null, null, new CopyProblem(key, kind, problem, retryable));
        }
    }

    /** The source does not hold what the listing says: a problem of this key, not of the page. */
    private static final class SourceMismatch extends IOException {
        private final CopyProblem.Kind kind;
        private final boolean retryable;

        SourceMismatch(CopyProblem.Kind kind, String message, boolean retryable) {
            super(message, null);
            this.kind = kind;
            this.retryable = retryable;
        }
    }
}
