package relocate.catalog.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import relocate.catalog.TestDatabases;

class WriteTransactionIT {
    private static final String DATABASE = "write_transaction_it";

    @BeforeAll
    static void table() throws SQLException {
        TestDatabases.create(DATABASE);
        try (Connection c = TestDatabases.connect(DATABASE)) {
            TestDatabases.execute(c, "CREATE TABLE IF NOT EXISTS notes (body text NOT NULL)");
        }
    }

    @Test
    void whatTheWorkWroteIsCommittedWhenItReturns() throws Exception {
        try (Connection c = TestDatabases.connect(DATABASE); Connection other = TestDatabases.connect(DATABASE)) {
            int inserted = WriteTransaction.run(c, "the test", t -> insert(t, "kept"));
            assertEquals(1, inserted);
            assertEquals(1, count(other, "kept"), "visible to another session: committed");
            assertTrue(c.getAutoCommit());
        }
    }

    @Test
    void whatTheWorkWroteIsRolledBackWhenItThrowsItsOwnExceptionOrTheDatabases() throws Exception {
        try (Connection c = TestDatabases.connect(DATABASE)) {
            IOException unreadable = new IOException("the chunk's file is gone");
            IOException thrown = assertThrows(IOException.class, () -> WriteTransaction.run(c, "the test", t -> {
                insert(t, "lost to an I/O failure");
                throw unreadable;
            }));
            assertSame(unreadable, thrown);
            SQLException refused = assertThrows(SQLException.class, () -> WriteTransaction.run(c, "the test", t -> {
                insert(t, "lost to a database failure");
                try (Statement s = t.createStatement()) {
                    s.execute("INSERT INTO notes (body) VALUES (NULL)");
                }
                return null;
            }));
            assertEquals("23502", refused.getSQLState(), refused.getMessage());
            assertEquals(0, count(c, "lost to an I/O failure"));
            assertEquals(0, count(c, "lost to a database failure"));
            assertTrue(c.getAutoCommit(), "left in auto-commit mode after a failure");
        }
    }

    @Test
    void aConnectionWithATransactionOpenIsRefusedBeforeAnyWork() throws Exception {
        try (Connection c = TestDatabases.connect(DATABASE)) {
            c.setAutoCommit(false);
            insert(c, "the caller's");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> WriteTransaction.run(c, "Loader.load", t -> insert(t, "never written")));
            assertTrue(e.getMessage().startsWith("Loader.load runs in a transaction of its own"), e.getMessage());
            assertEquals(1, count(c, "the caller's"), "the caller's transaction neither committed nor lost");
            c.rollback();
            assertEquals(0, count(c, "never written"));
        }
    }

    private static int insert(Connection c, String body) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO notes (body) VALUES (?)")) {
            s.setString(1, body);
            return s.executeUpdate();
        }
    }

    private static long count(Connection c, String body) throws SQLException {
        return TestDatabases.queryLong(c, "SELECT count(*) FROM notes WHERE body = ?", body);
    }
}
