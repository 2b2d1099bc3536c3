package relocate.dumper.command;

import jakarta.inject.Named;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.store.ArtifactStore;
import relocate.catalog.DomainCatalog;
import relocate.catalog.Tenancy;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.connect.DatabaseConnector;
import relocate.catalog.connect.DatabaseFailure;
import relocate.catalog.rows.DomainRowsFailure;
import relocate.catalog.selection.ModelFilter;
import relocate.catalog.stats.ModelStats;
import relocate.dumper.chunk.ChunkDump;
import relocate.dumper.chunk.ChunkDumpFailure;
import relocate.dumper.chunk.ChunkExport;
import relocate.dumper.cleanup.SourceCleanup;
import relocate.dumper.freeze.Freeze;
import relocate.dumper.freeze.FreezeFailure;
import relocate.dumper.freeze.WebhookFreeze;
import relocate.dumper.manifest.ManifestSeal;
import relocate.dumper.plan.DumpPlan;
import relocate.dumper.plan.PlanRejected;
import relocate.dumper.preflight.Preflight;
import relocate.messaging.command.CommandService;
import relocate.messaging.command.ProgressReporter;
import relocate.messaging.command.RetryPolicy;
import relocate.messaging.command.StepFailure;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.secret.SecretBox;
import relocate.schemas.ChunkRef;
import relocate.schemas.Command;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.DeleteDomainRows;
import relocate.schemas.DumpChunk;
import relocate.schemas.DumpedChunk;
import relocate.schemas.FreezeDomain;
import relocate.schemas.ModelStat;
import relocate.schemas.PreflightReport;
import relocate.schemas.RunPreflight;
import relocate.schemas.SealDump;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.TakeStats;
import relocate.schemas.topic.Topics;

/**
 * The dumper's listener on relocate.cmd.dump: decodes a command and calls the work function for it.
 * Everything it does is on the source: preflight, freeze, stats and plan, chunks, manifest, cleanup.
 */
// one classpath runs any role: relocate.dumper.enabled=false turns this one off in a process
@Singleton
@Requires(property = "relocate.dumper.enabled", notEquals = "false")
public class DumperCommands extends CommandService {
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(30);

    private final ArtifactStore store;

    public DumperCommands(KafkaConfig config, Serdes serdes, Publisher publisher, RetryPolicy retry, SecretBox secrets,
                          ArtifactStore store, @Named("worker-id") String workerId,
                          @Value("${relocate.dumper.workers:2}") int workers) {
        super("dumper", Topics.CMD_DUMP, config, serdes, publisher, retry, secrets, workerId, workers);
        this.store = store;
    }

