package relocate.catalog.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import relocate.catalog.Column;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.selection.KeyRewrite;

/**
 * The row count and checksum of a domain's rows in one model, computed inside PostgreSQL in one scan:
 * no row crosses the wire.
 *
 * <p>The checksum, for rows r selected by the model's {@link relocate.catalog.selection.Selection}:
 * <pre>
 *   text(r)     = ROW(c1, c2, ..., cn)::text   -- the columns sorted by name (Java String order)
 *   digest(r)   = the first 16 hex digits of md5(text(r)), read as a 64-bit integer
 *   checksum    = (sum of digest(r) over all rows) mod 2^64, as 16 lowercase hex digits
 * </pre>
 * <ul>
 *   <li>Order-independent: a sum does not care in which order rows are read, and the columns are
 *       taken by name, so a target whose table declares the same columns in another order agrees.</li>
 *   <li>A sum, not an XOR: a duplicated row adds its digest again instead of cancelling out, and the
 *       row count is compared as well. It is additive: the stats of a model's chunks add up to the
 *       model's stats ({@link ModelStats#plus}), so a mismatch can be narrowed down to chunks.</li>
 *   <li>{@code ROW(...)::text} is PostgreSQL's record text: NULL prints as nothing, an empty string as
 *       {@code ""}, and values with commas, quotes or parentheses are quoted, so different rows give
 *       different text. A value's text depends on the type (the same on both sides: preflight compares
 *       types) and on a few session settings, which are pinned while stats run (see
 *       {@link StatsTransaction}). Types that keep what was written ({@code numeric} its scale,
 *       {@code json} its spacing) compare as written, which a COPY preserves.</li>
 *   <li>The column that holds the domain's key (the tenant column, or a tenant root's key) is never read: it is
 *       checksummed as a given value of its type, the <em>canonical tenant</em> (the source's domain name); a
 *       column that holds a copy of a key reads the canonical tenant where it holds the domain's key
 *       ({@link KeyRewrite}). A load under a new name ({@code --new-name}) changes only that
 *       column, so the target's stats of {@code acme2} computed with canonical tenant {@code acme}
 *       equal the source's stats of {@code acme}. Models without the tenant column are unaffected.
 *       The selection already fixes the column's value, so nothing is lost; only a case-insensitive
 *       or padded tenant type would hide how the stored value is spelled.</li>
 *   <li>64 bits: two different sets of rows with the same count collide with a chance of about 2^-64.
 *       One md5 per row; a second lane would double the cost (PostgreSQL computes an expression once
 *       per use), and md5 is the same on every platform and PostgreSQL version, which the internal
 *       hash functions do not promise.</li>
 * </ul>
 * Construct with {@link #of}; on a target, pass the source's column names with {@link #overColumns} so
 * that columns only the target has are left out.
 */
public final class RowChecksum {

    private final Model model;
    private final List<String> columns;

    private RowChecksum(Model model, List<String> columns) {
        this.model = model;
        this.columns = columns.stream().sorted().toList();
    }

    /** Over every column of {@code model}. */
    public static RowChecksum of(Model model) {
        Objects.requireNonNull(model, "model");
        return new RowChecksum(model, model.table().columnNames());
    }

    /**
     * Over these columns only, e.g. the source's columns when computing on the target. Each must exist
     * in the model's table.
     */
    public RowChecksum overColumns(Collection<String> names) {
        List<String> missing = names.stream().filter(name -> !model.table().hasColumn(name)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("table " + model.name() + " has no column " + String.join(", ", missing)
                    + ": its stats cannot be compared; run preflight to see how the tables differ");
        }
        return new RowChecksum(model, List.copyOf(Set.copyOf(names)));
    }

    /** The columns checksummed, in the order they go into the row's text. */
    public List<String> columns() {
        return columns;
    }

    /** The domain's rows in the model. */
    public ModelStats compute(Connection connection, String domain, String canonicalTenant) throws SQLException {
        requireNames(domain, canonicalTenant);
        return StatsTransaction.run(connection, c -> query(c, domain, canonicalTenant, null));
    }

