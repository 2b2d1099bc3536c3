package relocate.catalog.connect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs work in a READ ONLY, REPEATABLE READ transaction that is always rolled back: the server itself
 * refuses any write, and every count sees one snapshot. The connection's own settings are restored afterwards.
 */
public final class ReadOnlyTransaction {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private ReadOnlyTransaction() {
    }

    public static <T> T run(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        boolean readOnly = connection.isReadOnly();
        int isolation = connection.getTransactionIsolation();
        if (!autoCommit) {
            // a transaction may be open and could not be made read only any more: end it without keeping anything
            connection.rollback();
        }
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            requireReadOnly(connection);
            return work.run(connection);
        } finally {
            try {
                connection.rollback();
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setReadOnly(readOnly);
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    // The promise "preflight never writes" rests on the server's check, not on the driver's flags: verify it.
    private static void requireReadOnly(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT current_setting('transaction_read_only')")) {
            result.next();
            if (!"on".equals(result.getString(1))) {
                throw new IllegalStateException("the read-only transaction is not read only; refusing to continue");
            }
        }
    }
}
