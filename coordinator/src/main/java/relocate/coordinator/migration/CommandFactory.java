package relocate.coordinator.migration;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
import relocate.schemas.ChunkRef;
import relocate.schemas.Command;
import relocate.schemas.CopyBlobPage;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.DeleteCopiedBlobs;
import relocate.schemas.DeleteDomainRows;
import relocate.schemas.DnsEndpoint;
import relocate.schemas.DumpChunk;
import relocate.schemas.DumpedChunk;
import relocate.schemas.FreezeDomain;
import relocate.schemas.LoadChunk;
import relocate.schemas.LowerDnsTtl;
import relocate.schemas.PlanBlobs;
import relocate.schemas.RunPreflight;
import relocate.schemas.SealDump;
import relocate.schemas.Step;
import relocate.schemas.SwitchDns;
import relocate.schemas.TakeStats;
import relocate.schemas.VerifyBlobs;
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

    /**
     * What the commands of a migration carry about its two environments: built once per transition, since a
     * wave of a step split in pages or chunks is many commands.
     *
     * @param sourceBlobs null when the environment names no blob store (and likewise for the others)
     */
    public record Endpoints(DatabaseEndpoint source, DatabaseEndpoint target, BlobStoreEndpoint sourceBlobs,
                            BlobStoreEndpoint targetBlobs, DnsEndpoint sourceDns, DnsEndpoint targetDns) {
    }

    public Endpoints endpoints(Migration m, Environment source, Environment target) {
        return new Endpoints(endpoint(source), endpoint(target), blobs(source), blobs(target),
                dns(source, m.domain()), dns(target, m.domain()));
    }

    public Command command(Migration m, MigrationOptions options, Work work, Dispatch d, Endpoints e) {
        String domainOnTarget = options.newName() == null ? m.domain() : options.newName();
        Object payload = d.task().equals(Work.BLOBS) || d.step() == Step.BLOB_COPY ? blobPayload(work, d, e)
                : d.task().equals(Work.DNS) ? dnsPayload(d, e)
                : rowsPayload(m, options, work, d, e.source(), e.target(), domainOnTarget);
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

    private static Object blobPayload(Work work, Dispatch d, Endpoints e) {
        BlobStoreEndpoint source = required(e.sourceBlobs(), e.source(), "blob store");
        BlobStoreEndpoint target = required(e.targetBlobs(), e.target(), "blob store");
        return switch (d.step()) {
            case PREFLIGHT -> new CheckBlobs(source, target, e.source());
            case STATS -> new PlanBlobs(source, e.source(), BLOB_PAGE_KEYS);
            case BLOB_COPY -> CopyBlobPage.newBuilder().setSource(source).setTarget(target)
                    .setPage(Work.pageOf(d.task()))
                    .setKeys(d.task().equals(Work.BLOB_REPAIR) ? work.blobRepair() : List.of()).build();
            case VERIFY -> new VerifyBlobs(source, target);
            case UNLOAD -> new DeleteCopiedBlobs(target);
            default -> throw new IllegalArgumentException("no blob command for step " + d.step());
        };
    }

    private static Object dnsPayload(Dispatch d, Endpoints e) {
        DnsEndpoint from = required(e.sourceDns(), e.source(), "DNS record");
        DnsEndpoint to = required(e.targetDns(), e.target(), "DNS record");
        return switch (d.step()) {
            case PREFLIGHT -> new CheckDns(from, to);
            case DNS_PREPARE -> new LowerDnsTtl(from, from.getAddress());
            case DNS_CUTOVER -> new SwitchDns(from, from.getAddress(), to.getAddress());
            case DNS_ROLLBACK -> new SwitchDns(from, to.getAddress(), from.getAddress());
            default -> throw new IllegalArgumentException("no DNS command for step " + d.step());
        };
    }

    private static Object rowsPayload(Migration m, MigrationOptions options, Work work, Dispatch d,
                                      DatabaseEndpoint source, DatabaseEndpoint target, String domainOnTarget) {
        return switch (d.step()) {
            case PREFLIGHT -> new RunPreflight(source, target, options.copyMissingGlobals(), options.newName());
            case FREEZE -> new FreezeDomain(source, true, options.freezeWebhook());
            case UNFREEZE -> new FreezeDomain(source, false, options.freezeWebhook());
            case STATS -> new TakeStats(source, options.include(), options.exclude(), options.chunkRows());
            case DUMP -> d.task().equals(Work.MANIFEST)
                    ? new SealDump(work.chunks().stream().map(c -> new DumpedChunk(ref(c), c.bytes(), c.sha256())).toList())
                    : new DumpChunk(source, ref(chunk(work, d.task())));
            case LOAD -> {
                if (d.task().equals(Work.SEQUENCES)) {
                    yield new AdvanceSequences(target);
                }
                if (d.task().startsWith(Work.REDUMP)) {
                    yield new DumpChunk(source, ref(chunk(work, d.task().substring(Work.REDUMP.length()))));
                }
                yield new LoadChunk(target, ref(chunk(work, d.task())), options.newName());
            }
            // a model checked alongside LOAD is its task; the whole-domain task checks the models left
            case VERIFY -> new VerifyDomain(source, target, options.newName(),
                    d.task().isEmpty() ? work.modelsToVerify() : List.of(d.task()));
            case UNLOAD -> new DeleteDomainRows(target, domainOnTarget, work.loadedModels(), null);
            // only what LOAD loaded and VERIFY checked: a model the object filter left out exists nowhere else
            case CLEANUP -> new DeleteDomainRows(source, m.domain(), work.loadedModels(), options.freezeWebhook());
            default -> throw new IllegalArgumentException("no command on rows for step " + d.step());
        };
    }

    private static Chunk chunk(Work work, String task) {
        return work.chunk(task).orElseThrow(() -> new IllegalStateException("no chunk " + task + " in the plan"));
    }

    private static ChunkRef ref(Chunk c) {
        return new ChunkRef(c.model(), c.index(), c.keyColumn(), c.lo(), c.hi(), c.rows(), c.level(), c.after());
    }

    private static <T> T required(T part, DatabaseEndpoint env, String what) {
        if (part == null) {
            throw new IllegalStateException("environment " + env.getEnvironment() + " has no " + what);
        }
        return part;
    }

    private static BlobStoreEndpoint blobs(Environment e) {
        StoredBlobStore b = EnvironmentParts.blobStore(e).orElse(null);
        if (b == null) {
            return null;
        }
        return BlobStoreEndpoint.newBuilder().setEnvironment(e.name()).setKind(b.kind()).setPath(b.path())
                .setEndpoint(b.endpoint()).setRegion(b.region()).setBucket(b.bucket()).setPrefix(b.prefix())
                .setPathStyle(b.pathStyle()).setAccessKeyId(b.accessKeyId()).setSealedSecretKey(b.sealedSecretKey())
                .setListQuery(b.listQuery()).setListPrefix(b.listPrefix()).build();
    }

    private static DnsEndpoint dns(Environment e, String domain) {
        StoredDns d = EnvironmentParts.dns(e).orElse(null);
        return d == null ? null : new DnsEndpoint(e.name(), d.server(), d.port(), d.zone(), d.recordOf(domain), d.address(), d.keyName(),
                d.keyAlgorithm(), d.sealedKeySecret(), d.ttl());
    }

    private static DatabaseEndpoint endpoint(Environment e) {
        return new DatabaseEndpoint(e.name(), e.jdbcUrl(), e.dbUser(), e.sealedPassword(), e.tenantColumn(),
                e.declarations());
    }
}
