package relocate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The CLI's one way to talk to the coordinator: JSON over HTTP; errors become {@link ApiException}s with the API's message. */
public final class CoordinatorClient {
    public static final String DEFAULT_URL = "http://127.0.0.1:58080";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CoordinatorClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    /** True when the coordinator answers at all. */
    public boolean reachable() {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/environments"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Accept", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            if (r.statusCode() >= 400) {
                throw new ApiException(r.statusCode(), messageOf(json, r.statusCode()));
            }
            return json;
        } catch (ConnectException e) {
            throw new ApiException(0, "cannot reach the coordinator at " + base
                    + ": start it with `./relocate stack up` (or pass --url / set RELOCATE_URL)");
        } catch (IOException e) {
            throw new ApiException(0, "talking to the coordinator at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    private static String messageOf(JsonNode json, int status) {
        if (json != null) {
            JsonNode errors = json.path("_embedded").path("errors");
            if (errors.isArray() && !errors.isEmpty() && errors.get(0).has("message")) {
                return errors.get(0).get("message").asText();
            }
            if (json.has("message")) {
                return json.get("message").asText();
            }
        }
        return "the coordinator answered HTTP " + status;
    }
}
