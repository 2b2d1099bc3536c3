package relocate.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import relocate.schemas.Event;

/** The client against no registry at all; its conversations with a real one are in AvroSerdeIT. */
class SchemaRegistryClientTest {

    @Test
    void unreachableRegistryNamesTheUrlAndHowToStartTheStack() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7";
        SchemaRegistryClient client = new SchemaRegistryClient(url + "/");

        RegistryUnreachableException down = assertThrows(RegistryUnreachableException.class,
                () -> client.register("relocate.events-value", Event.getClassSchema()));

        assertTrue(down.getMessage().contains(url), down.getMessage());
        assertTrue(down.getMessage().contains("./relocate stack up"), down.getMessage());
        assertEquals(0, down.httpStatus());
        assertThrows(RegistryUnreachableException.class, () -> client.schemaById(1));
    }

    @Test
    void baseUrlLosesItsTrailingSlash() {
        assertEquals("http://127.0.0.1:1/apis/ccompat/v7",
                new SchemaRegistryClient("http://127.0.0.1:1/apis/ccompat/v7/").baseUrl());
    }

    /** A port nothing listens on: bound once by us, then released. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
