package relocate.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.catalog.TestDatabases;

/** The generator against the local stack's PostgreSQL: content decided by the seed, domains interleaved, schema intact. */
class SampleGeneratorIT {
    private static final SampleSpec SPEC = new SampleSpec("acme", 20_000, "globex", 8_000, 7);
    private static Map<String, Map<String, Long>> generated;

    @BeforeAll
    static void generate() throws SQLException {
        for (String db : List.of("sample_gen_a", "sample_gen_b", "sample_gen_c", "sample_gen_schema")) {
            TestDatabases.create(db);
        }
        try (Connection a = TestDatabases.connect("sample_gen_a"); Connection b = TestDatabases.connect("sample_gen_b");
             Connection c = TestDatabases.connect("sample_gen_c");
             Connection schema = TestDatabases.connect("sample_gen_schema")) {
            generated = SampleGenerator.generate(a, SPEC);
            SampleGenerator.generate(b, SPEC);
            SampleGenerator.generate(c, new SampleSpec("acme", 20_000, "globex", 8_000, 8));
            SampleDomain.createSchema(schema);
        }
    }

    @Test
    void theSameSeedMakesTheSameRowsInEveryTable() throws SQLException {
        try (Connection a = TestDatabases.connect("sample_gen_a"); Connection b = TestDatabases.connect("sample_gen_b")) {
            for (String domain : List.of("acme", "globex")) {
                Map<String, String> first = checksums(a, domain);
                assertEquals(first, checksums(b, domain), domain);
                assertEquals(7, first.size());
            }
        }
    }

    @Test
    void anotherSeedMakesOtherRows() throws SQLException {
        try (Connection a = TestDatabases.connect("sample_gen_a"); Connection c = TestDatabases.connect("sample_gen_c")) {
            Map<String, String> seven = checksums(a, "acme");
            Map<String, String> eight = checksums(c, "acme");
            for (String table : TableCounts.TABLES) {
                if (table.equals("location_types")) {
                    assertEquals(seven.get(table), eight.get(table), "the five location types are fixed");
                } else {
                    assertNotEquals(seven.get(table), eight.get(table), table);
                }
            }
        }
    }

