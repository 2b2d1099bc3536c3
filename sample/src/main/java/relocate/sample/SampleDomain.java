package relocate.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sample schema and a domain's rows in it, generated inside PostgreSQL (generate_series), the same
 * rows for the same (domain slot, size). Ids are disjoint per slot, so several domains share the tables
 * as the tenants of one application do. {@link SampleGenerator} makes larger domains, two at a time.
 */
public final class SampleDomain {
    /** Ids of a domain start at slot * ID_SPACE: up to 100M rows per table per domain. */
    static final long ID_SPACE = 100_000_000L;

    private SampleDomain() {
    }

    /** Creates the sample tables if they do not exist. */
    public static void createSchema(Connection c) throws SQLException {
        try (InputStream in = SampleDomain.class.getResourceAsStream("schema.sql"); Statement s = c.createStatement()) {
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Inserts about {@code rows} rows of domain {@code domain} across the sample tables; {@code slot}
     * (0, 1, ...) keeps each domain's ids apart and seeds its content. Returns the rows per table. The rows are
     * those of {@link SampleGenerator} (realistic widths, valid foreign keys) for one domain, inserted with the
     * tables' constraints in place, in one transaction.
     */
    public static Map<String, Long> seed(Connection c, String domain, int slot, long rows) throws SQLException {
        SampleRows.Part part = new SampleRows.Part(domain, slot * ID_SPACE, TableCounts.of(rows), slot);
        Map<String, Long> counts = new LinkedHashMap<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            SampleRows.settle(c);
            for (String table : TableCounts.TABLES) {
                counts.put(table, SampleRows.insert(c, table, List.of(part)));
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return counts;
    }
}
