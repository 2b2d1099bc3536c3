package relocate.dumper.plan;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.manifest.ManifestModel;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.ArtifactStore;
import relocate.catalog.DomainCatalog;
import relocate.catalog.Tenancy;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.connect.ReadOnlyTransaction;
import relocate.catalog.selection.FilterCheck;
import relocate.catalog.selection.TenantValue;
import relocate.catalog.selection.ModelFilter;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;
import relocate.dumper.chunk.ChunkPlanner;

/**
 * STATS: on one snapshot of the (frozen) source, the selected models with their columns, each model's
 * row count and checksum, and its chunks. Kept in the artifact store as {@value ArtifactNames#PLAN} (a manifest with
 * no chunk files yet), from which every chunk is dumped and the final manifest is sealed.
 *
 * @param plan   the models in load order and the source's stats; no chunks
 * @param chunks the planned chunks, in load order of their models, then by index
 */
public record DumpPlan(Manifest plan, List<PlannedChunk> chunks) {

    /**
     * A chunk to dump, with its model's level in load order ({@link DomainModel#loadLevels}) and the models it
     * loads after ({@link DomainModel#loadAfter}).
     */
    public record PlannedChunk(ChunkRange range, long rows, int loadLevel, List<TableName> loadAfter) {
        public PlannedChunk {
            loadAfter = List.copyOf(loadAfter);
        }
    }

    /**
     * Takes the plan in a read-only snapshot of its own.
     *
     * @throws PlanRejected when the filter leaves a model without its parents, or selects nothing
     */
    public static DumpPlan take(Connection source, String migrationId, String domain, String sourceEnvironment,
                                Tenancy tenancy, ModelFilter filter, long chunkRows) throws SQLException {
        return ReadOnlyTransaction.run(source, connection -> takeIn(connection, migrationId, domain, sourceEnvironment,
                tenancy, filter, chunkRows));
    }

    /** Takes the plan in the caller's transaction (an offline dump plans and dumps on one snapshot). */
    public static DumpPlan takeIn(Connection connection, String migrationId, String domain, String sourceEnvironment,
                                  Tenancy tenancy, ModelFilter filter, long chunkRows) throws SQLException {
        DomainModel all = DomainCatalog.read(connection, tenancy);
        List<String> problems = FilterCheck.problems(all, filter::dumps);
        if (!problems.isEmpty()) {
            throw new PlanRejected(String.join("; ", problems));
        }
        DomainModel selected = all.restrictedTo(filter::dumps);
        try {
            TenantValue.check(connection, selected, domain, "source '" + sourceEnvironment + "'");
        } catch (TenantValue.Invalid invalid) {
            throw new PlanRejected(invalid.getMessage());
        }
        Map<TableName, ModelStats> stats = DomainStats.of(connection, selected, domain);
        List<PlannedChunk> chunks = new ArrayList<>();
        Map<TableName, Integer> levels = selected.loadLevels();
        for (Model model : selected.models()) {
            List<ChunkRange> ranges = ChunkPlanner.plan(connection, model, domain, chunkRows);
            long total = stats.get(model.name()).rows();
            List<TableName> after = selected.loadAfter(model.name());
            for (ChunkRange range : ranges) {
                boolean last = range.index() == ranges.size() - 1;
                chunks.add(new PlannedChunk(range, last ? total - chunkRows * (ranges.size() - 1) : chunkRows,
                        levels.get(model.name()), after));
            }
        }
        Manifest plan = Manifest.of(migrationId, domain, sourceEnvironment, Instant.now(), tenancy.tenantColumn(),
                selected.models().stream().map(ManifestModel::of).toList(), List.of(),
                List.copyOf(stats.values()));
        return new DumpPlan(plan, chunks);
    }

    /** Stores the plan for the dumpers (replacing an earlier attempt's). */
    public void store(ArtifactStore store) throws IOException {
        ArtifactOutputStream out = store.create(plan.migrationId(), ArtifactNames.PLAN);
        try {
            ManifestJson.write(plan, out);
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        out.close();
    }

    /** The plan STATS stored for a migration. */
    public static Manifest read(ArtifactStore store, String migrationId) throws IOException {
        return ManifestJson.readPlan(store, migrationId);
    }
}
