package relocate.dumper.chunk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.Column;
import relocate.catalog.Model;
import relocate.catalog.Sql;

/**
 * Splits a model's domain rows into chunks of about {@code chunkRows} rows each, by primary-key range.
 *
 * <p>Only an integer key ({@code smallint}, {@code integer}, {@code bigint}) gives ranges, a one-column primary key or
 * the second column of a {@code (tenant key, id)} primary key ({@link Model#rangeKey}):
 * the boundaries are every {@code chunkRows}-th key of the domain's rows, computed by the server with a
 * window function, so that a sparse or skewed key still gives chunks of equal row counts and only the
 * boundaries (one per chunk) travel to us. The first range is open below and the last open above: a
 * row inserted at either edge after planning is still in some chunk. Any other key (composite otherwise, text,
 * uuid, none) gives one whole-model chunk.
 *
 * <p>Plan and dump in the same snapshot (one REPEATABLE READ transaction) or on a frozen source: the
 * ranges cover every row in any case, but row counts per chunk are those at planning time.
 */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    /** The model's chunks, in key order; at least one. */
    public static List<ChunkRange> plan(Connection source, Model model, String domain, long chunkRows)
            throws SQLException {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1 row, not " + chunkRows);
        }
        Optional<String> key = model.rangeKey();
        if (key.isEmpty()) {
            return List.of(ChunkRange.wholeModel(model.name()));
        }
        List<Long> boundaries = boundaries(source, model, domain, key.get(), chunkRows);
        List<ChunkRange> ranges = new ArrayList<>(boundaries.size() + 1);
        Long lo = null;
        for (Long boundary : boundaries) {
            ranges.add(new ChunkRange(model.name(), ranges.size(), key.get(), lo, boundary));
            lo = boundary;
        }
        ranges.add(new ChunkRange(model.name(), ranges.size(), key.get(), lo, null));
        return List.copyOf(ranges);
    }


    /**
     * The first key of every chunk but the first: keys number {@code chunkRows + 1}, {@code 2 * chunkRows + 1},
     * ... of the domain's rows in key order.
     */
    private static List<Long> boundaries(Connection source, Model model, String domain, String key, long chunkRows)
            throws SQLException {
        String keyColumn = Sql.column("t", key);
        String sql = "SELECT s.k FROM (SELECT " + keyColumn + " AS k, row_number() OVER (ORDER BY " + keyColumn
                + ") AS n " + model.selection().fromWhere() + ") s WHERE s.n > 1 AND (s.n - 1) % ? = 0 ORDER BY s.k";
        try (PreparedStatement statement = source.prepareStatement(sql)) {
            int next = model.selection().bindDomain(statement, 1, domain);
            statement.setLong(next, chunkRows);
            List<Long> boundaries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    boundaries.add(rows.getLong(1));
                }
            }
            return boundaries;
        }
    }
}
