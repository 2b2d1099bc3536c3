package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The DNS record users reach a domain by in this environment: {@code record} a name with {@code {domain}}
 * in it ({@code {domain}.apps.example.}), a CNAME to this environment's {@code address}, in {@code zone} on
 * the authoritative {@code server}, updated with the TSIG key. {@code toString} leaves the secret out.
 */
@Serdeable
public record DnsRequest(String server, Integer port, String zone, String record, String address, String keyName,
                         String keyAlgorithm, String keySecret, Integer ttl) {

    @Override
    public String toString() {
        return "DnsRequest[server=" + server + ", port=" + port + ", zone=" + zone + ", record=" + record
                + ", address=" + address + ", keyName=" + keyName + "]";
    }

    /** @throws IllegalArgumentException naming what is missing or wrong and what to give */
    StoredDns checked(String sealedSecret) {
        require(server, "server", "the host of the zone's authoritative server");
        require(zone, "zone", "the zone holding the record, like apps.example.");
        require(record, "record", "the record's name with {domain} in it, like {domain}.apps.example.");
        require(address, "address", "what the record points at in this environment, like env-b.example.");
        require(keyName, "keyName", "the TSIG key's name");
        require(keySecret, "keySecret", "the TSIG key's secret (base64)");
        String absoluteZone = absolute(zone);
        String absoluteRecord = absolute(record);
        if (!absoluteRecord.contains("{domain}")) {
            throw new IllegalArgumentException("dns.record must contain {domain}, like {domain}." + absoluteZone);
        }
        if (!absoluteRecord.endsWith("." + absoluteZone)) {
            throw new IllegalArgumentException("dns.record " + absoluteRecord + " is not in zone " + absoluteZone);
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("dns.port " + port + " is not a port number");
        }
        if (ttl != null && ttl < 1) {
            throw new IllegalArgumentException("dns.ttl must be a positive number of seconds, like 60");
        }
        return new StoredDns(server, port == null ? 53 : port, absoluteZone, absoluteRecord, absolute(address),
                keyName, keyAlgorithm == null ? "hmac-sha256" : keyAlgorithm, sealedSecret, ttl == null ? 60 : ttl);
    }

    private static void require(String value, String field, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("dns." + field + " is required: " + what);
        }
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
