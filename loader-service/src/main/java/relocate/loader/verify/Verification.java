package relocate.loader.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import relocate.catalog.DomainModel;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;

/**
 * VERIFY's comparison: the source's stats against the target's, model by model ({@link #compare}),
 * then, for a model that differs, which of its chunks differ ({@link #narrow}), so that re-loading
 * just those chunks repairs the target.
 */
public final class Verification {

    private Verification() {
    }

    /**
     * Compares each model's stats (as {@link DomainStats#of} computes them; on the target with the
     * source's domain name as canonical tenant). Pure: no I/O.
     */
    public static VerifyReport compare(Map<TableName, ModelStats> source, Map<TableName, ModelStats> target) {
        requireKeyedByModel(source, "source");
        requireKeyedByModel(target, "target");
        List<TableName> matching = new ArrayList<>();
        List<ModelMismatch> mismatches = new ArrayList<>();
        List<ModelStats> missingOnTarget = new ArrayList<>();
        for (ModelStats onSource : source.values()) {
            ModelStats onTarget = target.get(onSource.model());
            if (onTarget == null) {
                missingOnTarget.add(onSource);
            } else if (onSource.sameRows(onTarget)) {
                matching.add(onSource.model());
            } else {
                mismatches.add(ModelMismatch.between(onSource, onTarget));
            }
        }
        List<ModelStats> missingOnSource = target.values().stream()
                .filter(onTarget -> !source.containsKey(onTarget.model()))
                .toList();
        return new VerifyReport(matching, mismatches, missingOnTarget, missingOnSource);
    }

    /**
     * The chunks of {@code model} whose stats differ between source and target, in the order given:
     * the chunks to re-load. Each side's chunks are computed on one snapshot of that side.
     *
     * <p>The source is counted now, so the answer holds while its rows are those that were dumped (a
     * frozen source). On the target the checksum covers the source's columns only, as VERIFY's should,
     * so that columns only the target has do not make every chunk differ.
     *
     * @param domain          the domain's name on the target
     * @param canonicalTenant the domain's name on the source
     * @param chunks          the model's chunks as the dump planned them (ranged over its integer primary
     *                        key, or one whole-model chunk)
     */
    public static List<ChunkRange> narrow(Connection source, Connection target, DomainModel sourceModel,
                                          DomainModel targetModel, TableName model, String domain,
                                          String canonicalTenant, List<ChunkRange> chunks) throws SQLException {
        Objects.requireNonNull(chunks, "chunks");
        List<ModelStats> onSource = DomainStats.ofRanges(source, sourceModel, model, canonicalTenant, canonicalTenant,
                chunks);
        List<String> sourceColumns = DomainStats.checksum(sourceModel, model).columns();
        List<ModelStats> onTarget = DomainStats.checksum(targetModel, model).overColumns(sourceColumns)
                .compute(target, domain, canonicalTenant, chunks);
        List<ChunkRange> differing = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            if (!onSource.get(i).sameRows(onTarget.get(i))) {
                differing.add(chunks.get(i));
            }
        }
        return List.copyOf(differing);
    }

    private static void requireKeyedByModel(Map<TableName, ModelStats> stats, String side) {
        Objects.requireNonNull(stats, side);
        stats.forEach((model, modelStats) -> {
            if (!model.equals(modelStats.model())) {
                throw new IllegalArgumentException("the " + side + "'s stats give the stats of " + modelStats.model()
                        + " as those of " + model + ": pass each model's stats under its own name (as DomainStats.of "
                        + "returns them)");
            }
        });
    }
}
