package relocate.catalog.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Failures that need no database: nothing listens, the host does not exist, the URL is not PostgreSQL's. */
class DatabaseConnectorTest {

    private static final String PASSWORD = "s3cret-Passw0rd";

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aPortWhereNothingListensIsUnreachableAndRetryable() throws IOException {
        int port = closedPort();
        long started = System.nanoTime();

        DatabaseFailure failure = assertThrows(DatabaseFailure.class, () -> DatabaseConnector.open("eu-old",
                "jdbc:postgresql://127.0.0.1:" + port + "/app?password=" + PASSWORD, "relocate", PASSWORD, "source"));

        assertEquals(DatabaseFailure.Reason.UNREACHABLE, failure.reason());
        assertTrue(failure.retryable());
        assertEquals("cannot reach the database of source 'eu-old' at 127.0.0.1:" + port + " (connection refused): "
                + "check that PostgreSQL is running there and that this host can reach it, then retry",
                failure.getMessage());
        assertFalse(failure.toString().contains(PASSWORD));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
    }

    @Test
    void anUnknownHostIsUnreachable() {
        DatabaseFailure failure = assertThrows(DatabaseFailure.class, () -> DatabaseConnector.open("eu-new",
                "jdbc:postgresql://db.example.invalid:5433/app", "relocate", PASSWORD, "target"));

        assertEquals(DatabaseFailure.Reason.UNREACHABLE, failure.reason());
        assertTrue(failure.getMessage().contains("target 'eu-new' at db.example.invalid:5433 (unknown host)"),
                failure.getMessage());
    }

    @Test
    void aUrlThatIsNotPostgresIsRefusedWithoutShowingIt() {
        DatabaseFailure failure = assertThrows(DatabaseFailure.class, () -> DatabaseConnector.open("eu-new",
                "jdbc:mysql://db:3306/app?password=" + PASSWORD, "relocate", PASSWORD, "target"));

        assertEquals(DatabaseFailure.Reason.INVALID_URL, failure.reason());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("target 'eu-new'"), failure.getMessage());
        assertFalse(failure.getMessage().contains(PASSWORD));
    }

    @Test
    void aPasswordIsMaskedInAnyTextItAppearsIn() {
        assertEquals("login **** failed", DatabaseConnector.withoutSecret("login " + PASSWORD + " failed", PASSWORD));
        assertEquals("no secret", DatabaseConnector.withoutSecret("no secret", ""));
    }
}
