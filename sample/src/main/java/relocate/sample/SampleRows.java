package relocate.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The rows of the sample tables, made inside PostgreSQL: one {@code INSERT ... SELECT} over generate_series per
 * table, so that nothing crosses the network but the statement.
 *
 * <p>With two domains the statement alternates between them in proportion to their sizes (a Bresenham
 * walk: step k belongs to the first domain when {@code k * first / total} moves on), so the rows of each are
 * scattered among the other's heap pages as a real multi-tenant table's are, and each still gets exactly its
 * count. Every value is drawn from {@code hashint8extended(row number, seed)}, a seeded 64-bit hash that is
 * stable across PostgreSQL versions (hash partitioning depends on it): the same seed makes the same bytes,
 * which {@code random()} would not promise. Timestamps and dates are written in UTC and ISO style whatever
 * the session's settings ({@link #settle}).
 */
final class SampleRows {

    /** One domain's share of the statements: its name, where its ids start, its row counts and its seed. */
    record Part(String domain, long base, TableCounts counts, long seed) {
    }

    private static final String FIRST_NAMES = array("Amina", "Baraka", "Chiku", "Daudi", "Eshe", "Faraji", "Halima",
            "Imani", "Jabari", "Kesi", "Lulu", "Mosi", "Neema", "Omari", "Pendo", "Rehema", "Saida", "Tumaini", "Upendo",
            "Wanjala", "Zawadi", "Asha", "Bakari", "Dalila", "Fatuma", "Hamisi", "Juma", "Khadija", "Mariamu", "Nuru",
            "Rashidi", "Sefu");
    private static final String LAST_NAMES = array("Otieno", "Wanjiru", "Mwangi", "Achieng", "Kamau", "Njeri",
            "Odhiambo", "Chebet", "Mutua", "Akinyi", "Kiprop", "Wambui", "Ouma", "Nyambura", "Kariuki", "Atieno", "Barasa",
            "Cheruiyot", "Gitau", "Jeptoo", "Kibet", "Langat", "Maina", "Mohamed", "Mwende", "Ndungu", "Njoroge",
            "Ochieng", "Omondi", "Onyango", "Rotich", "Wafula");
    private static final String PLACES = array("Kibera", "Mathare", "Korogocho", "Kawangware", "Mukuru", "Dandora",
            "Kayole", "Githurai", "Kangemi", "Kariobangi", "Majengo", "Mlango Kubwa", "Huruma", "Kasarani", "Ruaraka",
            "Embakasi");
    private static final String FORM_NAMES = array("Child visit", "Pregnancy registration", "Household registration",
            "ANC visit", "Delivery", "Referral", "Stock report", "Growth monitoring");
    private static final String FORM_XMLNS = array(
            "http://openrosa.org/formdesigner/5E2A41C7-8B0D-4F1A-9C3E-child-visit",
            "http://openrosa.org/formdesigner/9B1F0D3E-2C47-4A8B-B6D1-pregnancy",
            "http://openrosa.org/formdesigner/C07D6A12-5E93-4B2F-8A40-household",
            "http://openrosa.org/formdesigner/3F8E2B90-71C4-4D6E-A2F5-anc-visit",
            "http://openrosa.org/formdesigner/A4C91E57-0D38-4E7B-9F12-delivery",
            "http://openrosa.org/formdesigner/71D2F3B8-6A05-4C9D-B3E7-referral",
            "http://openrosa.org/formdesigner/E6B05A2C-94F1-4B83-8D6A-stock-report",
            "http://openrosa.org/formdesigner/2D7C8E41-B5A9-4F06-A1C8-growth");
    private static final String DANGER_SIGNS = array("none", "fever", "cough", "fever cough", "diarrhoea",
            "convulsions", "none", "none");
    private static final String PRODUCTS = array("amoxicillin-250", "ors-sachet", "zinc-20", "paracetamol-500",
            "coartem-20-120", "condoms-male", "iron-folate", "vitamin-a-200k", "mebendazole-500", "rdt-malaria",
            "gloves-m", "syringe-5ml", "nevirapine-oral", "chlorhexidine-gel", "misoprostol-200", "oxytocin-10iu");

