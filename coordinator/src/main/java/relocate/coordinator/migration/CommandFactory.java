package relocate.coordinator.migration;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;
import relocate.coordinator.environment.Environment;
import relocate.coordinator.workflow.Chunk;
import relocate.coordinator.workflow.Effect.Dispatch;
import relocate.coordinator.workflow.Work;
import relocate.schemas.AdvanceSequences;
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
 * to: the dumper works on the source (preflight, freeze, stats, dump, cleanup), the loader on the target.
 */
@Singleton
public class CommandFactory {

    public String topicOf(Dispatch d) {
        return switch (d.step()) {
            case PREFLIGHT, FREEZE, STATS, DUMP, UNFREEZE, CLEANUP -> Topics.CMD_DUMP;
            case LOAD -> d.task().startsWith(Work.REDUMP) ? Topics.CMD_DUMP : Topics.CMD_LOAD;
            case VERIFY, UNLOAD -> Topics.CMD_LOAD;
            case COMMIT, UNKNOWN -> throw new IllegalArgumentException("no service runs step " + d.step());
        };
    }

    public Command command(Migration m, MigrationOptions options, Work work, Dispatch d, Environment source,
                           Environment target) {
        String domainOnTarget = options.newName() == null ? m.domain() : options.newName();
        Object payload = switch (d.step()) {
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
            case COMMIT, UNKNOWN -> throw new IllegalArgumentException("no command for step " + d.step());
        };
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

    private static Chunk chunk(Work work, String task) {
        return work.chunk(task).orElseThrow(() -> new IllegalStateException("no chunk " + task + " in the plan"));
    }

    private static ChunkRef ref(Chunk c) {
        return new ChunkRef(c.model(), c.index(), c.keyColumn(), c.lo(), c.hi(), c.rows());
    }

    private static DatabaseEndpoint endpoint(Environment e) {
        return new DatabaseEndpoint(e.name(), e.jdbcUrl(), e.dbUser(), e.sealedPassword(), e.tenantColumn());
    }
}
