package relocate.catalog.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Sql;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.rows.RowCounter;

class DomainStatsIT {

    private static final String INJECTION = "o'brien\"; DROP TABLE cases; --";

    // every table of the app schema, parents first
    private static final List<String> APP_TABLES = List.of("public.countries", "public.users", "public.location_types",
            "public.locations", "public.forms", "public.cases", "public.case_indices", "public.case_attachments",
            "public.attachment_chunks", "public.ledger_values", "audit.form_events");

    private static Connection source;
    private static Connection target;
    private static DomainModel sourceModel;
    private static DomainModel targetModel;

    @FunctionalInterface
    interface SqlWork {
        void run() throws SQLException;
    }

    @BeforeAll
    static void createSourceAndACopyWithOtherColumnOrders() throws Exception {
        source = TestDatabases.connect(TestDatabases.create("stats_it_source"));
        TestDatabases.runScript(source, "/relocate/catalog/app-schema.sql");
        TestDatabases.runScript(source, "/relocate/catalog/app-data.sql");

        target = TestDatabases.connect(TestDatabases.create("stats_it_target"));
        TestDatabases.runScript(target, "/relocate/catalog/app-schema.sql");
        TestDatabases.execute(target, """
                SET client_min_messages = warning;
                DROP TABLE cases CASCADE;
                CREATE TABLE cases (
                    opened_by uuid REFERENCES forms (id),
                    location_id integer REFERENCES locations (id),
                    type varchar(255) NOT NULL,
                    domain text NOT NULL,
                    owner_id integer REFERENCES users (id),
                    id uuid PRIMARY KEY
                );
                ALTER TABLE case_indices ADD FOREIGN KEY (case_id) REFERENCES cases (id);
                ALTER TABLE case_attachments ADD FOREIGN KEY (case_id) REFERENCES cases (id);
                DROP TABLE ledger_values;
                CREATE TABLE ledger_values (
                    balance numeric(20, 5) NOT NULL DEFAULT 0,
                    section_id text NOT NULL,
                    case_id uuid NOT NULL REFERENCES cases (id),
                    domain text NOT NULL,
                    id bigserial PRIMARY KEY
                );
                """);
        copyInReverseKeyOrder(source, target, APP_TABLES);

        sourceModel = DomainCatalog.read(source, "domain");
        targetModel = DomainCatalog.read(target, "domain");
    }

