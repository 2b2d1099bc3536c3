package relocate.catalog.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.TestDatabases;
import relocate.stack.StackEndpoints;

class DatabaseConnectorIT {

    private static final String USER = "connector_it_user";
    private static final String PASSWORD = "Corr3ct-Horse'Battery;";
    private static final String WRONG_PASSWORD = "Wr0ng-Horse'Battery;";

    private static StackEndpoints stack;
    private static String url;

    @BeforeAll
    static void createUser() throws SQLException {
        stack = TestDatabases.stack();
        url = stack.jdbcUrl(TestDatabases.create("connector_it"));
        try (Connection admin = TestDatabases.connect("connector_it")) {
            TestDatabases.execute(admin, """
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'connector_it_user') THEN
                        CREATE ROLE connector_it_user LOGIN PASSWORD 'Corr3ct-Horse''Battery;';
                      END IF;
                    END $$;
                    """);
        }
    }

    private static void assertNoSecretIn(DatabaseFailure failure, String... secrets) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertFalse(String.valueOf(t.getMessage()).contains(secret), "secret in: " + t.getMessage());
                assertFalse(t.toString().contains(secret), "secret in: " + t);
            }
        }
    }

    @Test
    void theRightPasswordOpensAConnection() throws SQLException {
        try (Connection connection = DatabaseConnector.open("eu-old", url, USER, PASSWORD, "source");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_user")) {
            rows.next();
            assertEquals(USER, rows.getString(1));
        }
    }

    @Test
    void aWrongPasswordIsALoginFailureThatIsNotRetriedAndNeverShowsThePassword() {
        DatabaseFailure failure = assertThrows(DatabaseFailure.class,
                () -> DatabaseConnector.open("eu-old", url, USER, WRONG_PASSWORD, "source"));

        assertEquals(DatabaseFailure.Reason.LOGIN_REJECTED, failure.reason());
        assertFalse(failure.retryable());
        String message = failure.getMessage();
        assertTrue(message.startsWith("source 'eu-old' at 127.0.0.1:" + stack.postgresPort()
                + " rejected the login of user 'connector_it_user'"), message);
        assertTrue(message.contains("check the user and password configured for environment 'eu-old'"), message);
        assertNoSecretIn(failure, WRONG_PASSWORD, PASSWORD);
    }

    @Test
    void anUnknownUserIsALoginFailureToo() {
        DatabaseFailure failure = assertThrows(DatabaseFailure.class,
                () -> DatabaseConnector.open("eu-new", url, "nobody_here", WRONG_PASSWORD, "target"));

        assertEquals(DatabaseFailure.Reason.LOGIN_REJECTED, failure.reason());
        assertTrue(failure.getMessage().startsWith("target 'eu-new' at 127.0.0.1:"), failure.getMessage());
        assertNoSecretIn(failure, WRONG_PASSWORD);
    }

    @Test
    void aMissingDatabaseSaysWhichOneAndWhere() {
        DatabaseFailure failure = assertThrows(DatabaseFailure.class,
                () -> DatabaseConnector.open("eu-new", stack.jdbcUrl("no_such_db"), USER, PASSWORD, "target"));

        assertEquals(DatabaseFailure.Reason.DATABASE_MISSING, failure.reason());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("database 'no_such_db' does not exist on target 'eu-new' at 127.0.0.1:"
                + stack.postgresPort()), failure.getMessage());
        assertNoSecretIn(failure, PASSWORD);
    }
}
