package relocate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StackPortsTest {

    @Test
    void defaultsAreTheDocumentedPorts() {
        assertEquals(new StackPorts(55432, 59092, 59093, 58081, 55353), StackPorts.fromEnvironment(Map.of()));
    }

    @Test
    void eachPortHasItsOwnEnvironmentVariable() {
        StackPorts ports = StackPorts.fromEnvironment(Map.of(
                "RELOCATE_PG_PORT", "1001", "RELOCATE_KAFKA_PORT", "1002",
                "RELOCATE_KAFKA_CONTROLLER_PORT", "1003", "RELOCATE_REGISTRY_PORT", " 1004 ",
                "RELOCATE_DNS_PORT", "1005"));

        assertEquals(new StackPorts(1001, 1002, 1003, 1004, 1005), ports);
    }

    @Test
    void aValueThatIsNotAPortNamesItsVariable() {
        StackException e = assertThrows(StackException.class,
                () -> StackPorts.fromEnvironment(Map.of("RELOCATE_KAFKA_PORT", "kafka")));

        assertTrue(e.getMessage().contains("RELOCATE_KAFKA_PORT"), e.getMessage());
    }

    @Test
    void twoServersCannotShareAPort() {
        assertThrows(StackException.class, () -> new StackPorts(5000, 5000, 5001, 5002, 5003));
        assertThrows(StackException.class, () -> new StackPorts(5000, 5001, 5002, 5003, 5000));
        assertThrows(StackException.class, () -> new StackPorts(0, 5000, 5001, 5002, 5003));
    }

    @Test
    void freePortsAreDistinctAndBindable() throws IOException {
        StackPorts ports = StackPorts.free();

        Set<Integer> distinct = Set.of(ports.postgres(), ports.kafka(), ports.kafkaController(), ports.registry(),
                ports.dns());
        assertEquals(5, distinct.size());
        for (int port : distinct) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
        // named listens for UDP as well
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                ports.dns()))) {
            assertEquals(ports.dns(), socket.getLocalPort());
        }
    }
}
