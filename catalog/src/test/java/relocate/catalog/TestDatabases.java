package relocate.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /** The one number a query with text parameters returns (a count, a nextval). */
    public static long queryLong(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
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
