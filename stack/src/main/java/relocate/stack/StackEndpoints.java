package relocate.stack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where clients reach the local stack. The PostgreSQL superuser {@link #postgresUser()} needs no password
 * over 127.0.0.1; every other role is checked with scram-sha-256. {@link #toString()} shows no secret.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param registryUrl      the schema registry's Confluent-compatible base URL (ends in {@code /apis/ccompat/v7})
 * @param dns              the DNS server (BIND), its zone and the TSIG key for dynamic updates
 */
public record StackEndpoints(String host, int postgresPort, String postgresUser, String bootstrapServers,
                             String registryUrl, DnsServerEndpoint dns) {

    /** A JDBC URL for one database of the local PostgreSQL, without user or password. */
    public String jdbcUrl(String database) {
        // the driver URL-decodes the database name, so a name with '/' or '?' survives the trip
        String encoded = URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        return "jdbc:postgresql://" + host + ":" + postgresPort + "/" + encoded;
    }

    /**
     * The settings a Relocate process (coordinator, services, the all-in-one server) needs to run on this
     * stack, keyed as in its configuration; the coordinator keeps its state in {@code coordinatorDatabase}.
     */
    public Map<String, String> relocateProperties(String coordinatorDatabase) {
        return Map.of(
                "relocate.kafka.bootstrap-servers", bootstrapServers,
                "relocate.kafka.schema-registry-url", registryUrl,
                "datasources.default.url", jdbcUrl(coordinatorDatabase),
                "datasources.default.username", postgresUser,
                "datasources.default.password", "");
    }
}
