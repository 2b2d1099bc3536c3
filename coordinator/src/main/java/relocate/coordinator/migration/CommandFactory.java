package relocate.coordinator.migration;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;
import java.util.List;
import relocate.coordinator.environment.Environment;
import relocate.coordinator.environment.EnvironmentParts;
import relocate.coordinator.environment.StoredBlobStore;
import relocate.coordinator.environment.StoredDns;
import relocate.coordinator.workflow.Chunk;
import relocate.coordinator.workflow.Effect.Dispatch;
import relocate.coordinator.workflow.Work;
import relocate.schemas.AdvanceSequences;
import relocate.schemas.BlobStoreEndpoint;
import relocate.schemas.CheckBlobs;
import relocate.schemas.CheckDns;
import relocate.schemas.CopyBlobPage;
import relocate.schemas.DeleteCopiedBlobs;
import relocate.schemas.DnsEndpoint;
import relocate.schemas.LowerDnsTtl;
import relocate.schemas.PlanBlobs;
import relocate.schemas.SwitchDns;
import relocate.schemas.VerifyBlobs;
import relocate.schemas.ChunkRef;
import relocate.schemas.Command;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.DeleteDomainRows;
import relocate.schemas.DumpChunk;
import relocate.schemas.DumpedChunk;
import relocate.schemas.FreezeDomain;
import relocate.schemas.LoadChunk;
import relocate.schemas.RunPreflight;
import relocate.schemas.SealDump;
import relocate.schemas.Step;
import relocate.schemas.TakeStats;
import relocate.schemas.VerifyDomain;
import relocate.schemas.topic.Topics;

/**
 * Turns the workflow's Dispatch(step, attempt, task) into the command for it and names the topic it goes
 * to: the dumper works on the source (preflight, freeze, stats, dump, cleanup), the loader on the target;
 * tasks on blobs go to blob-service, tasks on the DNS record to dns-service.
 */
@Singleton
public class CommandFactory {

    /** Keys per BLOB_COPY page: one command copies about this many objects. */
    public static final int BLOB_PAGE_KEYS = 200;

    public String topicOf(Dispatch d) {
        if (d.task().equals(Work.BLOBS) || d.step() == Step.BLOB_COPY) {
            return Topics.CMD_BLOB;
        }
        if (d.task().equals(Work.DNS)) {
            return Topics.CMD_DNS;
        }
        return switch (d.step()) {
            case PREFLIGHT, FREEZE, STATS, DUMP, UNFREEZE, CLEANUP -> Topics.CMD_DUMP;
            case LOAD -> d.task().startsWith(Work.REDUMP) ? Topics.CMD_DUMP : Topics.CMD_LOAD;
            case VERIFY, UNLOAD -> Topics.CMD_LOAD;
            case BLOB_COPY -> Topics.CMD_BLOB;
            case DNS_CUTOVER, DNS_PREPARE, DNS_ROLLBACK -> Topics.CMD_DNS;
            case COMMIT, UNKNOWN -> throw new IllegalArgumentException("no service runs step " + d.step());
        };
    }

    public Command command(Migration m, MigrationOptions options, Work work, Dispatch d, Environment source,
                           Environment target) {
        String domainOnTarget = options.newName() == null ? m.domain() : options.newName();
        Object payload = d.task().equals(Work.BLOBS) || d.step() == Step.BLOB_COPY
                ? blobPayload(work, d, source, target)
                : d.task().equals(Work.DNS) ? dnsPayload(m, d, source, target)
                : rowsPayload(m, options, work, d, source, target, domainOnTarget);
        return Command.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setMigrationId(m.id())
                .setDomain(m.domain())
                .setStep(d.step())
                .setAttempt(d.attempt())
                .setTask(d.task().isEmpty() ? null : d.task())
                .setIssuedAt(Instant.now())
                .setPayload(payload)
                .build();
    }

    private static Object blobPayload(Work work, Dispatch d, Environment source, Environment target) {
        return switch (d.step()) {
            case PREFLIGHT -> new CheckBlobs(blobs(source), blobs(target), endpoint(source));
            case STATS -> new PlanBlobs(blobs(source), endpoint(source), BLOB_PAGE_KEYS);
            case BLOB_COPY -> CopyBlobPage.newBuilder().setSource(blobs(source))
                    .setTarget(blobs(target)).setPage(Work.pageOf(d.task()))
                    .setKeys(d.task().equals(Work.BLOB_REPAIR) ? work.blobRepair() : List.of()).build();
            case VERIFY -> new VerifyBlobs(blobs(source), blobs(target));
            case UNLOAD -> new DeleteCopiedBlobs(blobs(target));
            default -> throw new IllegalArgumentException("no blob command for step " + d.step());
        };
    }