    @AfterAll
    static void close() throws SQLException {
        for (Connection connection : new Connection[] {source, target}) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static TableName publicTable(String name) {
        return new TableName("public", name);
    }

    @Test
    void countsAreTheRowCountersCounts() throws SQLException {
        for (String domain : List.of("alpha", "beta", INJECTION, "nobody")) {
            Map<TableName, Long> rows = new LinkedHashMap<>();
            DomainStats.of(source, sourceModel, domain).forEach((model, stats) -> rows.put(model, stats.rows()));

            assertEquals(RowCounter.countAll(source, sourceModel, domain), rows, domain);
        }
        assertEquals(sourceModel.loadOrder(), List.copyOf(DomainStats.of(source, sourceModel, "alpha").keySet()));
        assertEquals(ModelStats.empty(publicTable("cases")), DomainStats.of(source, sourceModel, "nobody")
                .get(publicTable("cases")));
    }

    @Test
    void theSameRowsInAnotherColumnOrderAndInsertOrderHaveTheSameStats() throws SQLException {
        assertNotEquals(sourceModel.model(publicTable("cases")).orElseThrow().table().columnNames(),
                targetModel.model(publicTable("cases")).orElseThrow().table().columnNames(), "the test needs another order");

        for (String domain : List.of("alpha", "beta")) {
            Map<TableName, ModelStats> onSource = DomainStats.of(source, sourceModel, domain);

            assertEquals(onSource, DomainStats.of(target, targetModel, domain), domain);
            assertTrue(onSource.values().stream().allMatch(s -> s.rows() > 0 || s.model().name().equals("ledger_values")));
        }
        assertNotEquals(DomainStats.of(source, sourceModel, "alpha").get(publicTable("cases")).checksum(),
                DomainStats.of(source, sourceModel, "beta").get(publicTable("cases")).checksum());
    }

    @Test
    void oneChangedValueChangesOnlyThatModelsChecksum() throws SQLException {
        Map<TableName, ModelStats> before = DomainStats.of(source, sourceModel, "alpha");

        Map<TableName, ModelStats> after = inRolledBackTransaction(target, () -> TestDatabases.execute(target,
                "UPDATE cases SET type = 'household' WHERE id = '00000000-0000-0000-0000-00000000c003'"), "alpha");

        assertEquals(List.of(publicTable("cases")), differing(before, after));
        assertEquals(before.get(publicTable("cases")).rows(), after.get(publicTable("cases")).rows());
    }

    @Test
    void aDeletedRowChangesCountAndChecksum() throws SQLException {
        Map<TableName, ModelStats> before = DomainStats.of(source, sourceModel, "alpha");

        Map<TableName, ModelStats> after = inRolledBackTransaction(target, () -> TestDatabases.execute(target,
                "DELETE FROM attachment_chunks WHERE attachment_id = 1 AND seq = 2"), "alpha");

        TableName chunks = publicTable("attachment_chunks");
        assertEquals(List.of(chunks), differing(before, after));
        assertEquals(before.get(chunks).rows() - 1, after.get(chunks).rows());
        assertNotEquals(before.get(chunks).checksum(), after.get(chunks).checksum());
    }

    @Test
    void aDuplicatedRowUnderAnotherKeyIsNoticed() throws SQLException {
        Map<TableName, ModelStats> before = DomainStats.of(source, sourceModel, "alpha");

        Map<TableName, ModelStats> after = inRolledBackTransaction(target, () -> TestDatabases.execute(target, """
                INSERT INTO ledger_values (id, domain, case_id, section_id, balance)
                SELECT 1000, domain, case_id, section_id, balance FROM ledger_values WHERE id = 1
                """), "alpha");

        TableName ledger = publicTable("ledger_values");
        assertEquals(List.of(ledger), differing(before, after));
        assertEquals(before.get(ledger).rows() + 1, after.get(ledger).rows());
        assertNotEquals(before.get(ledger).checksum(), after.get(ledger).checksum());
    }

    @Test
    void aSwapOfValuesBetweenRowsIsNoticedThoughTheCountStays() throws SQLException {
        ModelStats before = DomainStats.of(source, sourceModel, "alpha").get(publicTable("ledger_values"));

        ModelStats after = inRolledBackTransaction(target, () -> TestDatabases.execute(target, """
                UPDATE ledger_values SET balance = CASE id WHEN 1 THEN 4.5 ELSE 10 END WHERE id IN (1, 2)
                """), "alpha").get(publicTable("ledger_values"));

        assertEquals(before.rows(), after.rows());
        assertNotEquals(before.checksum(), after.checksum());
    }

    @Test
    void anotherDomainsRowsDoNotAffectTheStats() throws SQLException {
        Map<TableName, ModelStats> alphaBefore = DomainStats.of(source, sourceModel, "alpha");
        Map<TableName, ModelStats> betaBefore = DomainStats.of(source, sourceModel, "beta");
        List<Map<TableName, ModelStats>> after = new ArrayList<>();

        inRolledBackTransaction(target, () -> {
            TestDatabases.execute(target, """
                    UPDATE cases SET type = 'household' WHERE domain = 'beta';
                    DELETE FROM case_indices WHERE case_id = '00000000-0000-0000-0000-00000000c004';
                    INSERT INTO ledger_values (id, domain, case_id, section_id, balance)
                        VALUES (2000, 'beta', '00000000-0000-0000-0000-00000000c004', 'stock', 1);
                    INSERT INTO users (id, domain, username) VALUES (50, 'gamma', 'gus');
                    """);
            after.add(DomainStats.of(target, targetModel, "alpha"));
            after.add(DomainStats.of(target, targetModel, "beta"));
        });

        assertEquals(alphaBefore, after.get(0));
        assertEquals(List.of(publicTable("cases"), publicTable("case_indices"), publicTable("ledger_values")),
                differing(betaBefore, after.get(1)));
    }

    @Test
    void aDomainLoadedUnderANewNameHasTheSourcesStatsWithTheSourcesNameAsCanonicalTenant() throws SQLException {
        List<Map<TableName, ModelStats>> renamed = new ArrayList<>();

        inRolledBackTransaction(target, () -> {
            renameTenant(target, targetModel, "alpha", "alpha2");
            renameTenant(target, targetModel, INJECTION, "plain");
            renamed.add(DomainStats.of(target, targetModel, "alpha2", "alpha"));
            renamed.add(DomainStats.of(target, targetModel, "alpha2"));
            renamed.add(DomainStats.of(target, targetModel, "plain", INJECTION));
        });

        Map<TableName, ModelStats> alpha = DomainStats.of(source, sourceModel, "alpha");
        assertEquals(alpha, renamed.get(0));
        // under its own name, the tables with the tenant column differ, and only they do
        assertEquals(sourceModel.tenantTables().stream().filter(t -> alpha.get(t).rows() > 0).sorted().toList(),
                differing(alpha, renamed.get(1)).stream().sorted().toList());
        assertEquals(DomainStats.of(source, sourceModel, INJECTION), renamed.get(2));
    }

    @Test
    void aTenantNameWithQuotesAndASemicolonIsOnlyData() throws SQLException {
        Map<TableName, ModelStats> stats = DomainStats.of(source, sourceModel, INJECTION);

        assertEquals(1L, stats.get(publicTable("users")).rows());
        assertEquals(1L, stats.get(publicTable("cases")).rows());
        assertEquals(1L, stats.get(publicTable("case_indices")).rows());
        assertEquals(stats, DomainStats.of(target, targetModel, INJECTION));
        assertEquals(stats.get(publicTable("cases")),
                DomainStats.ofModel(source, sourceModel, publicTable("cases"), INJECTION, INJECTION));
        assertEquals(5L, count(source, "SELECT count(*) FROM public.cases"), "the cases table is untouched");
    }

    @Test
    void chunksAddUpToTheModelAndAChangedRowShowsInExactlyOneChunk() throws Exception {
        try (Connection db = TestDatabases.connect(TestDatabases.create("stats_it_chunks"))) {
            TestDatabases.execute(db, """
                    CREATE TABLE visits (id bigint PRIMARY KEY, domain text NOT NULL, n integer, note text);
                    CREATE TABLE visit_notes (id integer PRIMARY KEY, visit_id bigint NOT NULL REFERENCES visits (id),
                        body text);
                    INSERT INTO visits SELECT g, CASE WHEN g % 3 = 0 THEN 'beta' ELSE 'alpha' END, g % 7,
                        CASE WHEN g % 5 = 0 THEN NULL ELSE 'visit ' || g END FROM generate_series(1, 1000) g;
                    INSERT INTO visit_notes SELECT g, 1 + (g * 7) % 1000, 'note ' || g FROM generate_series(1, 1000) g;
                    """);
            DomainModel model = DomainCatalog.read(db, "domain");
            List<ChunkRange> visits = chunksOf100(publicTable("visits"));
            List<ChunkRange> notes = chunksOf100(publicTable("visit_notes"));

            for (List<ChunkRange> chunks : List.of(visits, notes)) {
                TableName table = chunks.get(0).model();
                ModelStats whole = DomainStats.ofModel(db, model, table, "alpha", "alpha");
                List<ModelStats> ranges = DomainStats.ofRanges(db, model, table, "alpha", "alpha", chunks);

                assertTrue(whole.rows() > 500, whole.toString());
                assertTrue(ranges.get(0).rows() > 0 && ranges.get(ranges.size() - 1).rows() > 0, "open ends hold rows");
                assertEquals(whole.rows(), ranges.stream().mapToLong(ModelStats::rows).sum(), table.toString());
                assertEquals(whole, ranges.stream().reduce(ModelStats.empty(table), ModelStats::plus), table.toString());
                assertEquals(List.of(whole), DomainStats.ofRanges(db, model, table, "alpha", "alpha",
                        List.of(ChunkRange.wholeModel(table))), "a whole-model chunk is the model");
                assertEquals(List.of(whole), DomainStats.ofRanges(db, model, table, "alpha", "alpha",
                        List.of(new ChunkRange(table, 0, "id", null, null))), "a range open at both ends is the model");
            }

            db.setAutoCommit(false);
            try {
                List<ModelStats> visitsBefore = DomainStats.ofRanges(db, model, publicTable("visits"), "alpha", "alpha",
                        visits);
                List<ModelStats> notesBefore = DomainStats.ofRanges(db, model, publicTable("visit_notes"), "alpha",
                        "alpha", notes);
                TestDatabases.execute(db, "UPDATE visits SET n = n + 1 WHERE id = 457");
                TestDatabases.execute(db, "UPDATE visit_notes SET body = 'changed' WHERE id = 812"); // visit 685: alpha
                TestDatabases.execute(db, "UPDATE visits SET note = 'beta changes' WHERE id = 459"); // beta: no effect

                assertEquals(List.of(new ChunkRange(publicTable("visits"), 4, "id", 400L, 500L)), differingRanges(visits,
                        visitsBefore, DomainStats.ofRanges(db, model, publicTable("visits"), "alpha", "alpha", visits)));
                assertEquals(List.of(new ChunkRange(publicTable("visit_notes"), 8, "id", 800L, 900L)), differingRanges(
                        notes, notesBefore, DomainStats.ofRanges(db, model, publicTable("visit_notes"), "alpha", "alpha",
                                notes)));
            } finally {
                db.rollback();
                db.setAutoCommit(true);
            }
        }
    }

    @Test
    void aRangeNeedsASingleColumnIntegerKeyButAWholeModelChunkDoesNot() throws SQLException {
        TableName attachmentChunks = publicTable("attachment_chunks");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> DomainStats.ofRanges(source,
                sourceModel, attachmentChunks, "alpha", "alpha",
                List.of(new ChunkRange(attachmentChunks, 0, "attachment_id", 0L, 10L))));

        assertTrue(error.getMessage().contains("public.attachment_chunks has no integer key to range over"),
                error.getMessage());
        assertEquals(List.of(DomainStats.ofModel(source, sourceModel, attachmentChunks, "alpha", "alpha")),
                DomainStats.ofRanges(source, sourceModel, attachmentChunks, "alpha", "alpha",
                        List.of(ChunkRange.wholeModel(attachmentChunks))));
        assertThrows(IllegalArgumentException.class,
                () -> DomainStats.ofModel(source, sourceModel, publicTable("countries"), "alpha", "alpha"));
    }

