package relocate.dumper.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

class WebhookFreezeTest {

    private static final String MIGRATION = "3f2a9c41-07de-4b1e-9a4c-5d8e2b7f1a60";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SECRET = "s3cr3t-Tok3n";

    private record Received(String method, String path, String query, String contentType, String authorization,
                            String body) {
    }

    /** What the endpoint answers next: a status and a body. */
    private volatile int status = 200;
    private volatile String answer = "";

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService handlers;

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/relocate/freeze", this::record);
        server.createContext("/slow", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange);
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private void record(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(body.readAllBytes(), StandardCharsets.UTF_8)));
        }
        respond(exchange);
    }

    private void respond(HttpExchange exchange) throws IOException {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private URI endpoint(String rest) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + rest);
    }

    private static Map<String, String> json(String body) throws IOException {
        return new ObjectMapper().readValue(body, new TypeReference<Map<String, String>>() { });
    }

    @Test
    void freezePostsTheActionDomainAndMigrationAsJson() throws IOException {
        WebhookFreeze.freeze(endpoint("/relocate/freeze"), "acme \"eu\"", MIGRATION, TIMEOUT);

        assertEquals(1, received.size());
        Received request = received.get(0);
        assertEquals("POST", request.method());
        assertEquals("/relocate/freeze", request.path());
        assertEquals("application/json", request.contentType());
        assertNull(request.authorization());
        assertEquals(Map.of("action", "freeze", "domain", "acme \"eu\"", "migrationId", MIGRATION),
                json(request.body()));
    }

    @Test
    void unfreezePostsTheUnfreezeAction() throws IOException {
        status = 204;

        WebhookFreeze.unfreeze(endpoint("/relocate/freeze"), "acme", MIGRATION, TIMEOUT);

        assertEquals(Map.of("action", "unfreeze", "domain", "acme", "migrationId", MIGRATION),
                json(received.get(0).body()));
    }

    @Test
    void aRepeatedFreezeSendsTheSameRequestAgain() {
        WebhookFreeze.freeze(endpoint("/relocate/freeze"), "acme", MIGRATION, TIMEOUT);
        WebhookFreeze.freeze(endpoint("/relocate/freeze"), "acme", MIGRATION, TIMEOUT);

        assertEquals(2, received.size());
        assertEquals(received.get(0), received.get(1));
    }

    @Test
    void userinfoIsSentAsBasicAuthorizationAndTheQueryAsIs() {
        WebhookFreeze.freeze(URI.create("http://relocate:" + SECRET + "@127.0.0.1:" + server.getAddress().getPort()
                + "/relocate/freeze?token=" + SECRET), "acme", MIGRATION, TIMEOUT);

        Received request = received.get(0);
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("relocate:" + SECRET).getBytes(StandardCharsets.UTF_8)),
                request.authorization());
        assertEquals("token=" + SECRET, request.query());
    }

    @Test
    void a503FailsRetryableNamingTheStatusAndTheStartOfTheBody() {
        status = 503;
        answer = "maintenance until 14:00 " + "x".repeat(WebhookFreeze.QUOTED_BODY_CHARS) + "BEYOND";

        FreezeFailure failure = assertThrows(FreezeFailure.class,
                () -> WebhookFreeze.freeze(endpoint("/relocate/freeze"), "acme", MIGRATION, TIMEOUT));

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("HTTP 503"), failure.getMessage());
        assertTrue(failure.getMessage().contains("maintenance until 14:00"), failure.getMessage());
        assertFalse(failure.getMessage().contains("BEYOND"), failure.getMessage());
        assertTrue(failure.getMessage().contains("http://127.0.0.1:" + server.getAddress().getPort()
                + "/relocate/freeze"), failure.getMessage());
    }

    @Test
    void a404FailsForGood() {
        status = 404;

        FreezeFailure failure = assertThrows(FreezeFailure.class,
                () -> WebhookFreeze.unfreeze(endpoint("/relocate/freeze"), "acme", MIGRATION, TIMEOUT));

        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("HTTP 404"), failure.getMessage());
        assertTrue(failure.getMessage().contains("stays frozen"), failure.getMessage());
    }

    @Test
    void aClosedPortFailsRetryable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }

        FreezeFailure failure = assertThrows(FreezeFailure.class, () -> WebhookFreeze.freeze(
                URI.create("http://127.0.0.1:" + closed + "/relocate/freeze"), "acme", MIGRATION, TIMEOUT));

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("cannot be reached"), failure.getMessage());
    }

    @Test
    void anEndpointThatDoesNotAnswerInTimeFailsRetryable() {
        FreezeFailure failure = assertThrows(FreezeFailure.class, () -> WebhookFreeze.freeze(endpoint("/slow"),
                "acme", MIGRATION, Duration.ofMillis(300)));

        assertTrue(failure.retryable());
        assertTrue(failure.getMessage().contains("did not answer within 300 ms"), failure.getMessage());
    }

    @Test
    void secretsInUserinfoAndQueryNeverAppearInAFailure() throws IOException {
        status = 401;
        answer = "bad token " + SECRET; // an application that echoes what it was sent
        int port = server.getAddress().getPort();
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }

        List<URI> urls = List.of(
                URI.create("http://relocate:" + SECRET + "@127.0.0.1:" + port + "/relocate/freeze?token=" + SECRET),
                URI.create("http://relocate:" + SECRET + "@127.0.0.1:" + closed + "/relocate/freeze?token=" + SECRET),
                URI.create("ftp://relocate:" + SECRET + "@127.0.0.1:" + port + "/relocate/freeze?token=" + SECRET));
        for (URI url : urls) {
            FreezeFailure failure = assertThrows(FreezeFailure.class,
                    () -> WebhookFreeze.freeze(url, "acme", MIGRATION, TIMEOUT));
            assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
            assertFalse(failure.getMessage().contains("token="), failure.getMessage());
            assertTrue(failure.getMessage().contains("127.0.0.1:"), failure.getMessage());
        }
    }

    @Test
    void anInvalidUrlIsRefusedBeforeAnyRequest() {
        URI ftp = URI.create("ftp://127.0.0.1:" + server.getAddress().getPort() + "/relocate/freeze");

        FreezeFailure failure = assertThrows(FreezeFailure.class,
                () -> WebhookFreeze.freeze(ftp, "acme", MIGRATION, TIMEOUT));

        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().contains("must be http or https"), failure.getMessage());
        assertTrue(failure.getMessage().contains("such as https://"), failure.getMessage());
        assertTrue(received.isEmpty());
    }

    @Test
    void redactedKeepsSchemeHostPortAndPathOnly() {
        assertEquals("https://app.example.com:443/relocate/freeze",
                WebhookFreeze.redacted(URI.create("https://user:pw@app.example.com/relocate/freeze?key=k#top")));
        assertEquals("http://app.example.com:8080/",
                WebhookFreeze.redacted(URI.create("HTTP://app.example.com:8080?key=k")));
        assertEquals("http://[::1]:80/hook", WebhookFreeze.redacted(URI.create("http://[::1]/hook")));
        assertEquals("http://(no host)", WebhookFreeze.redacted(URI.create("http://user:pw@under_score/hook")));
        assertEquals("ftp://files.example.com/hook", WebhookFreeze.redacted(URI.create("ftp://u:pw@files.example.com/hook")));
        assertEquals("//app.example.com:8080/hook", WebhookFreeze.redacted(URI.create("//u:pw@app.example.com:8080/hook")));
    }

    @Test
    void parseUrlAcceptsHttpAndHttpsUrls() {
        assertEquals(URI.create("https://app.example.com:8443/relocate/freeze?token=t"),
                WebhookFreeze.parseUrl(" https://app.example.com:8443/relocate/freeze?token=t\n"));
        assertEquals(URI.create("http://u:p@10.0.0.5/hook"), WebhookFreeze.parseUrl("http://u:p@10.0.0.5/hook"));
    }

    @Test
    void parseUrlRefusesWhatIsNoHttpUrlWithoutRepeatingIt() {
        Map<String, String> problems = Map.of(
                "", "no freeze webhook URL is given",
                "app.example.com/relocate/freeze?token=" + SECRET, "has no scheme",
                "//u:" + SECRET + "@app.example.com/relocate/freeze", "has no scheme",
                "relocate:" + SECRET + "@app.example.com/relocate/freeze", "has no scheme",
                "ftp://u:" + SECRET + "@app.example.com/relocate/freeze", "must be http or https, not ftp",
                "http:///relocate/freeze?token=" + SECRET, "has no host name",
                "http://u:" + SECRET + "@under_score.example.com/relocate/freeze", "has no host name",
                "http://app.example.com:0/relocate/freeze", "has no valid port",
                "https://app.example.com/relocate freeze?token=" + SECRET, "is not a valid URL");
        problems.forEach((text, problem) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> WebhookFreeze.parseUrl(text), text);
            assertTrue(refused.getMessage().contains(problem), refused.getMessage());
            assertTrue(refused.getMessage().contains("such as https://"), refused.getMessage());
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
            assertFalse(refused.getMessage().contains("relocate:"), refused.getMessage());
        });
    }
}
