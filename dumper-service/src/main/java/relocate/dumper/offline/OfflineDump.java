package relocate.dumper.offline;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import relocate.artifacts.archive.Archive;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.store.ArtifactStore;
import relocate.catalog.DomainCatalog;
import relocate.catalog.Tenancy;
import relocate.catalog.DomainModel;
import relocate.catalog.connect.ReadOnlyTransaction;
import relocate.catalog.selection.ModelFilter;
import relocate.dumper.chunk.ChunkDump;
import relocate.dumper.chunk.ChunkExport;
import relocate.dumper.manifest.ManifestSeal;
import relocate.dumper.plan.DumpPlan;
import relocate.dumper.plan.PlanRejected;

/**
 * {@code relocate dump}: a domain's rows into one archive (manifest and chunks), for a target that cannot
 * reach the source. Plan, stats and every chunk are read on ONE snapshot, so the archive is consistent
 * even while the application writes; what is written after the snapshot is not in it (freeze the domain
 * in the application first when that matters). The archive is checked and loaded by {@code relocate load}.
 */
public final class OfflineDump {

    private OfflineDump() {
    }

    /** Progress, once per chunk. */
    @FunctionalInterface
    public interface Listener {
        void chunkDumped(ManifestChunk chunk, int done, int total);
    }

    /**
     * @param staging an empty store the chunks are written to before they are packed
     * @return the archive's manifest
     * @throws PlanRejected when the filter selects no model or leaves a model without its parents
     */
    public static Manifest dump(Connection source, String domain, String sourceEnvironment, Tenancy tenancy,
                                ModelFilter filter, long chunkRows, ArtifactStore staging, OutputStream archive,
                                Listener listener) throws SQLException, IOException {
        String id = "offline-" + UUID.randomUUID();
        List<ManifestChunk> chunks = ReadOnlyTransaction.run(source, connection -> {
            DumpPlan plan = DumpPlan.takeIn(connection, id, domain, sourceEnvironment, tenancy, filter, chunkRows);
            if (plan.plan().sourceStats().stream().allMatch(s -> s.rows() == 0)) {
                throw new PlanRejected("domain '" + domain + "' has no rows on " + sourceEnvironment
                        + " (tenant column '" + tenancy.tenantColumn() + "'): check the domain's name");
            }
            try {
                plan.store(staging);
            } catch (IOException e) {
                throw new SQLException("cannot write the plan to " + staging.location() + ": " + e.getMessage(), e);
            }
            List<ManifestChunk> written = new ArrayList<>();
            DomainModel catalog = DomainCatalog.read(connection, tenancy);
            for (DumpPlan.PlannedChunk planned : plan.chunks()) {
                ChunkDump d = ChunkExport.exportIn(connection, catalog, staging, plan.plan(), planned.range());
                written.add(ManifestChunk.of(planned.range(), d.rows(), d.bytes(), d.sha256()));
                listener.chunkDumped(written.get(written.size() - 1), written.size(), plan.chunks().size());
            }
            return written;
        });
        Manifest manifest = ManifestSeal.seal(staging, id, chunks);
        Archive.pack(staging, id, archive);
        return manifest;
    }
}
