package relocate.sample;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fills the sample schema with a domain of a chosen size, and optionally a second domain around it, for
 * benchmarks and demos: forms and cases carry JSON documents of a few hundred bytes, every foreign key
 * holds, and the same {@link SampleSpec} makes the same content.
 *
 * <p>The two domains go into the same statements, their rows alternating, so that each is scattered over
 * the other's heap pages as tenants are in a real table (a migration of one reads around the other).
 *
 * <p>A domain's ids live in a slot of {@link SampleDomain#ID_SPACE} ids derived from its name (slots 1,000 to
 * 999,999; {@link SampleDomain#seed} uses the small ones), so two domains generated into two databases do not
 * collide when one is later moved into the other's database.
 *
 * <p>When the sample tables are empty, the generation runs as a bulk load: it drops the tables' keys,
 * indexes and foreign keys, inserts, then builds them again (each foreign key checked over all rows as it is
 * re-added) and analyzes the tables. With one connection all of it is one transaction: a failure rolls all
 * of it back. With several ({@link #generate(Connections, SampleSpec, int)}) each connection inserts its
 * slice of every table in transactions of its own, while the statements that make the constraints again
 * wait in the database: a failure, or the next generation after a crash, empties the tables and restores
 * them. When other domains are present it inserts with the constraints in place, on one connection: slower,
 * but the others' tables stay usable.
 */
public final class SampleGenerator {
    /** Slots derived from names start here, above those callers of {@link SampleDomain#seed} pick. */
    static final long FIRST_NAMED_SLOT = 1_000;
    /**
     * Slots 1,000 to 999,999: ids stay below 10^14, exact even as JSON numbers in JavaScript (2^53), and two
     * names share a slot once in a million.
     */
    static final long NAMED_SLOTS = 1_000_000 - FIRST_NAMED_SLOT;
    /** One generation at a time per database (a session-level advisory lock, released if its process dies). */
    private static final long LOCK_KEY = 0x52454c4f43415445L;

    private SampleGenerator() {
    }

    /** Opens a connection to the database to generate into, for each worker of a parallel generation. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * Creates the sample schema if it is missing and generates {@code spec} over one connection, in one
     * transaction; returns the rows inserted, domain to table to rows, in load order.
     *
     * @throws DomainNotEmptyException when either domain already has rows in the sample tables, before writing
     */
    public static Map<String, Map<String, Long>> generate(Connection c, SampleSpec spec) throws SQLException {
        boolean auto = c.getAutoCommit();
        prepare(c);
        try {
            c.setAutoCommit(false);
            try {
                Plan plan = plan(c, spec);
                TableConstraints constraints = plan.empty() ? TableConstraints.of(c, TableCounts.TABLES) : null;
                if (constraints != null) {
                    constraints.drop(c);
                }
                for (String table : TableCounts.TABLES) {
                    SampleRows.insert(c, table, plan.parts());
                }
                finish(c, constraints);
                c.commit();
                return plan.rows();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } finally {
            unlock(c);
            c.setAutoCommit(auto);
        }
    }

    /**
     * As {@link #generate(Connection, SampleSpec)}, with {@code workers} connections inserting slices of each
     * table at once when the sample tables are empty (PostgreSQL runs a statement on one core: with two
     * workers, two cores make rows, when they are free). Opens {@code workers} + 1 connections and closes them.
     */
    public static Map<String, Map<String, Long>> generate(Connections connections, SampleSpec spec, int workers)
            throws SQLException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be 1 or more, not " + workers);
        }
        try (Connection c = connections.open()) {
            if (workers == 1) {
                return generate(c, spec);
            }
            prepare(c);
            Plan plan;
            TableConstraints constraints = null;
            try {
                c.setAutoCommit(false);
                plan = plan(c, spec);
                if (plan.empty()) {
                    constraints = TableConstraints.of(c, TableCounts.TABLES);
                    constraints.remember(c);
                    constraints.drop(c);
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                unlock(c);
                throw e;
            }
            if (constraints == null) {
                // beside other domains: one connection, with the constraints in place
                unlock(c);
                return generate(c, spec);
            }
            try {
                insertInParallel(connections, plan.parts(), workers);
                SampleRows.settle(c);
                constraints.forget(c);
                finish(c, constraints);
                c.commit();
                return plan.rows();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                    TableConstraints.restoreInterrupted(c, TableCounts.TABLES);
                    c.commit();
                } catch (SQLException | RuntimeException undo) {
                    // the next generation in this database undoes it
                    e.addSuppressed(undo);
                }
                throw e;
            } finally {
                unlock(c);
            }
        }
    }

    /** The domain has rows already: generating it again would double them. */
    public static final class DomainNotEmptyException extends IllegalStateException {
        private final String domain;

        DomainNotEmptyException(String domain, String table) {
            super("domain '" + domain + "' already has rows in the sample tables (" + table + ", at least): generate "
                    + "another domain, or into a database where it is absent (delete its rows, or drop the sample "
                    + "tables, first)");
            this.domain = domain;
        }

        public String domain() {
            return domain;
        }
    }

    /** The domains' parts, whether the tables were empty (and are now locked), and the rows each table gets. */
    private record Plan(List<SampleRows.Part> parts, boolean empty, Map<String, Map<String, Long>> rows) {
    }

    /**
     * This database's generation lock, the undoing of a parallel generation that died, and the schema. Leaves
     * the connection in autocommit.
     */
    private static void prepare(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new IllegalStateException("another sample generation is running in this database: wait for "
                        + "it to finish");
            }
        }
        c.setAutoCommit(false);
        try {
            // first: the schema's CREATE INDEX IF NOT EXISTS would make again some of what it restores
            TableConstraints.restoreInterrupted(c, TableCounts.TABLES);
            c.commit();
            c.setAutoCommit(true);
            SampleDomain.createSchema(c);
        } catch (SQLException | RuntimeException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            unlock(c);
            throw e;
        }
    }

    private static void unlock(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
        }
    }

    /** In the caller's transaction: refuses domains with rows, picks their slots, locks empty tables. */
    private static Plan plan(Connection c, SampleSpec spec) throws SQLException {
        SampleRows.settle(c);
        boolean empty = allEmpty(c);
        if (empty) {
            // no reader or writer may see the tables without their constraints
            execute(c, "LOCK TABLE " + String.join(", ", TableCounts.TABLES) + " IN ACCESS EXCLUSIVE MODE");
            empty = allEmpty(c);
        }
        List<String> domains = spec.otherDomain() == null ? List.of(spec.domain())
                : List.of(spec.domain(), spec.otherDomain());
        if (!empty) {
            for (String domain : domains) {
                requireAbsent(c, domain);
            }
        }
        List<SampleRows.Part> parts = new ArrayList<>();
        List<Long> taken = new ArrayList<>();
        Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
        for (int i = 0; i < domains.size(); i++) {
            String domain = domains.get(i);
            long slot = freeSlot(c, domain, taken, empty);
            taken.add(slot);
            TableCounts counts = TableCounts.of(i == 0 ? spec.rows() : spec.otherRows());
            parts.add(new SampleRows.Part(domain, slot * SampleDomain.ID_SPACE, counts, SampleRows.mix(spec.seed(), i)));
            Map<String, Long> tables = new LinkedHashMap<>();
            for (String table : TableCounts.TABLES) {
                tables.put(table, counts.of(table));
            }
            rows.put(domain, tables);
        }
        return new Plan(parts, empty, rows);
    }

    /** Every table's slices, over {@code workers} connections, each slice in a transaction of its own. */
    private static void insertInParallel(Connections connections, List<SampleRows.Part> parts, int workers)
            throws SQLException {
        List<Connection> opened = new ArrayList<>();
        BlockingQueue<Connection> idle = new LinkedBlockingQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sample-generator");
            t.setDaemon(true);
            return t;
        });
        List<Future<Long>> slices = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                Connection worker = connections.open();
                opened.add(worker);
                worker.setAutoCommit(false);
                idle.add(worker);
            }
            for (String table : TableCounts.TABLES) {
                for (int slice = 0; slice < workers; slice++) {
                    int s = slice;
                    slices.add(pool.submit(() -> {
                        Connection worker = idle.take();
                        try {
                            SampleRows.settle(worker);
                            long rows = SampleRows.insert(worker, table, parts, s, workers);
                            worker.commit();
                            return rows;
                        } catch (SQLException | RuntimeException e) {
                            worker.rollback();
                            throw e;
                        } finally {
                            idle.add(worker);
                        }
                    }));
                }
            }
            for (Future<Long> slice : slices) {
                slice.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } finally {
            // after a failure: start nothing more, let the statements running end, then close every connection
            slices.forEach(slice -> slice.cancel(false));
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Connection worker : opened) {
                worker.close();
            }
        }
    }

    /** The constraints back (when they were dropped), and fresh statistics as a restored database has. */
    private static void finish(Connection c, TableConstraints constraints) throws SQLException {
        if (constraints != null) {
            // for the index builds and the foreign keys' checks, each over whole tables
            execute(c, "SET LOCAL maintenance_work_mem = '256MB'");
            execute(c, "SET LOCAL work_mem = '256MB'");
            constraints.create(c);
        }
        // in the inserting transaction, ANALYZE counts its rows
        execute(c, "ANALYZE " + String.join(", ", TableCounts.TABLES));
    }

    private static boolean allEmpty(Connection c) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String table : TableCounts.TABLES) {
            sql.append(sql.length() > 7 ? " AND " : "").append("NOT EXISTS (SELECT 1 FROM ").append(table).append(")");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Refuses a domain with rows in any table that names it (case_indices belong through cases). */
    private static void requireAbsent(Connection c, String domain) throws SQLException {
        for (String table : TableCounts.TABLES) {
            if (table.equals("case_indices")) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + table + " WHERE domain = ?)")) {
                ps.setString(1, domain);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        throw new DomainNotEmptyException(domain, table);
                    }
                }
            }
        }
    }

    /**
     * The slot derived from the domain's name, or the next one whose ids no table holds (another name may
     * have hashed to it, or another generator's caller put rows there).
     */
    private static long freeSlot(Connection c, String domain, List<Long> taken, boolean empty) throws SQLException {
        long slot = FIRST_NAMED_SLOT + Math.floorMod(nameHash(domain), NAMED_SLOTS);
        while (taken.contains(slot) || (!empty && occupied(c, slot))) {
            slot = FIRST_NAMED_SLOT + Math.floorMod(slot - FIRST_NAMED_SLOT + 1, NAMED_SLOTS);
        }
        return slot;
    }

    private static boolean occupied(Connection c, long slot) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String table : TableCounts.TABLES) {
            sql.append(sql.length() > 7 ? " OR " : "").append("EXISTS (SELECT 1 FROM ").append(table)
                    .append(" WHERE id BETWEEN ? AND ?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < TableCounts.TABLES.size(); i++) {
                ps.setLong(2 * i + 1, slot * SampleDomain.ID_SPACE);
                ps.setLong(2 * i + 2, (slot + 1) * SampleDomain.ID_SPACE - 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long nameHash(String domain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(domain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
