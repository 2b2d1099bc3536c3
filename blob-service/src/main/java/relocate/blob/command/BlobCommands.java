package relocate.blob.command;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import relocate.artifacts.store.ArtifactStore;
import relocate.blob.BlobFailure;
import relocate.blob.copy.PageCopy;
import relocate.blob.copy.PageCopyResult;
import relocate.blob.listing.BlobListing;
import relocate.blob.listing.DomainBlobs;
import relocate.blob.page.BlobPage;
import relocate.blob.page.BlobPlan;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStoreSettings;
import relocate.blob.store.BlobStores;
import relocate.blob.undo.BlobUndo;
import relocate.blob.undo.UndoResult;
import relocate.blob.verify.BlobProblem;
import relocate.blob.verify.BlobVerification;
import relocate.blob.verify.BlobVerifier;
import relocate.catalog.connect.DatabaseConnector;
import relocate.catalog.connect.DatabaseFailure;
import relocate.messaging.command.CommandService;
import relocate.messaging.command.ProgressReporter;
import relocate.messaging.command.RetryPolicy;
import relocate.messaging.command.StepFailure;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.secret.SecretBox;
import relocate.schemas.BlobReport;
import relocate.schemas.BlobStoreEndpoint;
import relocate.schemas.CheckBlobs;
import relocate.schemas.Command;
import relocate.schemas.CopyBlobPage;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.DeleteCopiedBlobs;
import relocate.schemas.PlanBlobs;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.VerifyBlobs;
import relocate.schemas.failure.FailureCodes;
import relocate.schemas.topic.Topics;

/**
 * blob-service's listener on relocate.cmd.blob: PREFLIGHT's check of both stores, STATS' listing of the
 * domain's blobs into pages, BLOB_COPY of one page (or of the keys VERIFY found wrong), VERIFY of every
 * page on the target, and UNLOAD's deletion of exactly what the migration wrote.
 */
@Singleton
@Requires(property = "relocate.blob.enabled", notEquals = "false")
public class BlobCommands extends CommandService {
    private static final int PARALLELISM = PageCopy.DEFAULT_PARALLELISM;

    private final ArtifactStore artifacts;

    public BlobCommands(KafkaConfig config, Serdes serdes, Publisher publisher, RetryPolicy retry, SecretBox secrets,
                        ArtifactStore artifacts, @Named("worker-id") String workerId,
                          @Value("${relocate.blob.workers:1}") int workers) {
        super("blob", Topics.CMD_BLOB, config, serdes, publisher, retry, secrets, workerId, workers);
        this.artifacts = artifacts;
    }

