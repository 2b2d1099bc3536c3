package relocate.catalog.stats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;

/**
 * A domain's stats, model by model: what STATS keeps with a migration and VERIFY recomputes on the
 * target. Every model is computed on one snapshot (see {@link StatsTransaction}); the checksum is
 * defined in {@link RowChecksum}.
 *
 * <p>On the source: {@code of(source, model, "acme")}. On the target after a load under a new name:
 * {@code of(target, targetModel, "acme2", "acme")}, which equals the source's stats when the rows
 * arrived intact. When the target's tables have columns the source's lack, compute each model with
 * {@link RowChecksum#overColumns} and the source's column names instead.
 */
public final class DomainStats {

    private DomainStats() {
    }

    /** Each model's stats for {@code domain}, in load order. */
    public static Map<TableName, ModelStats> of(Connection connection, DomainModel domainModel, String domain)
            throws SQLException {
        return of(connection, domainModel, domain, domain);
    }

    /**
     * Each model's stats for {@code domain}, in load order, with the tenant column checksummed as
     * {@code canonicalTenant} (the name the domain had on the source).
     */
    public static Map<TableName, ModelStats> of(Connection connection, DomainModel domainModel, String domain,
                                                String canonicalTenant) throws SQLException {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(canonicalTenant, "canonicalTenant");
        return StatsTransaction.run(connection, c -> {
            Map<TableName, ModelStats> stats = new LinkedHashMap<>();
            for (Model model : domainModel.models()) {
                stats.put(model.name(),
                        RowChecksum.of(model).query(c, domain, canonicalTenant, null));
            }
            return Collections.unmodifiableMap(stats);
        });
    }

    /** One model's stats for {@code domain}. */
    public static ModelStats ofModel(Connection connection, DomainModel domainModel, TableName model, String domain,
                                     String canonicalTenant) throws SQLException {
        return checksum(domainModel, model).compute(connection, domain, canonicalTenant);
    }

    /**
     * The stats of each chunk of one model, in the order given, on one snapshot: a chunk's open ends
     * (null bounds) are open, a whole-model chunk is all of the model's domain rows. Every chunk must be
     * one of {@code model}, ranged over its single-column integer primary key unless it is the whole model.
     */
    public static List<ModelStats> ofRanges(Connection connection, DomainModel domainModel, TableName model,
                                            String domain, String canonicalTenant, List<ChunkRange> chunks)
            throws SQLException {
        return checksum(domainModel, model).compute(connection, domain, canonicalTenant, chunks);
    }

    /** The model's checksum over all of its columns. */
    public static RowChecksum checksum(DomainModel domainModel, TableName model) {
        Model found = domainModel.model(model).orElseThrow(() -> new IllegalArgumentException(
                "table " + model + " is no model of this domain (tenant column '" + domainModel.tenantColumn()
                        + "'): there are no stats to compute for it"));
        return RowChecksum.of(found);
    }
}
