package relocate.catalog.connect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work in a read-write transaction of its own: committed when the work returns, rolled back when it throws,
 * the connection left in auto-commit mode either way. It takes a connection in auto-commit mode only: a
 * transaction already open would be committed by this one's commit, or lost with its rollback.
 */
public final class WriteTransaction {

    /** The work: its statements run in the transaction; it may throw one checked exception of its own (an I/O one). */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run(Connection connection) throws SQLException, X;
    }

    private WriteTransaction() {
    }

    /**
     * @param owner who asks, for the refusal of a connection not in auto-commit mode
     * @throws IllegalStateException when {@code connection} is not in auto-commit mode (nothing is run)
     * @throws SQLException          from the work, the begin or the commit; a rollback that fails too (a broken
     *                               connection, whose server rolls back on its own) is added as suppressed
     */
    public static <T, X extends Exception> T run(Connection connection, String owner, Work<T, X> work)
            throws SQLException, X {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException(owner + " runs in a transaction of its own: give it a connection in "
                    + "auto-commit mode, with no transaction open");
        }
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (Exception e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                // the connection is broken: the server has rolled back, and the caller's next use fails
            }
        }
    }
}