    @Override
    public Object handle(Command command, ProgressReporter progress) throws Exception {
        Object payload = command.getPayload();
        String migration = command.getMigrationId();
        try {
            if (payload instanceof CheckBlobs check) {
                return check(command.getDomain(), check);
            }
            if (payload instanceof PlanBlobs plan) {
                return plan(migration, command.getDomain(), plan);
            }
            if (payload instanceof CopyBlobPage copy) {
                return copy(migration, copy);
            }
            if (payload instanceof VerifyBlobs verify) {
                return verify(migration, verify);
            }
            if (payload instanceof DeleteCopiedBlobs delete) {
                return delete(migration, delete);
            }
        } catch (BlobFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (DatabaseFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (IllegalArgumentException f) {
            throw new StepFailure(f.getMessage(), false, f);
        }
        throw unsupported(payload);
    }

    /** Both stores answer with their credentials, and the domain's blobs can be listed (the first one is read). */
    private Object check(String domain, CheckBlobs check) throws IOException, java.sql.SQLException {
        try (BlobStore source = open(check.getSource()); BlobStore target = open(check.getTarget())) {
            source.check();
            target.check();
            BlobListing listing = listing(check.getSource());
            try (Connection database = listing instanceof BlobListing.Query ? connect(check.getSourceDatabase()) : null) {
                DomainBlobs.list(listing, domain, database, source, entry -> {
                    throw new FirstBlob();
                });
            } catch (FirstBlob listed) {
                // the listing works: one blob is enough to know
            }
        }
        return StepCompleted.newBuilder().build();
    }

    /** Thrown to stop a listing after its first blob. */
    private static final class FirstBlob extends IOException {
        FirstBlob() {
            super("first blob listed");
        }
    }

    private Object plan(String migration, String domain, PlanBlobs plan) throws IOException, java.sql.SQLException {
        BlobListing listing = listing(plan.getSource());
        BlobPlan written;
        try (BlobStore source = open(plan.getSource());
             Connection database = listing instanceof BlobListing.Query ? connect(plan.getSourceDatabase()) : null) {
            written = BlobPlan.write(artifacts, migration, domain, listing, database, source, plan.getPageKeys());
        }
        return StepCompleted.newBuilder().setBlobs(BlobReport.newBuilder().setCount(written.blobs())
                .setBytes(written.bytes()).setPages(written.pages()).build()).build();
    }

    private Object copy(String migration, CopyBlobPage copy) throws IOException {
        try (BlobStore source = open(copy.getSource()); BlobStore target = open(copy.getTarget())) {
            PageCopy pages = new PageCopy(artifacts, source, target, PARALLELISM);
            List<PageCopyResult> results = new ArrayList<>();
            if (copy.getPage() >= 0) {
                results.add(pages.copy(migration, copy.getPage()));
            } else {
                results.addAll(repair(migration, pages, copy.getKeys()));
            }
            long blobs = 0;
            long copied = 0;
            long copiedBytes = 0;
            long skipped = 0;
            long bytes = 0;
            for (PageCopyResult r : results) {
                blobs += r.blobs();
                copied += r.copied();
                copiedBytes += r.copiedBytes();
                skipped += r.skipped();
                bytes += r.copiedBytes() + r.skippedBytes();
            }
            return StepCompleted.newBuilder().setRows(blobs).setBlobs(BlobReport.newBuilder().setCount(blobs)
                    .setBytes(bytes).setCopied(copied).setCopiedBytes(copiedBytes).setSkipped(skipped).build()).build();
        }
    }

    /** Copies the listed keys again, each with its page (found by reading the plan's pages). */
    private List<PageCopyResult> repair(String migration, PageCopy pages, List<String> keys) throws IOException {
        Set<String> left = new HashSet<>(keys);
        List<PageCopyResult> results = new ArrayList<>();
        BlobPlan plan = BlobPlan.read(artifacts, migration);
        for (int index = 0; index < plan.pages() && !left.isEmpty(); index++) {
            List<String> onPage = BlobPage.read(artifacts, migration, index).blobs().stream()
                    .map(b -> b.key()).filter(left::contains).toList();
            if (!onPage.isEmpty()) {
                results.add(pages.copyKeys(migration, index, onPage));
                onPage.forEach(left::remove);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException(left.size() + " key(s) to copy again are not in the migration's blob "
                    + "plan, e.g. " + left.iterator().next());
        }
        return results;
    }

    private Object verify(String migration, VerifyBlobs verify) throws IOException {
        BlobVerification v;
        try (BlobStore source = open(verify.getSource()); BlobStore target = open(verify.getTarget())) {
            v = new BlobVerifier(artifacts, source, target, PARALLELISM).verifyAll(migration);
        }
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (BlobProblem p : v.problems()) {
            (p.kind() == BlobProblem.Kind.MISSING ? missing : different).add(p.key());
        }
        BlobReport report = BlobReport.newBuilder().setCount(v.blobs()).setBytes(v.bytes()).setMissing(missing)
                .setDifferent(different).setMismatched(v.missing() + v.different()).build();
        if (v.ok()) {
            return StepCompleted.newBuilder().setRows(v.blobs()).setBlobs(report).build();
        }
        return StepFailed.newBuilder().setReason("the target's blobs differ from the source's: " + v.summary()
                        + "; retry to copy them again (relocate retry), or abort")
                .setRetryable(false).setCode(FailureCodes.BLOB_MISMATCH).setBlobs(report).build();
    }

    private Object delete(String migration, DeleteCopiedBlobs delete) throws IOException {
        UndoResult undone;
        try (BlobStore target = open(delete.getTarget())) {
            undone = new BlobUndo(artifacts, target, PARALLELISM).undo(migration);
        }
        return StepCompleted.newBuilder().setRows(undone.keys())
                .setBlobs(BlobReport.newBuilder().setCount(undone.keys()).build()).build();
    }

    private BlobStore open(BlobStoreEndpoint e) {
        BlobStoreSettings settings = "fs".equals(e.getKind())
                ? BlobStoreSettings.filesystem(e.getEnvironment(), Path.of(e.getPath()))
                : BlobStoreSettings.s3(e.getEnvironment(), e.getEndpoint() == null ? null : URI.create(e.getEndpoint()),
                e.getRegion(), e.getBucket(), e.getPrefix(), e.getPathStyle(), e.getAccessKeyId(),
                e.getAccessKeyId() == null ? null : unseal(e.getSealedSecretKey()));
        return BlobStores.open(settings);
    }

    private static BlobListing listing(BlobStoreEndpoint e) {
        return e.getListQuery() != null ? new BlobListing.Query(e.getListQuery())
                : new BlobListing.Prefix(e.getListPrefix() == null ? "" : e.getListPrefix());
    }

    private Connection connect(DatabaseEndpoint e) {
        return DatabaseConnector.open(e.getEnvironment(), e.getJdbcUrl(), e.getUser(), password(e), "source");
    }
}