    /**
     * The domain's rows in one chunk of the model: those whose key is in the chunk's range (a bound
     * that is null is open), or all of them for a whole-model chunk.
     */
    public ModelStats compute(Connection connection, String domain, String canonicalTenant, ChunkRange chunk)
            throws SQLException {
        return compute(connection, domain, canonicalTenant, List.of(chunk)).get(0);
    }

    /** Each chunk's stats, in the order given, all on one snapshot. */
    public List<ModelStats> compute(Connection connection, String domain, String canonicalTenant,
                                    List<ChunkRange> chunks) throws SQLException {
        requireNames(domain, canonicalTenant);
        chunks.forEach(this::requireChunkOfThisModel); // fail before touching the database
        return StatsTransaction.run(connection, c -> {
            List<ModelStats> stats = new ArrayList<>(chunks.size());
            for (ChunkRange chunk : chunks) {
                stats.add(query(c, domain, canonicalTenant, chunk));
            }
            return stats;
        });
    }

    /** {@code chunk} null: all of the domain's rows in the model. */
    ModelStats query(Connection connection, String domain, String canonicalTenant, ChunkRange chunk)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql(chunk))) {
            int index = KeyRewrite.bindAll(statement, 1, model, columns, domain, canonicalTenant);
            if (chunk == null) {
                model.selection().bindDomain(statement, index, domain);
            } else {
                model.selection().bindDomainAndRange(statement, index, domain, chunk);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                // the server sums 64-bit digests into numeric (no overflow); keeping the low 64 bits is the mod 2^64
                long checksum = result.getBigDecimal(2).toBigIntegerExact().longValue();
                return new ModelStats(model.name(), result.getLong(1), ModelStats.format(checksum));
            }
        }
    }

    /**
     * {@code SELECT count(*), <sum of digests> FROM <model> t WHERE <selection> [AND <key> >= ?] [AND <key> < ?]};
     * the placeholders are each key column's (see {@link KeyRewrite}, in column order), the selection's
     * domain placeholders, then the chunk's bounds that are not open. A null or whole-model chunk adds no
     * key predicate.
     */
    String sql(ChunkRange chunk) {
        String row = columns.stream()
                .map(name -> KeyRewrite.of(model, name, "t").map(KeyRewrite::sql).orElseGet(() -> Sql.column("t", name)))
                .collect(Collectors.joining(", ", "ROW(", ")"));
        String digest = "('x' || left(md5(" + row + "::text), 16))::bit(64)::bigint";
        if (chunk != null) {
            requireChunkOfThisModel(chunk);
        }
        return "SELECT count(*), coalesce(sum(" + digest + "), 0) "
                + (chunk == null ? model.selection().fromWhere() : model.fromWhere(chunk));
    }

    /**
     * A chunk of this model, and, unless it is the whole model, ranged over the model's single-column
     * integer primary key (the only key the dumper ranges over): a range over any other column could
     * count a row in two chunks or in none.
     */
    private void requireChunkOfThisModel(ChunkRange chunk) {
        Objects.requireNonNull(chunk, "chunk");
        if (!chunk.model().equals(model.name())) {
            throw new IllegalArgumentException("chunk " + chunk.describe() + " is a chunk of " + chunk.model()
                    + ", not of " + model.name() + ": compute each model's stats with its own chunks");
        }
        if (chunk.isWholeModel()) {
            return;
        }
        String key = rangeKey();
        if (!key.equals(chunk.keyColumn())) {
            throw new IllegalArgumentException("chunk " + chunk.describe() + " is a range over column "
                    + chunk.keyColumn() + ", but the primary key of " + model.name() + " is " + key
                    + ": a chunk's range must be over the model's primary key; plan the chunks again against "
                    + "this table");
        }
    }

    private String rangeKey() {
        List<String> key = model.primaryKey();
        return model.rangeKey().orElseThrow(() -> new IllegalArgumentException("table " + model.name()
                + " has no integer key to range over" + (key.isEmpty() ? "" : " (its key is " + String.join(", ", key) + ")")
                + ": its stats can only be computed for the whole model (a whole-model chunk), not by key range"));
    }

    private static void requireNames(String domain, String canonicalTenant) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(canonicalTenant, "canonicalTenant");
    }
}
