package relocate.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import relocate.schemas.Event;
import relocate.schemas.registry.RegistryUnreachableException;
import relocate.schemas.topic.Topics;

/**
 * What the serde decides without a registry: bytes that cannot be in the wire format are poison;
 * a registry that does not answer is not the message's fault. The registry conversations are in AvroSerdeIT.
 */
class AvroSerdeTest {

    private final AvroSerde<Event> serde = AvroSerde.of(Event.class, "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7");

    @Test
    void jsonInsteadOfWireFormatIsPoisonAndSaysSo() {
        SerializationException poison = assertThrows(SerializationException.class,
                () -> serde.deserialize(Topics.EVENTS, "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8)));

        assertTrue(poison.getMessage().contains("first byte is 0x7b"), poison.getMessage());
        assertTrue(poison.getMessage().contains("looks like JSON"), poison.getMessage());
        assertTrue(poison.getMessage().contains("relocate.schemas.Event"), poison.getMessage());
        assertTrue(poison.getMessage().contains(Topics.EVENTS), poison.getMessage());
    }

    @Test
    void messageShorterThanTheHeaderIsPoisonAndSaysSo() {
        SerializationException poison = assertThrows(SerializationException.class,
                () -> serde.deserialize(Topics.EVENTS, new byte[] {0, 0, 1}));

        assertTrue(poison.getMessage().contains("has 3 bytes, fewer than the 5-byte header"), poison.getMessage());
    }

    @Test
    void unreachableRegistryIsNotPoison() {
        RegistryUnreachableException down = assertThrows(RegistryUnreachableException.class,
                () -> serde.deserialize(Topics.EVENTS, new byte[] {0, 0, 0, 0, 7, 2, 'x'}));

        assertTrue(down.getMessage().contains("./relocate stack up"), down.getMessage());
    }

    @Test
    void nullStaysNullBothWays() {
        assertNull(serde.serialize(Topics.STATUS, null), "a tombstone on a compacted topic");
        assertNull(serde.deserialize(Topics.STATUS, null));
    }

    @Test
    void isItsOwnSerializerAndDeserializerWithTopicSubjects() {
        assertSame(serde, serde.serializer());
        assertSame(serde, serde.deserializer());
        assertEquals("relocate.events-value", AvroSerde.subject(Topics.EVENTS, false));
        assertEquals("relocate.events-key", AvroSerde.subject(Topics.EVENTS, true));
        assertEquals(Event.getClassSchema(), serde.schema());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
