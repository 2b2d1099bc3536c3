package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;

/** An environment's DNS record as the coordinator keeps it (JSON in environment.dns): the key's secret sealed. */
@Serdeable
public record StoredDns(String server, int port, String zone, String record, String address, String keyName,
                        String keyAlgorithm, String sealedKeySecret, int ttl) {

    /** The record's name for {@code domain}. */
    public String recordOf(String domain) {
        return record.replace("{domain}", domain);
    }

    @Override
    public String toString() {
        return "StoredDns[server=" + server + ":" + port + ", zone=" + zone + ", record=" + record + "]";
    }
}
