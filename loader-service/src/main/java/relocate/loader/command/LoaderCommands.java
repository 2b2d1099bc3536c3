package relocate.loader.command;

import jakarta.inject.Named;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.store.ArtifactMissing;
import relocate.artifacts.store.ArtifactStore;
import relocate.artifacts.verify.ChunkCorrupted;
import relocate.artifacts.verify.VerifyingInputStream;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Tenancy;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.connect.DatabaseConnector;
import relocate.catalog.connect.DatabaseFailure;
import relocate.catalog.rows.DomainRows;
import relocate.catalog.rows.DomainRowsFailure;
import relocate.loader.bulk.DeferredConstraints;
import relocate.loader.bulk.LoadedTables;
import relocate.loader.copy.ChunkLoadFailure;
import relocate.loader.copy.ForwardReferences;
import relocate.loader.load.ChunkImport;
import relocate.loader.sequence.SequenceAdvance;
import relocate.loader.sequence.SequenceFailure;
import relocate.loader.sequence.Sequences;
import relocate.loader.verify.ModelMismatch;
import relocate.loader.verify.TargetVerification;
import relocate.loader.verify.VerifyReport;
import relocate.messaging.command.CommandService;
import relocate.messaging.command.ProgressReporter;
import relocate.messaging.command.RetryPolicy;
import relocate.messaging.command.StepFailure;
import relocate.messaging.kafka.KafkaConfig;
import relocate.messaging.kafka.Publisher;
import relocate.messaging.kafka.Serdes;
import relocate.messaging.secret.SecretBox;
import relocate.schemas.AdvanceSequences;
import relocate.schemas.ChunkRef;
import relocate.schemas.Command;
import relocate.schemas.DatabaseEndpoint;
import relocate.schemas.DeleteDomainRows;
import relocate.schemas.LoadChunk;
import relocate.schemas.ModelMismatchInfo;
import relocate.schemas.ModelStat;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.VerifyDomain;
import relocate.schemas.failure.FailureCodes;
import relocate.schemas.topic.Topics;

/**
 * The loader's listener on relocate.cmd.load: LOAD (a chunk, then the sequences), VERIFY, and UNLOAD
 * (the undo of LOAD on abort, and a rehearsal's end). Everything it writes is on the target.
 */
// one classpath runs any role: relocate.loader.enabled=false turns this one off in a process
@Singleton
@Requires(property = "relocate.loader.enabled", notEquals = "false")
public class LoaderCommands extends CommandService {

    private final ArtifactStore store;

    public LoaderCommands(KafkaConfig config, Serdes serdes, Publisher publisher, RetryPolicy retry, SecretBox secrets,
                          ArtifactStore store, @Named("worker-id") String workerId,
                          @Value("${relocate.loader.workers:2}") int workers) {
        super("loader", Topics.CMD_LOAD, config, serdes, publisher, retry, secrets, workerId, workers);
        this.store = store;
    }

    @Override
    public Object handle(Command command, ProgressReporter progress) throws Exception {
        Object payload = command.getPayload();
        try {
            if (payload instanceof LoadChunk load) {
                return load(command, load);
            }
            if (payload instanceof AdvanceSequences sequences) {
                return sequences(command, sequences);
            }
            if (payload instanceof VerifyDomain verify) {
                return verify(command, verify);
            }
            if (payload instanceof DeleteDomainRows unload) {
                return unload(command.getMigrationId(), unload);
            }
        } catch (DatabaseFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (DomainRowsFailure f) {
            throw new StepFailure(f.getMessage(), f.retryable(), f);
        } catch (SequenceFailure | IllegalArgumentException f) {
            throw new StepFailure(f.getMessage(), false, f);
        }
        throw unsupported(payload);
    }

    private Object load(Command command, LoadChunk load) throws SQLException, IOException {
        Manifest manifest = manifest(command.getMigrationId());
        ChunkRef ref = load.getChunk();
        ChunkRange range = new ChunkRange(TableName.parse(ref.getModel()), ref.getIndex(), ref.getKeyColumn(),
                ref.getLo(), ref.getHi());
        String domain = load.getNewName() == null ? command.getDomain() : load.getNewName();
        long rows;
        try (Connection target = open(load.getTarget(), "target")) {
            DeferredConstraints.deferIfFresh(target, command.getMigrationId(), range.model(),
                    load.getTarget().getTenantColumn());
            rows = ChunkImport.load(target, store, manifest, range, domain, tenancy(load.getTarget()));
        } catch (ArtifactMissing e) {
            return unusable(FailureCodes.CHUNK_MISSING, "chunk " + range.describe() + " is missing from the artifact store: "
                    + e.getMessage());
        } catch (ChunkLoadFailure | ChunkCorrupted e) {
            // a damaged file can fail the COPY before its hash is checked at the end: check it now
            String corrupted = corruption(manifest, range);
            if (corrupted != null) {
                return unusable(FailureCodes.CHUNK_CORRUPTED, corrupted);
            }
            if (e instanceof ChunkLoadFailure f) {
                throw new StepFailure(f.getMessage(), f.reason() == ChunkLoadFailure.Reason.DATA_UNREADABLE
                        || f.reason() == ChunkLoadFailure.Reason.DATABASE_ERROR, f);
            }
            throw e;
        }
        return StepCompleted.newBuilder().setRows(rows)
                .setChunks(List.of(ChunkRef.newBuilder(ref).setRows(rows).build())).build();
    }

    private static StepFailed unusable(String code, String reason) {
        return StepFailed.newBuilder().setReason(reason + "; nothing was loaded: the chunk is dumped again")
                .setRetryable(true).setCode(code).build();
    }

    /** What is wrong with the chunk's file, or null when it matches the manifest. */
    private String corruption(Manifest manifest, ChunkRange range) {
        ManifestChunk chunk = manifest.chunk(range.model(), range.index()).orElseThrow();
        try (InputStream in = VerifyingInputStream.open(store, manifest.migrationId(), chunk)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return null;
        } catch (ChunkCorrupted e) {
            return e.getMessage();
        } catch (IOException e) {
            return "chunk " + range.describe() + " cannot be read from the artifact store: " + e.getMessage();
        }
    }

    private Object sequences(Command command, AdvanceSequences advance) throws SQLException {
        try (Connection target = open(advance.getTarget(), "target")) {
            // the fast path's indexes and foreign keys, built once over every loaded row
            try {
                DeferredConstraints.restore(target, command.getMigrationId());
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    // rows break a foreign key: trying again changes nothing until someone fixes them
                    throw new StepFailure(e.getMessage(), false, e);
                }
                throw e;
            }
            DomainModel model = DomainCatalog.read(target, tenancy(advance.getTarget()));
            LoadedTables.analyze(target, model);
            List<SequenceAdvance> moved = Sequences.advance(target, model);
            return StepCompleted.newBuilder().setRows(moved.size()).build();
        }
    }

