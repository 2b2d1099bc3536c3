package relocate.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sample schema and a domain's rows in it, generated inside PostgreSQL (generate_series), the same
 * rows for the same (domain slot, size). Ids are disjoint per slot, so several domains share the tables
 * as the tenants of one application do.
 */
public final class SampleDomain {
    /** Ids of a domain start at slot * ID_SPACE: up to 100M rows per table per domain. */
    private static final long ID_SPACE = 100_000_000L;

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
     * (0, 1, ...) keeps each domain's ids apart. Returns the rows per table.
     */
    public static Map<String, Long> seed(Connection c, String domain, int slot, long rows) throws SQLException {
        long base = slot * ID_SPACE;
        long users = Math.max(2, rows / 100);
        long types = 5;
        long locations = Math.max(2, rows / 50);
        long forms = Math.max(1, rows * 4 / 10);
        long cases = Math.max(2, rows / 4);
        long indices = Math.max(1, rows / 8);
        long ledger = Math.max(1, rows - users - types - locations - forms - cases - indices);
        Map<String, Long> counts = new LinkedHashMap<>();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            counts.put("users", insert(c, """
                    INSERT INTO users (id, domain, username, created_at)
                    SELECT ? + g, ?, 'user' || g, timestamptz '2024-01-01' + g * interval '1 minute'
                    FROM generate_series(1, ?) g""", base, domain, users));
            counts.put("location_types", insert(c, """
                    INSERT INTO location_types (id, domain, name)
                    SELECT ? + g, ?, (ARRAY['country','region','district','village','facility'])[g::int]
                    FROM generate_series(1, ?) g""", base, domain, types));
            // a hierarchy: every location but the first has a parent with a smaller id
            counts.put("locations", insert(c, """
                    INSERT INTO locations (id, domain, location_type_id, parent_id, name)
                    SELECT ? + g, ?, ? + 1 + (g % 5), CASE WHEN g = 1 THEN NULL ELSE ? + g / 2 END,
                           'location ' || g
                    FROM generate_series(1, ?) g""", base, domain, base, base, locations));
            counts.put("forms", insert(c, """
                    INSERT INTO forms (id, domain, xmlns, received_on, user_id, data)
                    SELECT ? + g, ?, 'http://openrosa.org/formdesigner/' || (g % 7),
                           timestamptz '2024-01-01' + g * interval '10 seconds', ? + 1 + (g % ?),
                           jsonb_build_object('visit', g, 'weight_kg', 3 + (g % 40) / 10.0,
                               'notes', repeat('observed ', (1 + g % 20)::int), 'village', 'v' || (g % 97))
                    FROM generate_series(1, ?) g""", base, domain, base, users, forms));
            counts.put("cases", insert(c, """
                    INSERT INTO cases (id, domain, case_type, owner_id, location_id, opened_on, closed, properties)
                    SELECT ? + g, ?, (ARRAY['patient','household','pregnancy'])[(1 + g % 3)::int], ? + 1 + (g % ?),
                           ? + 1 + (g % ?), timestamptz '2024-01-01' + g * interval '1 minute', g % 5 = 0,
                           jsonb_build_object('name', 'case ' || g, 'age', g % 90, 'phone', '+1555' || lpad((g % 10000)::text, 4, '0'))
                    FROM generate_series(1, ?) g""", base, domain, base, users, base, locations, cases));
            counts.put("case_indices", insert(c, """
                    INSERT INTO case_indices (id, case_id, referenced_case_id, identifier)
                    SELECT ? + g, ? + 1 + (g % ?), ? + 1 + ((g * 7) % ?), 'parent'
                    FROM generate_series(1, ?) g""", base, base, cases, base, cases, indices));
            counts.put("ledger_values", insert(c, """
                    INSERT INTO ledger_values (id, domain, case_id, entry_id, balance, last_modified)
                    SELECT ? + g, ?, ? + 1 + (g % ?), 'stock-' || (g % 13), (g % 100000) / 100.0,
                           timestamptz '2024-06-01' + g * interval '1 second'
                    FROM generate_series(1, ?) g""", base, domain, base, cases, ledger));
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return counts;
    }

    private static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
