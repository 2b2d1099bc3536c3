package relocate.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import com.sun.net.httpserver.HttpServer;
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
    void aRegistrationTheRegistryFailedWithAServerErrorIsAskedAgain() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        HttpServer registry = registry(() -> asked.incrementAndGet() < 3
                ? new Answer(500, "{\"message\":\"Timeout trying to lock table\",\"error_code\":50001}")
                : new Answer(200, "{\"id\":7}"));
        try {
            assertEquals(7, client(registry).register("relocate.events-value", Event.getClassSchema()));
            assertEquals(3, asked.get());
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void aRegistrationThatKeepsFailingNamesTheRegistrysAnswer() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        HttpServer registry = registry(() -> {
            asked.incrementAndGet();
            return new Answer(500, "{\"message\":\"storage down\"}");
        });
        try {
            SchemaRegistryException failed = assertThrows(SchemaRegistryException.class,
                    () -> client(registry).register("relocate.events-value", Event.getClassSchema()));
            assertTrue(failed.getMessage().contains("HTTP 500") && failed.getMessage().contains("storage down"),
                    failed.getMessage());
            assertEquals(1 + SchemaRegistryClient.SERVER_ERROR_RETRIES, asked.get());
        } finally {
            registry.stop(0);
        }
    }

    private record Answer(int status, String body) {
    }

    /** A registry on loopback that gives every request the next answer. */
    private static HttpServer registry(Supplier<Answer> answers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Answer answer = answers.get();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static SchemaRegistryClient client(HttpServer registry) {
        return new SchemaRegistryClient("http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/ccompat/v7");
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
