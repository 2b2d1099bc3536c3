package relocate.catalog.connect;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.postgresql.Driver;

/**
 * Opens a connection to an environment's database, and turns the ways that fails into a
 * {@link DatabaseFailure} an operator can act on. No message it builds contains the password, nor the
 * JDBC URL (which could carry one as a parameter): only the environment, host:port, database and user.
 */
public final class DatabaseConnector {

    /** Short, so that a database that is down is reported in seconds rather than after the OS's own timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private DatabaseConnector() {
    }

    /**
     * @param environment the environment's name, e.g. {@code eu-prod}
     * @param role        what the database is to this migration: {@code source} or {@code target}
     * @param password    null or empty for none
     */
    public static Connection open(String environment, String jdbcUrl, String user, String password, String role) {
        return open(environment, jdbcUrl, user, password, role, DEFAULT_CONNECT_TIMEOUT);
    }

    public static Connection open(String environment, String jdbcUrl, String user, String password, String role,
                                  Duration connectTimeout) {
        String where = role + " '" + environment + "'";
        Properties address = jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, null);
        if (address == null) {
            throw new DatabaseFailure(DatabaseFailure.Reason.INVALID_URL, "the JDBC URL of " + where
                    + " is not a PostgreSQL URL (jdbc:postgresql://host:port/database): correct the environment's "
                    + "database settings", false);
        }
        String hostPort = hostPort(address);
        String database = address.getProperty("PGDBNAME", "");

        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        int seconds = (int) Math.max(1, connectTimeout.toSeconds());
        properties.setProperty("connectTimeout", Integer.toString(seconds));
        properties.setProperty("loginTimeout", Integer.toString(seconds));
        properties.setProperty("ApplicationName", "relocate " + role);
        try {
            Connection connection = new Driver().connect(jdbcUrl, properties);
            if (connection == null) { // the driver declined the URL after all
                throw new DatabaseFailure(DatabaseFailure.Reason.INVALID_URL, "the JDBC URL of " + where
                        + " is not a PostgreSQL URL: correct the environment's database settings", false);
            }
            return connection;
        } catch (SQLException e) {
            DatabaseFailure failure = failure(e, where, environment, hostPort, database, user, password, seconds);
            if (mentions(e, password)) {
                // keep the explanation, drop the driver's exception: it would carry the secret into logs
                failure = new DatabaseFailure(failure.reason(), failure.getMessage(), failure.retryable());
            }
            throw failure;
        }
    }

    private static DatabaseFailure failure(SQLException e, String where, String environment, String hostPort,
                                            String database, String user, String password, int timeoutSeconds) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String serverSays = withoutSecret(e.getMessage(), password);
        if (state.equals("28P01") || state.equals("28000")) {
            return new DatabaseFailure(DatabaseFailure.Reason.LOGIN_REJECTED, where + " at " + hostPort
                    + " rejected the login of user '" + user + "' (wrong password or unknown user; the server says: "
                    + serverSays + "): check the user and password configured for environment '" + environment + "'",
                    false, e);
        }
        if (state.equals("3D000")) {
            return new DatabaseFailure(DatabaseFailure.Reason.DATABASE_MISSING, "database '" + database
                    + "' does not exist on " + where + " at " + hostPort + ": create it, or correct the database "
                    + "in the JDBC URL of environment '" + environment + "'", false, e);
        }
        if (state.startsWith("08") || state.equals("57P03") || state.equals("53300")) {
            return new DatabaseFailure(DatabaseFailure.Reason.UNREACHABLE, "cannot reach the database of " + where
                    + " at " + hostPort + " (" + why(e, state, serverSays, timeoutSeconds) + "): check that PostgreSQL is "
                    + "running there and that this host can reach it, then retry", true, e);
        }
        return new DatabaseFailure(DatabaseFailure.Reason.CONNECT_FAILED, "cannot connect to " + where + " at "
                + hostPort + " as user '" + user + "': " + serverSays + " (SQLState " + state + ")", false, e);
    }

    private static String why(SQLException e, String state, String serverSays, int timeoutSeconds) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "unknown host";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer within " + timeoutSeconds + " s";
            }
        }
        if (state.equals("57P03")) {
            return "the server is starting up or shutting down";
        }
        if (state.equals("53300")) {
            return "the server has no free connection slot";
        }
        if (serverSays.toLowerCase().contains("timed out")) {
            return "no answer within " + timeoutSeconds + " s";
        }
        return serverSays;
    }

    /** host:port of every host in the URL (a URL may list several for failover). */
    private static String hostPort(Properties address) {
        String[] hosts = address.getProperty("PGHOST", "localhost").split(",");
        String[] ports = address.getProperty("PGPORT", "5432").split(",");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            pairs.add(hosts[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
        }
        return String.join(",", pairs);
    }

    private static boolean mentions(Throwable error, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(password)) {
                return true;
            }
        }
        return false;
    }

    /** The driver does not echo passwords; this makes sure that stays true whatever the server or driver says. */
    static String withoutSecret(String message, String password) {
        if (message == null) {
            return "";
        }
        if (password == null || password.isEmpty()) {
            return message;
        }
        return message.replace(password, "****");
    }
}
