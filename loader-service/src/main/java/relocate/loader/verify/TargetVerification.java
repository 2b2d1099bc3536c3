package relocate.loader.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestModel;
import relocate.catalog.Column;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Tenancy;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.ModelStats;
import relocate.catalog.stats.RowChecksum;
import relocate.loader.bulk.LoadedTables;

/**
 * VERIFY: the target's count and checksum of each loaded model (over the source's columns, with the
 * domain's source name as canonical tenant) against the source's stats in the manifest; for a model that
 * differs, the chunks that differ, found by comparing chunk by chunk with the (frozen) source.
 */
public final class TargetVerification {

    private TargetVerification() {
    }

    /**
     * @param models the models to verify ({@code schema.table}); empty: every model of the manifest
     * @param target the target, in auto-commit mode: the stale tables the checks read are analyzed first
     * @param source the source, to narrow a mismatch to chunks; null to skip narrowing
     */
    public static VerifyReport verify(Connection target, Connection source, Manifest manifest, List<String> models,
                                      String domain, Tenancy targetTenancy, Tenancy sourceTenancy) throws SQLException {
        DomainModel targetModel = DomainCatalog.read(target, targetTenancy);
        List<ManifestModel> checked = manifest.models().stream()
                .filter(dumped -> models.isEmpty() || models.contains(dumped.table().toString())).toList();
        // planned on statistics from before the load, a domain that is most of a table looks absent from it, and its
        // check reads it serially through the tenant column's index instead of in parallel over the table
        Set<TableName> read = new LinkedHashSet<>();
        checked.forEach(dumped -> targetModel.model(dumped.table())
                .ifPresent(onTarget -> read.addAll(onTarget.selection().requiredColumns().keySet())));
        LoadedTables.analyzeStale(target, read);
        Map<TableName, ModelStats> expected = new LinkedHashMap<>();
        Map<TableName, ModelStats> actual = new LinkedHashMap<>();
        for (ManifestModel dumped : checked) {
            manifest.sourceStats(dumped.table()).ifPresent(s -> expected.put(s.model(), s));
            targetModel.model(dumped.table()).ifPresent(onTarget ->
                    actual.put(dumped.table(), stats(target, onTarget, dumped, domain, manifest.domain())));
        }
        VerifyReport report = Verification.compare(expected, actual);
        if (report.isClean() || source == null) {
            return report;
        }
        DomainModel sourceModel = DomainCatalog.read(source, sourceTenancy);
        for (TableName model : report.mismatchedModels()) {
            List<ChunkRange> chunks = manifest.chunksOf(model).stream().map(ManifestChunk::range).toList();
            report = report.withDifferingChunks(model, Verification.narrow(source, target, sourceModel, targetModel,
                    model, domain, manifest.domain(), chunks));
        }
        return report;
    }

    private static ModelStats stats(Connection target, Model onTarget, ManifestModel dumped,
                                    String domain, String canonicalTenant) {
        try {
            return RowChecksum.of(onTarget)
                    .overColumns(dumped.columns().stream().map(Column::name).toList())
                    .compute(target, domain, canonicalTenant);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute the stats of " + dumped.table() + " on the target: "
                    + e.getMessage(), e);
        }
    }
}
