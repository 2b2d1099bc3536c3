package relocate.loader.load;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestModel;
import relocate.artifacts.store.ArtifactStore;
import relocate.artifacts.verify.VerifyingInputStream;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Tenancy;
import relocate.catalog.Model;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.compat.ColumnCompatibility;
import relocate.catalog.compat.ColumnDifference;
import java.util.List;
import relocate.loader.copy.ChunkLoadFailure;
import relocate.loader.copy.ChunkLoader;
import relocate.loader.copy.ForwardReferences;

/**
 * LOAD of one chunk from the artifact store, as the manifest describes it: the file is checked against
 * its SHA-256 and size as it streams (a damaged file fails the load before commit), and loaded with the
 * source's columns (the manifest's) and the target's selection of the domain's rows.
 */
public final class ChunkImport {

    private ChunkImport() {
    }

    /**
     * @param domain         the domain's name on the target
     * @param targetTenancy  how the target tells its domains apart
     * @return rows loaded
     * @throws ChunkLoadFailure when the target refuses the chunk; its cause is a {@code ChunkCorrupted} when
     *                          the file does not match the manifest
     * @throws IOException      when the chunk's file cannot be opened (an {@code ArtifactMissing} when absent)
     */
    public static long load(Connection target, ArtifactStore store, Manifest manifest, ChunkRange range, String domain,
                            Tenancy targetTenancy) throws SQLException, IOException {
        ManifestChunk chunk = manifest.chunk(range.model(), range.index()).orElseThrow(() ->
                new IllegalArgumentException("chunk " + range.describe() + " is not in the manifest of migration "
                        + manifest.migrationId()));
        ManifestModel dumped = manifest.model(range.model()).orElseThrow();
        DomainModel targetModel = DomainCatalog.read(target, targetTenancy);
        Model onTarget = targetModel.model(range.model()).orElseThrow(() ->
                new IllegalArgumentException("table " + range.model() + " is not a model of the domain on the target "
                        + "(tenant column '" + targetTenancy.tenantColumn() + "'): was it dropped or changed since preflight?"));
        List<ColumnDifference> changed = ColumnCompatibility.compare(dumped.asTable(), onTarget.table());
        if (!changed.isEmpty()) {
            throw new IllegalArgumentException("table " + range.model() + " on the target no longer fits the dumped "
                    + "rows (changed since preflight?): " + String.join("; ", changed.stream()
                    .map(ColumnDifference::describe).toList()) + ". Change it back and retry (relocate retry), or abort");
        }
        Model model = new Model(dumped.asTable(), onTarget.selection());
        ForwardReferences.Plan references = ForwardReferences.of(targetModel, onTarget.table());
        if (!references.isEmpty() && !ForwardReferences.ensureLedger(target)) {
            references = ForwardReferences.Plan.NONE;
        }
        try (VerifyingInputStream in = VerifyingInputStream.open(store, manifest.migrationId(), chunk)) {
            return ChunkLoader.load(target, model, domain, manifest.domain(), chunk.range(), in, chunk.rows(), references);
        }
    }
}
