package relocate.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A small client of a schema registry's Confluent-compatible REST API (the Confluent client is not
 * on our package mirror). Base URL is the API root, e.g. {@code http://127.0.0.1:58081/apis/ccompat/v7}
 * for Apicurio 2.4.
 *
 * <p>Registrations and schemas by id are cached for the life of the client: a schema id never changes
 * meaning, and registering the same schema under the same subject answers the same id. Thread-safe.
 */
public final class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Registrations the registry failed with a server error are asked again this many times. */
    static final int SERVER_ERROR_RETRIES = 3;

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The API root this client talks to. */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it already there) and answers its id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility rule refuses the schema
     * @throws RegistryUnreachableException when the registry does not answer
     */
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        // Two threads may both register the first time: harmless, the registry answers the same id.
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        String url = baseUrl + "/subjects/" + pathSegment(subject) + "/versions";
        Supplier<HttpResponse<String>> post = () -> send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), url);
        HttpResponse<String> response = post.get();
        for (int retry = 1; response.statusCode() >= 500 && retry <= SERVER_ERROR_RETRIES; retry++) {
            // Apicurio's storage can time out on a lock when registrations arrive together (several processes
            // starting at once): HTTP 500 "Timeout trying to lock table". Registering is idempotent: ask again.
            pauseBeforeRetry(retry);
            response = post.get();
        }
        int status = response.statusCode();
        if (status == 409 && registryMessage(response).contains("already exists")) {
            // Apicurio refuses the second of two first registrations of a subject made at once (two processes
            // starting together): the subject exists now, so registering again adds the version or finds it
            response = send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())), url);
            status = response.statusCode();
        }
        if (status == 409) {
            // Apicurio answers 409 with error_code 0, so the status is what tells.
            throw new IncompatibleSchemaException("The schema registry at " + baseUrl + " refused schema "
                    + schema.getFullName() + " for subject '" + subject
                    + "': it is incompatible with the versions already registered under that subject ("
                    + registryMessage(response) + "). Make the change compatible (new fields need a default; "
                    + "never change a field's type), or publish it under a new subject.", subject);
        }
        if (status != 200) {
            throw failure("register schema " + schema.getFullName() + " under subject '" + subject + "'", url, response);
        }
        int id = readJson(response, url).path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("The schema registry at " + baseUrl + " answered registration of subject '"
                    + subject + "' without an id: " + response.body(), status);
        }
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * The schema with the given id.
     *
     * @throws SchemaNotFoundException when the registry has no schema with that id
     * @throws RegistryUnreachableException when the registry does not answer
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String url = baseUrl + "/schemas/ids/" + id;
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET(), url);
        if (response.statusCode() == 404) {
            throw new SchemaNotFoundException("The schema registry at " + baseUrl + " has no schema with id " + id
                    + " (" + registryMessage(response) + "). The data was written against another registry, "
                    + "or this registry lost its storage (the local stack's registry keeps schemas in memory "
                    + "unless REGISTRY_DATASOURCE_URL is set).", id);
        }
        if (response.statusCode() != 200) {
            throw failure("fetch schema id " + id, url, response);
        }
        String text = readJson(response, url).path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("The schema registry at " + baseUrl + " answered " + url
                    + " without a schema: " + response.body(), response.statusCode());
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("Schema id " + id + " in the registry at " + baseUrl
                    + " is not an Avro schema this client can read (" + e.getMessage() + ")", e);
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /**
     * The id of the latest schema registered under {@code subject}, its schema cached as {@link #schemaById}
     * would; empty when nothing is registered under it yet. Read-only: a consumer may ask.
     *
     * @throws RegistryUnreachableException when the registry does not answer
     */
    public java.util.OptionalInt latestId(String subject) {
        String url = baseUrl + "/subjects/" + pathSegment(subject) + "/versions/latest";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET(), url);
        if (response.statusCode() == 404) {
            return java.util.OptionalInt.empty();
        }
        if (response.statusCode() != 200) {
            throw failure("fetch the latest schema of subject '" + subject + "'", url, response);
        }
        JsonNode latest = readJson(response, url);
        int id = latest.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("The schema registry at " + baseUrl + " answered " + url
                    + " without an id: " + response.body(), response.statusCode());
        }
        schemaById(id);
        return java.util.OptionalInt.of(id);
    }

    /**
     * Sets the compatibility rule of one subject. Apicurio applies none by default (Confluent applies
     * BACKWARD), so without a rule the registry accepts any change.
     */
    public void setCompatibility(String subject, Compatibility compatibility) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", compatibility.name());
        String url = baseUrl + "/config/" + pathSegment(subject);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())), url);
        if (response.statusCode() != 200) {
            throw failure("set compatibility " + compatibility + " on subject '" + subject + "'", url, response);
        }
    }

    private static void pauseBeforeRetry(int retry) {
        try {
            Thread.sleep(200L * retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException("Interrupted while waiting to register a schema again", e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String url) {
        HttpRequest built = request
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryUnreachableException("The schema registry at " + baseUrl + " is unreachable ("
                    + built.method() + " " + url + ": " + describe(e) + "). Is it running? For the local stack, "
                    + "start it with `./relocate stack up`; otherwise check the registry URL.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnreachableException("Interrupted while waiting for the schema registry at " + baseUrl
                    + " (" + built.method() + " " + url + ")", e);
        }
    }

    private SchemaRegistryException failure(String action, String url, HttpResponse<String> response) {
        return new SchemaRegistryException("Could not " + action + ": the schema registry at " + baseUrl
                + " answered HTTP " + response.statusCode() + " to " + response.request().method() + " " + url
                + ": " + registryMessage(response), response.statusCode());
    }

    /** The "message" of a Confluent-style error body, or the raw body when it is not one. */
    private static String registryMessage(HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body().strip();
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (JsonProcessingException notJson) {
            // fall through to the raw body
        }
        return body.isEmpty() ? "(empty body)" : body;
    }

    private JsonNode readJson(HttpResponse<String> response, String url) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("The schema registry at " + baseUrl + " answered " + url
                    + " with something that is not JSON: " + response.body(), response.statusCode());
        }
    }

    private static String describe(IOException e) {
        // the JDK client often throws a bare ConnectException whose causes carry no message either
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + baseUrl + "]";
    }
}