    @Test
    void everyTableHasEachDomainsRowsAsReturned() throws SQLException {
        assertEquals(List.of("acme", "globex"), List.copyOf(generated.keySet()));
        TableCounts acme = TableCounts.of(20_000);
        TableCounts globex = TableCounts.of(8_000);
        try (Connection a = TestDatabases.connect("sample_gen_a")) {
            for (String table : TableCounts.TABLES) {
                assertEquals(acme.of(table), generated.get("acme").get(table), table);
                assertEquals(globex.of(table), generated.get("globex").get(table), table);
                assertEquals(acme.of(table), count(a, table, "acme"), table);
                assertEquals(globex.of(table), count(a, table, "globex"), table);
            }
        }
        assertEquals(20_000, generated.get("acme").values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void theDomainsShareHeapPages() throws SQLException {
        try (Connection a = TestDatabases.connect("sample_gen_a")) {
            for (String table : List.of("forms", "cases", "ledger_values")) {
                long acmePages = single(a, "SELECT count(DISTINCT (ctid::text::point)[0]) FROM " + table
                        + " WHERE domain = 'acme'");
                long sharedPages = single(a, "SELECT count(*) FROM (SELECT (ctid::text::point)[0] FROM " + table
                        + " GROUP BY 1 HAVING count(DISTINCT domain) = 2) p");
                assertTrue(acmePages > 10, table + ": " + acmePages + " pages");
                // 20k and 8k rows alternate: every page of acme's holds globex rows too
                assertTrue(sharedPages >= acmePages * 9 / 10, table + ": " + sharedPages + " of " + acmePages
                        + " pages shared");
            }
        }
    }

    @Test
    void theSchemasKeysIndexesAndForeignKeysAreBackAndHold() throws SQLException {
        try (Connection a = TestDatabases.connect("sample_gen_a");
             Connection schema = TestDatabases.connect("sample_gen_schema")) {
            Map<String, String> expected = constraints(schema);
            assertTrue(expected.size() >= 20, expected.toString());
            assertEquals(expected, constraints(a));
            assertEquals(0, single(a, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated"));
            assertEquals(0, single(a, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
            // the foreign keys still refuse what they should
            SQLException e = assertThrows(SQLException.class, () -> TestDatabases.execute(a,
                    "INSERT INTO forms (id, domain, xmlns, received_on, user_id, data) "
                            + "VALUES (1, 'acme', 'x', now(), 424242, '{}')"));
            assertEquals("23503", e.getSQLState());
            // and, checked by hand, every reference resolves
            assertEquals(0, single(a, """
                    SELECT (SELECT count(*) FROM forms f LEFT JOIN users u ON u.id = f.user_id WHERE u.id IS NULL)
                         + (SELECT count(*) FROM cases c LEFT JOIN locations l ON l.id = c.location_id WHERE l.id IS NULL)
                         + (SELECT count(*) FROM ledger_values v LEFT JOIN cases c ON c.id = v.case_id WHERE c.id IS NULL)
                         + (SELECT count(*) FROM case_indices i JOIN cases c ON c.id = i.referenced_case_id
                                                               JOIN cases o ON o.id = i.case_id
                            WHERE c.domain <> o.domain)"""));
            assertTrue(single(a, "SELECT count(*) FROM pg_stats WHERE tablename = 'forms'") > 0, "analyzed");
        }
    }

    @Test
    void jsonDocumentsAreAFewHundredBytesWithRealisticKeys() throws SQLException {
        try (Connection a = TestDatabases.connect("sample_gen_a")) {
            for (String column : List.of("forms.data", "cases.properties")) {
                String[] tc = column.split("\\.");
                long min = single(a, "SELECT min(length(" + tc[1] + "::text)) FROM " + tc[0]);
                long max = single(a, "SELECT max(length(" + tc[1] + "::text)) FROM " + tc[0]);
                long avg = single(a, "SELECT avg(length(" + tc[1] + "::text))::bigint FROM " + tc[0]);
                assertTrue(min >= 300 && max <= 600 && avg >= 350 && avg <= 520,
                        column + ": " + min + ".." + max + ", average " + avg);
            }
            assertEquals(0, single(a, "SELECT count(*) FROM forms "
                    + "WHERE NOT jsonb_exists_all(data, ARRAY['@name', 'meta', 'patient', 'vitals'])"));
            assertEquals(0, single(a, "SELECT count(*) FROM forms f JOIN users u ON u.id = f.user_id "
                    + "WHERE f.data -> 'meta' ->> 'username' <> u.username"));
            assertEquals(0, single(a, "SELECT count(*) FROM cases "
                    + "WHERE NOT jsonb_exists_all(properties, ARRAY['name', 'dob', 'phone_number', 'household_id'])"));
        }
    }

    @Test
    void aDomainWithRowsIsRefusedAndNothingIsWritten() throws SQLException {
        try (Connection a = TestDatabases.connect("sample_gen_a")) {
            long before = single(a, "SELECT count(*) FROM forms");
            SampleGenerator.DomainNotEmptyException e = assertThrows(SampleGenerator.DomainNotEmptyException.class,
                    () -> SampleGenerator.generate(a, new SampleSpec("umbrella", 1_000, "globex", 500, 1)));
            assertEquals("globex", e.domain());
            assertTrue(e.getMessage().contains("already has rows"), e.getMessage());
            assertEquals(before, single(a, "SELECT count(*) FROM forms"));
            assertEquals(0, single(a, "SELECT count(*) FROM users WHERE domain = 'umbrella'"));
        }
    }

    @Test
    void aDomainGoesBesideOthersWithItsOwnIdsAndTheConstraintsInPlace() throws SQLException {
        TestDatabases.create("sample_gen_beside");
        try (Connection c = TestDatabases.connect("sample_gen_beside")) {
            SampleDomain.createSchema(c);
            Map<String, Long> seeded = SampleDomain.seed(c, "hooli", 0, 1_000);
            Map<String, Map<String, Long>> rows = SampleGenerator.generate(c, SampleSpec.of("initech", 3_000, 5));
            assertEquals(TableCounts.of(3_000).forms(), rows.get("initech").get("forms"));
            assertEquals(seeded.get("forms"), count(c, "forms", "hooli"));
            assertEquals(0, single(c, "SELECT count(*) FROM cases c JOIN users u ON u.id = c.owner_id "
                    + "WHERE u.domain <> c.domain"));
            // the same name lands on the same ids in any database
            try (Connection a = TestDatabases.connect("sample_gen_a")) {
                long acmeMin = single(a, "SELECT min(id) FROM forms WHERE domain = 'acme'");
                assertEquals(0, (acmeMin - 1) % SampleDomain.ID_SPACE);
                assertTrue(acmeMin > 1_000 * SampleDomain.ID_SPACE, "named slots start at 1,000: " + acmeMin);
            }
        }
    }

    @Test
    void seedKeepsItsCountsAndSlots() throws SQLException {
        TestDatabases.create("sample_gen_seed");
        try (Connection c = TestDatabases.connect("sample_gen_seed")) {
            SampleDomain.createSchema(c);
            Map<String, Long> counts = SampleDomain.seed(c, "acme", 2, 1_000);
            Map<String, Long> expected = new LinkedHashMap<>();
            expected.put("users", 10L);
            expected.put("location_types", 5L);
            expected.put("locations", 20L);
            expected.put("forms", 400L);
            expected.put("cases", 250L);
            expected.put("case_indices", 125L);
            expected.put("ledger_values", 190L);
            assertEquals(expected, counts);
            assertEquals(2 * SampleDomain.ID_SPACE + 1, single(c, "SELECT min(id) FROM forms"));
            assertEquals(0, single(c, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated"));
        }
    }

    @Test
    void twoWorkersMakeTheSameRowsAsOneTransaction() throws SQLException {
        TestDatabases.create("sample_gen_parallel");
        Map<String, Map<String, Long>> rows = SampleGenerator.generate(
                () -> TestDatabases.connect("sample_gen_parallel"), SPEC, 2);
        assertEquals(generated, rows);
        try (Connection p = TestDatabases.connect("sample_gen_parallel");
             Connection a = TestDatabases.connect("sample_gen_a");
             Connection schema = TestDatabases.connect("sample_gen_schema")) {
            for (String domain : List.of("acme", "globex")) {
                assertEquals(checksums(a, domain), checksums(p, domain), domain);
            }
            assertEquals(constraints(schema), constraints(p));
            assertEquals(0, single(p, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated"));
            assertEquals(0, single(p, "SELECT count(*) FROM pg_class WHERE relname = '" + TableConstraints.PENDING + "'"));
            long acmePages = single(p, "SELECT count(DISTINCT (ctid::text::point)[0]) FROM forms WHERE domain = 'acme'");
            long sharedPages = single(p, "SELECT count(*) FROM (SELECT (ctid::text::point)[0] FROM forms "
                    + "GROUP BY 1 HAVING count(DISTINCT domain) = 2) p");
            assertTrue(sharedPages >= acmePages * 9 / 10, sharedPages + " of " + acmePages + " pages shared");
        }
    }

    @Test
    void aParallelGenerationThatFailsLeavesTheTablesEmptyWithTheirConstraints() throws SQLException {
        TestDatabases.create("sample_gen_failing");
        int[] opened = {0};
        // the main connection and the first worker open; the second worker cannot
        SampleGenerator.Connections failing = () -> {
            if (++opened[0] == 3) {
                throw new SQLException("the database refuses a third connection");
            }
            return TestDatabases.connect("sample_gen_failing");
        };
        SQLException e = assertThrows(SQLException.class, () -> SampleGenerator.generate(failing, SPEC, 2));
        assertTrue(e.getMessage().contains("third connection"), e.getMessage());
        try (Connection f = TestDatabases.connect("sample_gen_failing");
             Connection schema = TestDatabases.connect("sample_gen_schema")) {
            assertEquals(constraints(schema), constraints(f));
            assertEquals(0, single(f, "SELECT count(*) FROM users"));
            assertEquals(0, single(f, "SELECT count(*) FROM pg_class WHERE relname = '" + TableConstraints.PENDING + "'"));
            // and the database is usable for the next generation
            assertEquals(20_000L, SampleGenerator.generate(f, SPEC).get("acme").values().stream()
                    .mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void theNextGenerationUndoesOneThatDiedHalfWay() throws SQLException {
        TestDatabases.create("sample_gen_died");
        try (Connection c = TestDatabases.connect("sample_gen_died");
             Connection schema = TestDatabases.connect("sample_gen_schema")) {
            // what a parallel generation leaves when its process is killed: constraints dropped, some rows in
            SampleDomain.createSchema(c);
            c.setAutoCommit(false);
            TableConstraints dropped = TableConstraints.of(c, TableCounts.TABLES);
            dropped.remember(c);
            dropped.drop(c);
            SampleRows.settle(c);
            SampleRows.insert(c, "forms", List.of(new SampleRows.Part("ghost", 0, TableCounts.of(1_000), 1)), 0, 2);
            c.commit();
            c.setAutoCommit(true);
            assertTrue(single(c, "SELECT count(*) FROM forms WHERE domain = 'ghost'") > 0);

            Map<String, Map<String, Long>> rows = SampleGenerator.generate(c, SampleSpec.of("acme", 2_000, 1));
            assertEquals(TableCounts.of(2_000).forms(), rows.get("acme").get("forms"));
            assertEquals(0, single(c, "SELECT count(*) FROM forms WHERE domain = 'ghost'"));
            assertEquals(constraints(schema), constraints(c));
            assertEquals(0, single(c, "SELECT count(*) FROM pg_class WHERE relname = '" + TableConstraints.PENDING + "'"));
        }
    }

    /** Each table's rows of the domain, as one hash over their text in id order. */
    private static Map<String, String> checksums(Connection c, String domain) throws SQLException {
        Map<String, String> sums = new TreeMap<>();
        for (String table : TableCounts.TABLES) {
            String where = table.equals("case_indices")
                    ? "case_id IN (SELECT id FROM cases WHERE domain = ?)" : "domain = ?";
            try (PreparedStatement ps = c.prepareStatement("SELECT md5(string_agg(t::text, ',' ORDER BY id)) FROM "
                    + table + " t WHERE " + where)) {
                ps.setString(1, domain);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sums.put(table, rs.getString(1));
                }
            }
        }
        return sums;
    }

    private static long count(Connection c, String table, String domain) throws SQLException {
        String where = table.equals("case_indices")
                ? "case_id IN (SELECT id FROM cases WHERE domain = ?)" : "domain = ?";
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE " + where)) {
            ps.setString(1, domain);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every constraint and index of the sample tables, name to definition. */
    private static Map<String, String> constraints(Connection c) throws SQLException {
        Map<String, String> all = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT conrelid::regclass || '.' || conname, pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid IN ('users'::regclass, 'location_types'::regclass, 'locations'::regclass,
                                   'forms'::regclass, 'cases'::regclass, 'case_indices'::regclass,
                                   'ledger_values'::regclass)
                UNION ALL
                SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
                WHERE indrelid IN ('users'::regclass, 'location_types'::regclass, 'locations'::regclass,
                                   'forms'::regclass, 'cases'::regclass, 'case_indices'::regclass,
                                   'ledger_values'::regclass)""")) {
            while (rs.next()) {
                all.put(rs.getString(1), rs.getString(2));
            }
        }
        return all;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
