package relocate.loader.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;

/** Statistics after a load, on a real target: a shared one whose statistics know only its other domain. */
class LoadedTablesIT {

    private static final TableName VISITS = new TableName("public", "visits");
    private static final TableName PLACES = new TableName("public", "places");

    @Test
    void aTableThatALoadMadeMostlyNewIsAnalyzedOnceAndOneThatDidNotChangeIsLeftAlone() throws Exception {
        String database = TestDatabases.create("loaded_tables_stale");
        try (Connection target = TestDatabases.connect(database)) {
            alphaLoadedBesideBeta(target);
            assertTrue(estimatedAlphaVisits(target) < 100, "the statistics predate the load");

            assertEquals(List.of(VISITS), LoadedTables.analyzeStale(target, List.of(VISITS, PLACES)));

            assertTrue(estimatedAlphaVisits(target) > 10_000, "planned for the table as loaded");
            assertEquals(List.of(), LoadedTables.analyzeStale(target, List.of(VISITS, PLACES)), "fresh now");
            assertTrue(target.getAutoCommit());

            target.setAutoCommit(false);
            assertThrows(IllegalStateException.class, () -> LoadedTables.analyzeStale(target, List.of(VISITS)),
                    "a caller's transaction is not committed behind its back");
            target.rollback();
        }
    }

    @Test
    void twoCallersAtOnceAnalyzeATableOnce() throws Exception {
        String database = TestDatabases.create("loaded_tables_concurrent");
        try (Connection setup = TestDatabases.connect(database)) {
            alphaLoadedBesideBeta(setup);
        }
        CountDownLatch ready = new CountDownLatch(2);
        List<CompletableFuture<List<TableName>>> callers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> {
                try (Connection c = TestDatabases.connect(database)) {
                    ready.countDown();
                    ready.await(10, TimeUnit.SECONDS);
                    return LoadedTables.analyzeStale(c, List.of(VISITS));
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long analyzed = 0;
        for (CompletableFuture<List<TableName>> caller : callers) {
            analyzed += caller.get(1, TimeUnit.MINUTES).size();
        }
        assertEquals(1, analyzed);
    }

    /**
     * A shared target: visits and places of beta, analyzed (autovacuum off, so that nothing else does), then alpha's
     * visits written as a loader writes them, its counts of written rows flushed to the statistics. The setup's
     * ANALYZE comes after beta's rows are counted as written, or they would count as written since.
     */
    private static void alphaLoadedBesideBeta(Connection target) throws SQLException {
        TestDatabases.execute(target, """
                CREATE TABLE visits (id bigint PRIMARY KEY, domain text NOT NULL);
                CREATE INDEX visits_domain ON visits (domain);
                CREATE TABLE places (id bigint PRIMARY KEY, domain text NOT NULL);
                ALTER TABLE visits SET (autovacuum_enabled = false);
                ALTER TABLE places SET (autovacuum_enabled = false);
                INSERT INTO visits SELECT g, 'beta' FROM generate_series(1, 2000) g;
                INSERT INTO places SELECT g, 'beta' FROM generate_series(1, 2000) g;
                """);
        flushCounts(target);
        TestDatabases.execute(target, "ANALYZE visits, places");
        TestDatabases.execute(target, "INSERT INTO visits SELECT 100000 + g, 'alpha' FROM generate_series(1, 20000) g");
        flushCounts(target);
    }

    private static void flushCounts(Connection target) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
            s.execute("SELECT 1"); // the flush happens as the session goes idle after the statement before
        }
    }

    private static long estimatedAlphaVisits(Connection target) throws SQLException {
        try (Statement s = target.createStatement();
             ResultSet plan = s.executeQuery("EXPLAIN (FORMAT JSON) SELECT * FROM visits WHERE domain = 'alpha'")) {
            plan.next();
            String json = plan.getString(1);
            int at = json.indexOf("\"Plan Rows\": ") + "\"Plan Rows\": ".length();
            return Long.parseLong(json.substring(at, json.indexOf(',', at)).trim());
        }
    }
}