    private Object verify(Command command, VerifyDomain verify) throws SQLException, IOException {
        Manifest manifest = manifest(command.getMigrationId());
        String domain = verify.getNewName() == null ? command.getDomain() : verify.getNewName();
        VerifyReport report;
        try (Connection target = open(verify.getTarget(), "target");
             Connection source = open(verify.getSource(), "source")) {
            report = TargetVerification.verify(target, source, manifest, verify.getModels(), domain,
                    tenancy(verify.getTarget()), tenancy(verify.getSource()));
        }
        relocate.schemas.VerifyReport event = event(report, manifest);
        if (report.isClean()) {
            return StepCompleted.newBuilder().setVerify(event)
                    .setRows(event.getTarget().stream().mapToLong(ModelStat::getRows).sum()).build();
        }
        return StepFailed.newBuilder().setReason("the target differs from the source: " + report.describe()
                        + (event.getMismatches().stream().anyMatch(m -> !m.getChunks().isEmpty())
                        ? "; retry to re-load the differing chunks (relocate retry), or abort" : "; abort the migration"))
                .setRetryable(false).setVerify(event).build();
    }

    private Object unload(String migrationId, DeleteDomainRows unload) throws SQLException {
        try (Connection target = open(unload.getDatabase(), "target")) {
            DomainModel all = DomainCatalog.read(target, tenancy(unload.getDatabase()));
            DomainModel selected = unload.getModels().isEmpty() ? all
                    : all.restrictedTo(m -> unload.getModels().contains(m.toString()));
            Map<TableName, Long> deleted = DomainRows.delete(target, selected, unload.getDomain());
            ForwardReferences.forgetDeleted(target, selected);
            // an abort during LOAD: what the fast path deferred comes back, over what other rows there are
            DeferredConstraints.restore(target, migrationId);
            return StepCompleted.newBuilder().setRows(deleted.values().stream().mapToLong(Long::longValue).sum()).build();
        }
    }

    private static relocate.schemas.VerifyReport event(VerifyReport report, Manifest manifest) {
        List<ModelMismatchInfo> mismatches = new java.util.ArrayList<>();
        for (ModelMismatch m : report.mismatches()) {
            mismatches.add(new ModelMismatchInfo(m.model().toString(), m.describe(), m.differingChunks().stream()
                    .map(c -> new ChunkRef(c.model().toString(), c.index(), c.keyColumn(), c.lo(), c.hi(),
                            manifest.chunk(c.model(), c.index()).map(ManifestChunk::rows).orElse(-1L), null, null)).toList()));
        }
        report.missingOnTarget().forEach(s -> mismatches.add(new ModelMismatchInfo(s.model().toString(),
                s.model() + ": " + s.rows() + " rows on the source, the model is missing on the target", List.of())));
        List<ModelStat> target = new java.util.ArrayList<>();
        report.matching().forEach(t -> manifest.sourceStats(t).ifPresent(s ->
                target.add(new ModelStat(t.toString(), s.rows(), s.checksum()))));
        report.mismatches().forEach(m -> target.add(new ModelStat(m.model().toString(), m.targetRows(),
                m.targetChecksum())));
        return new relocate.schemas.VerifyReport(target, mismatches);
    }

    private Manifest manifest(String migrationId) throws IOException {
        return ManifestJson.read(store, migrationId);
    }

    private static Tenancy tenancy(DatabaseEndpoint e) {
        return Tenancy.of(e.getTenantColumn(), e.getDeclarations());
    }

    private Connection open(DatabaseEndpoint e, String role) {
        return DatabaseConnector.open(e.getEnvironment(), e.getJdbcUrl(), e.getUser(), password(e), role);
    }
}
