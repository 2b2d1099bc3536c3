package relocate.blob.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import relocate.artifacts.store.ArtifactStore;
import relocate.blob.BlobFailure;
import relocate.blob.ParallelWork;
import relocate.blob.listing.BlobEntry;
import relocate.blob.page.BlobPage;
import relocate.blob.page.BlobPlan;
import relocate.blob.page.PageReceipt;
import relocate.blob.page.PageReceipt.Received;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStoreException;
import relocate.blob.store.BlobStream;
import relocate.blob.store.ContentHash;

/**
 * VERIFY for blobs: every blob of the domain's plan is on the target with its size and SHA-256. The target's
 * objects are read and hashed (metadata alone is a claim); the expected SHA-256 is the one computed from the
 * source when the page was copied (its receipt), or the source's own, hashed now, where there is none.
 * Reads only; page by page, so that pages can be verified by several instances.
 */
public final class BlobVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(BlobVerifier.class);

    private final ArtifactStore artifacts;
    private final BlobStore source;
    private final BlobStore target;
    private final int parallelism;

    public BlobVerifier(ArtifactStore artifacts, BlobStore source, BlobStore target, int parallelism) {
        this.artifacts = artifacts;
        this.source = source;
        this.target = target;
        this.parallelism = Math.max(1, parallelism);
    }

    public PageVerification verifyPage(String migrationId, int page) throws IOException {
        target.check();
        BlobPage blobs = BlobPage.read(artifacts, migrationId, page);
        PageReceipt receipt = PageReceipt.read(artifacts, migrationId, page);
        ConcurrentLinkedQueue<BlobProblem> problems = new ConcurrentLinkedQueue<>();
        ParallelWork.forEach(blobs.blobs(), parallelism, "blob-verify-" + page, entry -> {
            BlobProblem problem = check(page, entry, receipt.get(entry.key()));
            if (problem != null) {
                problems.add(problem);
            }
        });
        PageVerification verification = new PageVerification(page, blobs.blobs().size(), blobs.bytes(),
                new ArrayList<>(problems));
        LOG.info("blob page {} of migration {} verified: {} blobs, {} not as on the source", page, migrationId,
                verification.blobs(), verification.problems().size());
        return verification;
    }

    /** Verifies every page of the migration's plan, one after the other. */
    public BlobVerification verifyAll(String migrationId) throws IOException {
        BlobPlan plan = BlobPlan.read(artifacts, migrationId);
        List<PageVerification> pages = new ArrayList<>();
        for (int page = 0; page < plan.pages(); page++) {
            pages.add(verifyPage(migrationId, page));
        }
        return BlobVerification.of(pages);
    }

    /** What is wrong with the blob on the target, or null. One GET of the target per blob. */
    private BlobProblem check(int page, BlobEntry entry, Optional<Received> received) throws IOException {
        String key = entry.key();
        try {
            String expected = received.filter(r -> r.size() == entry.size()).map(Received::sha256).orElse(null);
            if (expected == null) {
                ContentHash sourceHash = hash(source, key);
                if (sourceHash.size() != entry.size()) {
                    return different(page, key, "the source object has " + sourceHash.size() + " bytes, "
                            + entry.size() + " listed.");
                }
                expected = sourceHash.sha256();
            }
            try (BlobStream there = target.open(key)) {
                if (there.info().size() != entry.size()) {
                    return different(page, key, there.info().size() + " bytes on the target, " + entry.size()
                            + " on the source.");
                }
                ContentHash actual = ContentHash.of(there);
                if (!actual.matches(entry.size(), expected)) {
                    return different(page, key, "SHA-256 " + actual.sha256() + " on the target, " + expected
                            + " on the source.");
                }
                return null;
            }
        } catch (BlobStoreException e) {
            if (e.reason() == BlobStoreException.Reason.NOT_FOUND) {
                return new BlobProblem(key, page, BlobProblem.Kind.MISSING, "not on the target.");
            }
            throw e;
        } catch (BlobFailure e) {
            throw e;
        } catch (IOException e) {
            throw new BlobFailure("Verifying '" + key + "' on " + target.describe() + " broke off: " + e.getMessage()
                    + ". Verify again.", true, e);
        }
    }

    private static BlobProblem different(int page, String key, String detail) {
        return new BlobProblem(key, page, BlobProblem.Kind.DIFFERENT, detail);
    }

    private static ContentHash hash(BlobStore store, String key) throws IOException {
        try (InputStream in = store.open(key)) {
            return ContentHash.of(in);
        }
    }
}
