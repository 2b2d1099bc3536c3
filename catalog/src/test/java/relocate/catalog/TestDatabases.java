package relocate.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import relocate.stack.LocalStack;
import relocate.stack.StackEndpoints;

/** Databases of their own for each IT class, on the local stack's PostgreSQL shared by the JVM. */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static StackEndpoints stack() {
        return LocalStack.forTests().up();
    }

    /** A new, empty database; connections to it as the stack's superuser. */
    public static String create(String name) {
        LocalStack.forTests().up();
        LocalStack.forTests().createDatabase(name);
        return name;
    }

    public static Connection connect(String database) throws SQLException {
        StackEndpoints endpoints = LocalStack.forTests().up();
        return DriverManager.getConnection(endpoints.jdbcUrl(database), endpoints.postgresUser(), "");
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static void runScript(Connection connection, String resource) throws SQLException, IOException {
        try (InputStream in = TestDatabases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            execute(connection, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
