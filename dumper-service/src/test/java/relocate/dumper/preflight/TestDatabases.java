package relocate.dumper.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import relocate.catalog.Sql;
import relocate.stack.LocalStack;
import relocate.stack.StackEndpoints;

/** Databases of their own for each IT class, on the local stack's PostgreSQL shared by the JVM. */
final class TestDatabases {

    private TestDatabases() {
    }

    static StackEndpoints stack() {
        return LocalStack.forTests().up();
    }

    /** A new, empty database. */
    static String create(String name) {
        stack();
        LocalStack.forTests().createDatabase(name);
        return name;
    }

    /** A connection as the stack's superuser (no password over 127.0.0.1). */
    static Connection connect(String database) throws SQLException {
        StackEndpoints endpoints = stack();
        return DriverManager.getConnection(endpoints.jdbcUrl(database), endpoints.postgresUser(), "");
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The application's schema and its global rows (the countries every domain shares), and, with data, its domains
     * alpha, beta and an injection attempt.
     */
    static void createApplication(Connection connection, boolean withData) throws SQLException, IOException {
        execute(connection, resource("app-schema.sql"));
        if (withData) {
            execute(connection, resource("app-data.sql"));
        } else {
            execute(connection, "INSERT INTO countries (id, code) VALUES (1, 'KE'), (2, 'IN')");
        }
    }

    private static String resource(String name) throws IOException {
        // the realistic application schema of catalog's tests (its test-jar), one copy for both modules
        try (InputStream in = TestDatabases.class.getResourceAsStream("/relocate/catalog/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every user table's content as one hash per table, and the columns of all of them: to prove nothing was written. */
    static Map<String, String> fingerprint(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT n.nspname, c.relname FROM pg_class c
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind = 'r' AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                     """)) {
            while (rows.next()) {
                tables.add(Sql.qualified(rows.getString(1), rows.getString(2)));
            }
        }
        Map<String, String> hashes = new TreeMap<>();
        for (String table : tables) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' "
                         + "ORDER BY t::text)), '') FROM " + table + " t")) {
                rows.next();
                hashes.put(table, rows.getString(1));
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT md5(string_agg(format('%s.%s.%s', table_schema, "
                     + "table_name, column_name), ',' ORDER BY table_schema, table_name, column_name)) "
                     + "FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')")) {
            rows.next();
            hashes.put("(columns)", rows.getString(1));
        }
        return hashes;
    }
}