    /** 36 bits of a hash: enough to pick among any number of parents without a visible bias. */
    private static final String BITS36 = "68719476735";
    /** A hash with its top bit set prints as 16 hex digits, no padding needed. */
    private static final String TOP_BIT = "(-9223372036854775807 - 1)";

    /**
     * A table's statement: its INSERT target, its SELECT list (over {@code p}, the parameters, and {@code r}, a
     * row: domain {@code r.d}, row number {@code r.g}, hashes {@code r.h r.h2 r.h3}, time {@code r.t}), columns
     * derived once per row for use in several places, and the span of time its rows spread over.
     */
    private record Shape(String insert, String select, String derived, String start, long spanSeconds) {
    }

    private static final long YEAR = 365L * 24 * 3600;

    private static final Map<String, Shape> SHAPES = Map.of(
            "users", new Shape("users (id, domain, username, created_at)",
                    "p.base[r.d] + r.g, p.domain[r.d], 'user' || r.g, r.t", "", "2022-01-01", 2 * YEAR),
            "location_types", new Shape("location_types (id, domain, name)",
                    "p.base[r.d] + r.g, p.domain[r.d], "
                            + "(ARRAY['country','region','district','village','facility'])[1 + (r.g - 1) % 5]",
                    "", "2022-01-01", 0),
            // a hierarchy: location g's parent is g / 2, so a parent always comes first, at a level above or equal
            "locations", new Shape("locations (id, domain, location_type_id, parent_id, name)",
                    "p.base[r.d] + r.g, p.domain[r.d], p.base[r.d] + r.level, "
                            + "CASE WHEN r.g = 1 THEN NULL ELSE p.base[r.d] + r.g / 2 END, "
                            + PLACES + "[1 + (r.h & 15)] || ' ' || "
                            + "(ARRAY['Country','Region','District','Village','Facility'])[r.level] || ' ' || r.g",
                    ", CASE WHEN x.g = 1 THEN 1 WHEN x.g < 8 THEN 2 WHEN x.g < 64 THEN 3 WHEN x.g < 1024 THEN 4 "
                            + "ELSE 5 END AS level", "2022-01-01", 0),
            "forms", new Shape("forms (id, domain, xmlns, received_on, user_id, data)", """
                    p.base[r.d] + r.g, p.domain[r.d], %2$s[r.f], r.t, p.base[r.d] + r.u,
                    ('{"@name": "' || %1$s[r.f] || '", "@version": ' || (10 + (r.h >> 3 & 15))
                     || ', "meta": {"instanceID": "' || (to_hex(r.h3 | %7$s) || to_hex(r.h2 | %7$s))::uuid
                     || '", "timeStart": ' || to_json(r.t - (30 + (r.h2 >> 12 & 1023)) * interval '1 second')
                     || ', "timeEnd": ' || to_json(r.t)
                     || ', "username": "user' || r.u || '", "appVersion": "CommCare 2.' || (50 + (r.h >> 44 & 7))
                     || '"}, "patient": {"name": "' || %3$s[1 + (r.h >> 48 & 31)] || ' ' || %4$s[1 + (r.h2 >> 51 & 31)]
                     || '", "age_years": ' || (r.h >> 53 & 127) %% 90 || ', "sex": "'
                     || CASE WHEN r.h >> 47 & 1 = 0 THEN 'female' ELSE 'male' END
                     || '"}, "vitals": {"weight_kg": ' || 3 + (r.h2 >> 22 & 127) / 2 || '.' || (r.h2 >> 29 & 7)
                     || ', "temperature_c": ' || 35 + (r.h2 >> 32 & 7) / 2 || '.' || (r.h2 >> 35 & 7)
                     || ', "muac_mm": ' || 110 + (r.h2 >> 38 & 63)
                     || '}, "danger_signs": "' || %5$s[1 + (r.h2 >> 44 & 7)]
                     || '", "gps": "-' || (r.h3 >> 2 & 3) || '.' || 10000 + (r.h3 >> 4 & 131071) %% 90000
                     || ' 3' || 4 + (r.h3 >> 21 & 3) || '.' || 10000 + (r.h3 >> 23 & 131071) %% 90000
                     || ' 1650.0 12.0", "village": "' || %6$s[1 + (r.h2 >> 47 & 15)] || '"}')::jsonb"""
                    .formatted(FORM_NAMES, FORM_XMLNS, FIRST_NAMES, LAST_NAMES, DANGER_SIGNS, PLACES, TOP_BIT),
                    ", 1 + (x.h & 7) AS f, 1 + (x.h >> 8 & " + BITS36 + ") % p.users[x.d] AS u",
                    "2024-01-01", 2 * YEAR),
            "cases", new Shape("cases (id, domain, case_type, owner_id, location_id, opened_on, closed, properties)", """
                    p.base[r.d] + r.g, p.domain[r.d], (ARRAY['patient','household','pregnancy','patient'])[1 + (r.h & 3)],
                    p.base[r.d] + r.u, p.base[r.d] + 1 + (r.h2 >> 8 & %4$s) %% p.locations[r.d], r.t, r.closed,
                    ('{"name": "' || %1$s[1 + (r.h3 & 31)] || ' ' || %2$s[1 + (r.h3 >> 5 & 31)]
                     || '", "sex": "' || CASE WHEN r.h3 >> 10 & 1 = 0 THEN 'female' ELSE 'male' END
                     || '", "dob": "' || date '1950-01-01' + ((r.h3 >> 11 & 32767) %% 25000)::int
                     || '", "phone_number": "+2547' || 10000000 + (r.h3 >> 26 & 1073741823) %% 90000000
                     || '", "village": "' || %3$s[1 + (r.h2 >> 44 & 15)]
                     || '", "household_id": "HH-' || 1000000 + (r.h2 >> 48 & 65535) * 16 + (r.h & 15)
                     || '", "external_id": "' || upper(to_hex(r.h >> 44 & 1048575)) || '-' || r.g
                     || '", "status": "' || CASE WHEN r.closed THEN 'closed' ELSE 'open' END
                     || '", "risk_level": "' || (ARRAY['low','low','medium','high'])[1 + (r.h >> 5 & 3)]
                     || '", "last_visit_date": "' || r.day + (r.h3 >> 56 & 127)::int
                     || '", "next_visit_date": "' || r.day + 30 + (r.h3 >> 56 & 127)::int
                     || '", "hiv_status": "' || (ARRAY['negative','negative','positive','unknown'])[1 + (r.h >> 62 & 3)]
                     || '", "edd": "' || r.day + 100 + (r.h2 >> 32 & 127)::int
                     || '", "registered_by": "user' || r.u || '", "preferred_language": "'
                     || (ARRAY['sw','en','sw','luo'])[1 + (r.h2 >> 40 & 3)] || '", "consent_given": true}')::jsonb"""
                    .formatted(FIRST_NAMES, LAST_NAMES, PLACES, BITS36),
                    ", 1 + (x.h >> 8 & " + BITS36 + ") % p.users[x.d] AS u, (x.h >> 2 & 7) < 2 AS closed, "
                            + "date '2024-01-01' + (x.g * 730 / p.n[x.d])::int AS day",
                    "2024-01-01", 2 * YEAR),
            "case_indices", new Shape("case_indices (id, case_id, referenced_case_id, identifier)",
                    "p.base[r.d] + r.g, p.base[r.d] + 1 + (r.h >> 8 & " + BITS36 + ") % p.cases[r.d], "
                            + "p.base[r.d] + 1 + (r.h2 >> 8 & " + BITS36 + ") % p.cases[r.d], "
                            + "(ARRAY['parent','parent','parent','host'])[1 + (r.h & 3)]",
                    "", "2024-01-01", 0),
            "ledger_values", new Shape("ledger_values (id, domain, case_id, entry_id, balance, last_modified)",
                    "p.base[r.d] + r.g, p.domain[r.d], p.base[r.d] + 1 + (r.h >> 8 & " + BITS36 + ") % p.cases[r.d], "
                            + PRODUCTS + "[1 + (r.h & 15)], ((r.h2 >> 12 & 1048575) % 1000000)::numeric / 100, r.t",
                    "", "2024-06-01", YEAR));