    private static Object dnsPayload(Migration m, Dispatch d, Environment source, Environment target) {
        DnsEndpoint from = dns(source, m.domain());
        DnsEndpoint to = dns(target, m.domain());
        return switch (d.step()) {
            case PREFLIGHT -> new CheckDns(from, to);
            case DNS_PREPARE -> new LowerDnsTtl(from, from.getAddress());
            case DNS_CUTOVER -> new SwitchDns(from, from.getAddress(), to.getAddress());
            case DNS_ROLLBACK -> new SwitchDns(from, to.getAddress(), from.getAddress());
            default -> throw new IllegalArgumentException("no DNS command for step " + d.step());
        };
    }

    private static Object rowsPayload(Migration m, MigrationOptions options, Work work, Dispatch d, Environment source,
                               Environment target, String domainOnTarget) {
        return switch (d.step()) {
            case PREFLIGHT -> new RunPreflight(endpoint(source), endpoint(target));
            case FREEZE -> new FreezeDomain(endpoint(source), true, options.freezeWebhook());
            case UNFREEZE -> new FreezeDomain(endpoint(source), false, options.freezeWebhook());
            case STATS -> new TakeStats(endpoint(source), options.include(), options.exclude(), options.chunkRows());
            case DUMP -> d.task().equals(Work.MANIFEST)
                    ? new SealDump(work.chunks().stream().map(c -> new DumpedChunk(ref(c), c.bytes(), c.sha256())).toList())
                    : new DumpChunk(endpoint(source), ref(chunk(work, d.task())));
            case LOAD -> {
                if (d.task().equals(Work.SEQUENCES)) {
                    yield new AdvanceSequences(endpoint(target));
                }
                if (d.task().startsWith(Work.REDUMP)) {
                    yield new DumpChunk(endpoint(source), ref(chunk(work, d.task().substring(Work.REDUMP.length()))));
                }
                yield new LoadChunk(endpoint(target), ref(chunk(work, d.task())), options.newName());
            }
            case VERIFY -> new VerifyDomain(endpoint(source), endpoint(target), options.newName(), work.loadedModels());
            case UNLOAD -> new DeleteDomainRows(endpoint(target), domainOnTarget, work.loadedModels(), null);
            case CLEANUP -> new DeleteDomainRows(endpoint(source), m.domain(), work.models(), options.freezeWebhook());
            default -> throw new IllegalArgumentException("no command on rows for step " + d.step());
        };
    }

    private static Chunk chunk(Work work, String task) {
        return work.chunk(task).orElseThrow(() -> new IllegalStateException("no chunk " + task + " in the plan"));
    }

    private static ChunkRef ref(Chunk c) {
        return new ChunkRef(c.model(), c.index(), c.keyColumn(), c.lo(), c.hi(), c.rows());
    }

    private static BlobStoreEndpoint blobs(Environment e) {
        StoredBlobStore b = EnvironmentParts.blobStore(e).orElseThrow(() -> new IllegalStateException(
                "environment " + e.name() + " has no blob store"));
        return BlobStoreEndpoint.newBuilder().setEnvironment(e.name()).setKind(b.kind()).setPath(b.path())
                .setEndpoint(b.endpoint()).setRegion(b.region()).setBucket(b.bucket()).setPrefix(b.prefix())
                .setPathStyle(b.pathStyle()).setAccessKeyId(b.accessKeyId()).setSealedSecretKey(b.sealedSecretKey())
                .setListQuery(b.listQuery())
                .setListPrefix(b.listPrefix())
                .build();
    }

    private static DnsEndpoint dns(Environment e, String domain) {
        StoredDns d = EnvironmentParts.dns(e).orElseThrow(() -> new IllegalStateException(
                "environment " + e.name() + " has no DNS record"));
        return new DnsEndpoint(e.name(), d.server(), d.port(), d.zone(), d.recordOf(domain), d.address(), d.keyName(),
                d.keyAlgorithm(), d.sealedKeySecret(), d.ttl());
    }

    private static DatabaseEndpoint endpoint(Environment e) {
        return new DatabaseEndpoint(e.name(), e.jdbcUrl(), e.dbUser(), e.sealedPassword(), e.tenantColumn());
    }
}