    @Override
    public Object handle(Command command, ProgressReporter progress) throws Exception {
        Object payload = command.getPayload();
        try {
            if (payload instanceof RunPreflight run) {
                return preflight(command, run);
            }
            if (payload instanceof FreezeDomain freeze) {
                return freeze(command, freeze);
            }
            if (payload instanceof TakeStats stats) {
                return stats(command, stats);
            }
            if (payload instanceof DumpChunk dump) {
                return dump(command, dump);
            }
            if (payload instanceof SealDump seal) {
                return seal(command, seal);
            }
            if (payload instanceof DeleteDomainRows cleanup) {
                return cleanup(command, cleanup);
            }
        } catch (DatabaseFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (FreezeFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (ChunkDumpFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (DomainRowsFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (PlanRejected | IllegalArgumentException f) {
            throw new StepFailure(f.getMessage(), false, f);
        }
        throw unsupported(payload);
    }

    private Object preflight(Command command, RunPreflight run) throws Exception {
        DatabaseEndpoint source = run.getSource();
        DatabaseEndpoint target = run.getTarget();
        try (Connection s = open(source, "source"); Connection t = open(target, "target")) {
            PreflightReport report = Preflight.check(s, t, command.getDomain(), source.getTenantColumn(),
                    source.getEnvironment(), target.getEnvironment(), new Preflight.Options(tenancy(source).declarations(),
                            run.getNewName(), run.getCopyMissingGlobals()));
            if (report.getProblems().isEmpty()) {
                return StepCompleted.newBuilder().setPreflight(report).build();
            }
            String reason = report.getProblems().size() == 1 ? report.getProblems().get(0).getMessage()
                    : report.getProblems().size() + " problems: " + String.join("; ",
                    report.getProblems().stream().map(p -> p.getMessage()).toList());
            return StepFailed.newBuilder().setReason(reason).setRetryable(false).setPreflight(report).build();
        }
    }

    private Object freeze(Command command, FreezeDomain freeze) throws SQLException {
        String domain = command.getDomain();
        if (freeze.getSealedWebhookUrl() != null) {
            URI url = WebhookFreeze.parseUrl(unseal(freeze.getSealedWebhookUrl()));
            if (freeze.getFreeze()) {
                WebhookFreeze.freeze(url, domain, command.getMigrationId(), WEBHOOK_TIMEOUT);
            } else {
                WebhookFreeze.unfreeze(url, domain, command.getMigrationId(), WEBHOOK_TIMEOUT);
            }
            return StepCompleted.newBuilder().build();
        }
        try (Connection source = open(freeze.getSource(), "source")) {
            List<TableName> guarded = freeze.getFreeze()
                    ? Freeze.install(source, DomainCatalog.read(source, tenancy(freeze.getSource())), domain,
                    command.getMigrationId())
                    : Freeze.remove(source, command.getMigrationId());
            return StepCompleted.newBuilder().setRows(guarded.size()).build();
        }
    }

    private Object stats(Command command, TakeStats take) throws SQLException, IOException {
        ModelFilter filter = ModelFilter.parse(take.getInclude(), take.getExclude(), null);
        DumpPlan plan;
        try (Connection source = open(take.getSource(), "source")) {
            plan = DumpPlan.take(source, command.getMigrationId(), command.getDomain(),
                    take.getSource().getEnvironment(), tenancy(take.getSource()), filter, take.getChunkRows());
        }
        plan.store(store);
        List<ModelStat> stats = plan.plan().sourceStats().stream().map(DumperCommands::stat).toList();
        List<ChunkRef> chunks = plan.chunks().stream().map(c -> ref(c.range(), c.rows(), c.loadLevel(),
                c.loadAfter().stream().map(TableName::toString).toList())).toList();
        return StepCompleted.newBuilder().setStats(stats).setChunks(chunks)
                .setRows(stats.stream().mapToLong(ModelStat::getRows).sum()).build();
    }

    private Object dump(Command command, DumpChunk dump) throws SQLException, IOException {
        ChunkRange range = range(dump.getChunk());
        ChunkDump written;
        try (Connection source = open(dump.getSource(), "source")) {
            written = ChunkExport.export(source, store, DumpPlan.read(store, command.getMigrationId()), range,
                    tenancy(dump.getSource()));
        }
        return StepCompleted.newBuilder().setChunks(List.of(ref(range, written.rows()))).setRows(written.rows())
                .setBytes(written.bytes()).setSha256(written.sha256()).build();
    }

    private Object seal(Command command, SealDump seal) throws IOException {
        List<ManifestChunk> chunks = seal.getChunks().stream().map(DumperCommands::manifestChunk).toList();
        ManifestSeal.seal(store, command.getMigrationId(), chunks);
        return StepCompleted.newBuilder().setRows(chunks.stream().mapToLong(ManifestChunk::rows).sum())
                .setBytes(chunks.stream().mapToLong(ManifestChunk::bytes).sum()).build();
    }

    private Object cleanup(Command command, DeleteDomainRows cleanup) throws SQLException {
        Map<TableName, Long> deleted;
        try (Connection source = open(cleanup.getDatabase(), "source")) {
            deleted = SourceCleanup.deleteRows(source, tenancy(cleanup.getDatabase()), cleanup.getDomain(),
                    command.getMigrationId(), cleanup.getModels());
            if (cleanup.getSealedWebhookUrl() == null) {
                Freeze.remove(source, command.getMigrationId());
            }
        }
        if (cleanup.getSealedWebhookUrl() != null) {
            WebhookFreeze.unfreeze(WebhookFreeze.parseUrl(unseal(cleanup.getSealedWebhookUrl())),
                    command.getDomain(), command.getMigrationId(), WEBHOOK_TIMEOUT);
        }
        return StepCompleted.newBuilder().setRows(deleted.values().stream().mapToLong(Long::longValue).sum()).build();
    }

    private static ModelStat stat(ModelStats s) {
        return new ModelStat(s.model().toString(), s.rows(), s.checksum());
    }

    static ChunkRange range(ChunkRef r) {
        return new ChunkRange(TableName.parse(r.getModel()), r.getIndex(), r.getKeyColumn(), r.getLo(), r.getHi());
    }

    static ChunkRef ref(ChunkRange r, long rows) {
        return ref(r, rows, null, null);
    }

    static ChunkRef ref(ChunkRange r, long rows, Integer loadLevel, List<String> loadAfter) {
        return new ChunkRef(r.model().toString(), r.index(), r.keyColumn(), r.lo(), r.hi(), rows, loadLevel, loadAfter);
    }

    private static ManifestChunk manifestChunk(DumpedChunk d) {
        return ManifestChunk.of(range(d.getChunk()), d.getChunk().getRows(), d.getBytes(), d.getSha256());
    }

    private static Tenancy tenancy(DatabaseEndpoint e) {
        return Tenancy.of(e.getTenantColumn(), e.getDeclarations());
    }

    private Connection open(DatabaseEndpoint e, String role) {
        return DatabaseConnector.open(e.getEnvironment(), e.getJdbcUrl(), e.getUser(), password(e), role);
    }
}