    @Test
    void refusesAChunkOfAnotherModelOrRangedOverAColumnThatIsNotThePrimaryKey() {
        TableName locations = publicTable("locations");
        IllegalArgumentException otherModel = assertThrows(IllegalArgumentException.class, () -> DomainStats.ofRanges(
                source, sourceModel, locations, "alpha", "alpha",
                List.of(new ChunkRange(locations, 0, "id", null, 2L), ChunkRange.wholeModel(publicTable("users")))));
        assertTrue(otherModel.getMessage().contains("public.users#0 (whole model) is a chunk of public.users, not of "
                + "public.locations"), otherModel.getMessage());

        IllegalArgumentException otherColumn = assertThrows(IllegalArgumentException.class, () -> DomainStats.ofRanges(
                source, sourceModel, locations, "alpha", "alpha", List.of(new ChunkRange(locations, 0, "parent_id", 1L,
                        2L))));
        assertTrue(otherColumn.getMessage().contains("is a range over column parent_id, but the primary key of "
                + "public.locations is id"), otherColumn.getMessage());
    }

    @Test
    void valuesPrintTheSameWhateverTheSessionsSettingsAndTheSettingsAreRestored() throws Exception {
        try (Connection db = TestDatabases.connect(TestDatabases.create("stats_it_types"))) {
            TestDatabases.execute(db, """
                    CREATE TABLE readings (id integer PRIMARY KEY, domain text NOT NULL, at timestamptz, day date,
                        took interval, ratio double precision, small real, cost money, raw bytea, doc jsonb,
                        tags text[], amount numeric, flag boolean, pair point);
                    INSERT INTO readings VALUES
                        (1, 'alpha', '2026-03-01 10:00:00.123456+05:30', '2026-03-01', '1 day 02:03:04.5', 0.1 + 0.2,
                         1.1, 12.34, '\\x00ff27', '{"b": [1, 2.50], "a": null}', '{"x,y", "", NULL}', 1.10, true,
                         '(1.5,2)'),
                        (2, 'alpha', NULL, NULL, '-3 months', 'NaN', '-0', NULL, '', 'null', '{}', 'NaN', NULL, NULL),
                        (3, 'alpha', '-infinity', 'infinity', '0', 1e300, 3.4e38, 0, 'a,b', '"x"', NULL, 0.00, false,
                         '(0,0)');
                    """);
            DomainModel model = DomainCatalog.read(db, "domain");
            Map<TableName, ModelStats> usual = DomainStats.of(db, model, "alpha");

            TestDatabases.execute(db, """
                    SET TimeZone = 'Pacific/Chatham'; SET DateStyle = 'ISO, DMY'; SET IntervalStyle = 'sql_standard';
                    SET extra_float_digits = 0; SET bytea_output = 'escape';
                    """);
            Map<TableName, ModelStats> unusual = DomainStats.of(db, model, "alpha");

            assertEquals(usual, unusual);
            assertEquals(3L, unusual.get(publicTable("readings")).rows());
            assertEquals("Pacific/Chatham", show(db, "TimeZone"));
            assertEquals("escape", show(db, "bytea_output"));
            assertEquals("0", show(db, "extra_float_digits"));
            assertTrue(db.getAutoCommit());
            assertFalse(db.isReadOnly());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, db.getTransactionIsolation());

            TestDatabases.execute(db, "UPDATE readings SET at = at + interval '1 microsecond' WHERE id = 1");
            assertNotEquals(usual, DomainStats.of(db, model, "alpha"));
        }
    }

    @Test
    void measuresRowsPerSecondOnALargeModel() throws Exception {
        try (Connection db = TestDatabases.connect(TestDatabases.create("stats_it_large"))) {
            TestDatabases.execute(db, """
                    CREATE TABLE cases (id bigint PRIMARY KEY, domain text NOT NULL, type varchar(255) NOT NULL,
                        owner_id integer, opened timestamptz, note text, amount numeric(20, 5));
                    INSERT INTO cases SELECT g, CASE WHEN g % 5 = 0 THEN 'other' ELSE 'large' END, 'patient', g % 100,
                        timestamptz '2026-01-01' - g * interval '1 minute', 'note number ' || g, g * 1.5
                        FROM generate_series(1, 250000) g;
                    ANALYZE cases;
                    """);
            DomainModel model = DomainCatalog.read(db, "domain");
            DomainStats.of(db, model, "large"); // warm the cache

            long start = System.nanoTime();
            ModelStats stats = DomainStats.of(db, model, "large").get(publicTable("cases"));
            double seconds = (System.nanoTime() - start) / 1e9;

            System.out.printf("DomainStatsIT: %d rows of 7 columns in %.2f s, %.0f rows/s (%.1f M rows per 10 s)%n",
                    stats.rows(), seconds, stats.rows() / seconds, stats.rows() / seconds / 1e5);
            assertEquals(200_000L, stats.rows());
            assertEquals(RowCounter.countAll(db, model, "large").get(publicTable("cases")), stats.rows());
        }
    }

    // --- helpers

    private static Map<TableName, ModelStats> inRolledBackTransaction(Connection connection, SqlWork change,
                                                                      String domain) throws SQLException {
        List<Map<TableName, ModelStats>> stats = new ArrayList<>();
        inRolledBackTransaction(connection, () -> {
            change.run();
            stats.add(DomainStats.of(connection, targetModel, domain)); // runs in this transaction, sees the change
        });
        return stats.get(0);
    }

    private static void inRolledBackTransaction(Connection connection, SqlWork work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    private static void renameTenant(Connection connection, DomainModel model, String from, String to)
            throws SQLException {
        for (TableName table : model.tenantTables()) {
            try (var statement = connection.prepareStatement("UPDATE " + table.sql() + " SET "
                    + Sql.ident(model.tenantColumn()) + " = ? WHERE " + Sql.ident(model.tenantColumn()) + " = ?")) {
                statement.setString(1, to);
                statement.setString(2, from);
                statement.executeUpdate();
            }
        }
    }

    private static List<TableName> differing(Map<TableName, ModelStats> expected, Map<TableName, ModelStats> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        return expected.keySet().stream().filter(model -> !expected.get(model).sameRows(actual.get(model))).toList();
    }

    /** Chunks of 100 keys, open below 100 and from 1000 up, as the planner makes them. */
    private static List<ChunkRange> chunksOf100(TableName table) {
        List<ChunkRange> chunks = new ArrayList<>();
        chunks.add(new ChunkRange(table, 0, "id", null, 100L));
        for (long from = 100; from < 1000; from += 100) {
            chunks.add(new ChunkRange(table, chunks.size(), "id", from, from + 100));
        }
        chunks.add(new ChunkRange(table, chunks.size(), "id", 1000L, null));
        return chunks;
    }

    private static List<ChunkRange> differingRanges(List<ChunkRange> ranges, List<ModelStats> before,
                                                    List<ModelStats> after) {
        List<ChunkRange> differing = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            if (!before.get(i).sameRows(after.get(i))) {
                differing.add(ranges.get(i));
            }
        }
        return differing;
    }

    /** Copies each table's rows by column name, highest key first, so the target's rows are in another order. */
    private static void copyInReverseKeyOrder(Connection from, Connection to, List<String> tables) throws Exception {
        Map<TableName, Table> sourceTables = DomainCatalog.readTables(from);
        CopyManager out = from.unwrap(PGConnection.class).getCopyAPI();
        CopyManager in = to.unwrap(PGConnection.class).getCopyAPI();
        for (String qualified : tables) {
            String[] parts = qualified.split("\\.");
            Table table = sourceTables.get(new TableName(parts[0], parts[1]));
            String columns = table.columnNames().stream().map(Sql::ident).collect(Collectors.joining(", "));
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            out.copyOut("COPY (SELECT " + columns + " FROM " + table.name().sql() + " ORDER BY "
                    + Sql.ident(table.primaryKey().get(0)) + " DESC) TO STDOUT", rows);
            in.copyIn("COPY " + table.name().sql() + " (" + columns + ") FROM STDIN",
                    new ByteArrayInputStream(rows.toByteArray()));
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet value = statement.executeQuery("SELECT current_setting('" + setting + "')")) {
            value.next();
            return value.getString(1);
        }
    }
}
