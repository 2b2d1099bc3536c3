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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import relocate.catalog.TableName;
import relocate.catalog.TestDatabases;
import relocate.loader.bulk.DeferredConstraints.Deferral;

/** The fast path's deferral and restore of indexes and foreign keys on a real target. */
class DeferredConstraintsIT {
    private static final String SCHEMA = """
            CREATE TABLE parents (id bigint PRIMARY KEY, domain text NOT NULL, code text NOT NULL, UNIQUE (domain, code));
            CREATE INDEX parents_code ON parents (code);
            CREATE TABLE children (id bigint PRIMARY KEY, domain text NOT NULL,
                parent_id bigint NOT NULL REFERENCES parents (id) ON DELETE CASCADE, note text);
            CREATE INDEX children_note ON children (note);
            CREATE INDEX children_domain_noted ON children (domain) WHERE note IS NOT NULL;
            INSERT INTO parents VALUES (1, 'alpha', 'a'), (2, 'alpha', 'b');
            """;
    private static final TableName CHILDREN = TableName.parse("public.children");
    private static final TableName PARENTS = TableName.parse("public.parents");
    private static int databases;

    @Test
    void aFreshTableLoadsWithoutItsSecondaryIndexesAndKeysAndGetsThemBackAsTheyWere() throws Exception {
        try (Connection target = newTarget()) {
            List<String> before = definitions(target, "children");

            Deferral deferral = DeferredConstraints.deferIfFresh(target, "m1", CHILDREN, "domain");

            assertEquals(List.of("public.children_domain_noted", "public.children_note"), deferral.indexes());
            assertEquals(List.of("children_parent_id_fkey"), deferral.foreignKeys());
            assertEquals(List.of("CONSTRAINT children_pkey PRIMARY KEY (id)",
                    "INDEX CREATE UNIQUE INDEX children_pkey ON public.children USING btree (id)"),
                    definitions(target, "children"), "only the primary key stays");
            assertTrue(target.getAutoCommit());
            assertEquals(List.of(), DeferredConstraints.deferIfFresh(target, "m1", CHILDREN, "domain").indexes(),
                    "the next chunk of the same migration finds it done");
            TestDatabases.execute(target, "INSERT INTO children SELECT g, 'alpha', 1 + g % 2, 'n' || g "
                    + "FROM generate_series(1, 1000) g");

            assertEquals(3, DeferredConstraints.restore(target, "m1"));

            assertEquals(before, definitions(target, "children"));
            assertEquals(0, count(target, "SELECT count(*) FROM " + DeferredConstraints.LEDGER));
            assertEquals(0, DeferredConstraints.restore(target, "m1"), "a second restore has nothing left");
            assertThrows(SQLException.class, () -> TestDatabases.execute(target,
                    "INSERT INTO children VALUES (5000, 'alpha', 99, 'orphan')"), "the foreign key checks again");
        }
    }

    @Test
    void aTableWithoutTheTenantColumnKeepsTheForeignKeysThatMakeItTheDomains() throws Exception {
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, "CREATE TABLE notes (id bigint PRIMARY KEY, "
                    + "child_id bigint NOT NULL REFERENCES children (id), body text); CREATE INDEX notes_body ON notes (body)");

            Deferral deferral = DeferredConstraints.deferIfFresh(target, "m1", TableName.parse("public.notes"), "domain");

            assertEquals(List.of("public.notes_body"), deferral.indexes());
            assertEquals(List.of(), deferral.foreignKeys());
        }
    }

    @Test
    void aTableThatHoldsRowsKeepsEveryIndexAndKey() throws Exception {
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, "INSERT INTO children VALUES (1, 'beta', 1, 'another domain''s row')");
            List<String> before = definitions(target, "children");

            Deferral deferral = DeferredConstraints.deferIfFresh(target, "m1", CHILDREN, "domain");

            assertEquals(List.of(), deferral.indexes());
            assertEquals(List.of(), deferral.foreignKeys());
            assertEquals(before, definitions(target, "children"));
        }
    }

    @Test
    void uniqueConstraintsStayOnAFreshTable() throws Exception {
        try (Connection target = newTarget()) {
            TestDatabases.execute(target, "DELETE FROM parents");

            Deferral deferral = DeferredConstraints.deferIfFresh(target, "m1", PARENTS, "domain");

            assertEquals(List.of("public.parents_code"), deferral.indexes());
            assertTrue(definitions(target, "parents").contains("CONSTRAINT parents_domain_code_key UNIQUE (domain, code)"));
            TestDatabases.execute(target, "INSERT INTO parents VALUES (1, 'alpha', 'a')");
            assertThrows(SQLException.class, () -> TestDatabases.execute(target,
                    "INSERT INTO parents VALUES (2, 'alpha', 'a')"), "duplicates are refused during the load too");
        }
    }

    @Test
    void aRowThatBreaksAForeignKeyFailsTheRestoreByNameAndARetryFinishesOnceItIsGone() throws Exception {
        try (Connection target = newTarget()) {
            DeferredConstraints.deferIfFresh(target, "m1", CHILDREN, "domain");
            TestDatabases.execute(target, "INSERT INTO children VALUES (1, 'alpha', 1, 'ok'), (2, 'gamma', 77, 'orphan')");

            SQLException failure = assertThrows(SQLException.class, () -> DeferredConstraints.restore(target, "m1"));

            assertTrue(failure.getMessage().contains("foreign key children_parent_id_fkey of \"public\".\"children\""),
                    failure.getMessage());
            assertTrue(failure.getMessage().contains("relocate retry"), failure.getMessage());
            assertEquals(1, count(target, "SELECT count(*) FROM " + DeferredConstraints.LEDGER),
                    "the indexes were restored, the key is still recorded");
            TestDatabases.execute(target, "DELETE FROM children WHERE id = 2");
            assertEquals(1, DeferredConstraints.restore(target, "m1"));
            assertEquals(1, count(target, "SELECT count(*) FROM pg_constraint WHERE conname = 'children_parent_id_fkey' "
                    + "AND convalidated"));
        }
    }

    @Test
    void twoLoadersOfOneTablesFirstChunksDeferOnce() throws Exception {
        String database = newTargetDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Deferral> first = () -> {
                try (Connection c = TestDatabases.connect(database)) {
                    return DeferredConstraints.deferIfFresh(c, "m1", CHILDREN, "domain");
                }
            };
            List<Future<Deferral>> both = List.of(pool.submit(first), pool.submit(first));
            int deferred = 0;
            for (Future<Deferral> f : both) {
                deferred += f.get().indexes().size();
            }
            assertEquals(2, deferred, "two indexes, deferred by one of the two");
            try (Connection c = TestDatabases.connect(database)) {
                assertEquals(3, count(c, "SELECT count(*) FROM " + DeferredConstraints.LEDGER));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Connection newTarget() throws Exception {
        return TestDatabases.connect(newTargetDatabase());
    }

    private static synchronized String newTargetDatabase() throws Exception {
        String database = TestDatabases.create("deferred_" + (++databases));
        try (Connection c = TestDatabases.connect(database)) {
            TestDatabases.execute(c, SCHEMA);
        }
        return database;
    }

    /** The table's constraints and indexes, as PostgreSQL prints them. */
    private static List<String> definitions(Connection c, String table) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT 'CONSTRAINT ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = '%s'::regclass
                UNION ALL
                SELECT 'INDEX ' || pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = '%s'::regclass
                ORDER BY 1""".formatted(table, table))) {
            while (r.next()) {
                found.add(r.getString(1));
            }
        }
        return found;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