    private SampleRows() {
    }

    /**
     * Fixes the settings the generated text depends on (time zone, date style) for the current transaction,
     * so that the same seed writes the same bytes from any session.
     */
    static void settle(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("SET LOCAL TimeZone = 'UTC'");
            s.execute("SET LOCAL DateStyle = 'ISO, YMD'");
        }
    }

    /** Inserts the rows of {@code table} for one or two domains, interleaved; returns the rows inserted. */
    static long insert(Connection c, String table, List<Part> parts) throws SQLException {
        return insert(c, table, parts, 0, 1);
    }

    /** The rows of {@code table} over all parts. */
    static long total(String table, List<Part> parts) {
        return parts.stream().mapToLong(p -> p.counts().of(table)).sum();
    }

    /**
     * Inserts slice {@code slice} of {@code slices} of the rows of {@code table} (the same rows whichever
     * connection inserts which slice, so that slices can go in parallel); returns the rows inserted.
     */
    static long insert(Connection c, String table, List<Part> parts, int slice, int slices) throws SQLException {
        if (parts.isEmpty() || parts.size() > 2) {
            throw new IllegalArgumentException("one or two domains at a time, not " + parts.size());
        }
        Shape shape = SHAPES.get(table);
        int salt = TableCounts.TABLES.indexOf(table) + 1;
        int n = parts.size();
        String[] domains = new String[n];
        Long[] bases = new Long[n];
        Long[] seeds = new Long[n];
        Long[] counts = new Long[n];
        Long[] users = new Long[n];
        Long[] locations = new Long[n];
        Long[] cases = new Long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Part part = parts.get(i);
            domains[i] = part.domain();
            bases[i] = part.base();
            seeds[i] = mix(part.seed(), salt);
            counts[i] = part.counts().of(table);
            users[i] = part.counts().users();
            locations[i] = part.counts().locations();
            cases[i] = part.counts().cases();
            total += counts[i];
        }
        String time = shape.spanSeconds() == 0 ? "timestamptz '" + shape.start() + " 00:00:00+00'"
                : "timestamptz '" + shape.start() + " 00:00:00+00' + (x.g * " + shape.spanSeconds()
                + " / p.n[x.d] + (x.h2 & 4095)) * interval '1 second'";
        String sql = "INSERT INTO " + shape.insert() + "\nSELECT " + shape.select() + """

                FROM (SELECT ?::text[] AS domain, ?::bigint[] AS base, ?::bigint[] AS seed, ?::bigint[] AS n,
                             ?::bigint[] AS users, ?::bigint[] AS locations, ?::bigint[] AS cases,
                             ?::bigint AS first, ?::bigint AS total) p
                CROSS JOIN LATERAL (
                  SELECT x.*, %s AS t%s
                  FROM (SELECT i.d, i.g, hashint8extended(i.g, p.seed[i.d]) AS h,
                               hashint8extended(i.g, ~p.seed[i.d]) AS h2,
                               hashint8extended(-i.g, p.seed[i.d]) AS h3
                        FROM (SELECT CASE WHEN s.a > s.b THEN 1 ELSE 2 END AS d,
                                     CASE WHEN s.a > s.b THEN s.a ELSE s.k - s.a END AS g
                              FROM (SELECT k, k * p.first / p.total AS a, (k - 1) * p.first / p.total AS b
                                    FROM generate_series(?::bigint, ?::bigint) k) s) i
                        OFFSET 0) x
                  OFFSET 0) r""".formatted(time, shape.derived());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", domains));
            ps.setArray(2, c.createArrayOf("bigint", bases));
            ps.setArray(3, c.createArrayOf("bigint", seeds));
            ps.setArray(4, c.createArrayOf("bigint", counts));
            ps.setArray(5, c.createArrayOf("bigint", users));
            ps.setArray(6, c.createArrayOf("bigint", locations));
            ps.setArray(7, c.createArrayOf("bigint", cases));
            ps.setLong(8, counts[0]);
            ps.setLong(9, total);
            long from = total * slice / slices + 1;
            long to = total * (slice + 1) / slices;
            ps.setLong(10, from);
            ps.setLong(11, to);
            long inserted = ps.executeLargeUpdate();
            if (inserted != to - from + 1) {
                throw new IllegalStateException(table + ": inserted " + inserted + " rows, expected " + (to - from + 1));
            }
            return inserted;
        }
    }

    /** A seed of its own for each (seed, salt): SplitMix64's finalizer, so that near seeds give far values. */
    static long mix(long seed, long salt) {
        long z = seed + salt * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A SQL array of fixed words (ours, without quotes). */
    private static String array(String... words) {
        return "(ARRAY['" + String.join("','", words) + "'])";
    }
}
