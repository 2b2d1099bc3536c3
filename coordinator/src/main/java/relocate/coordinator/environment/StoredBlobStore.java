package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;

/** An environment's blob store as the coordinator keeps it (JSON in environment.blob_store): the secret sealed. */
@Serdeable
public record StoredBlobStore(String kind, String path, String endpoint, String region, String bucket, String prefix,
                              boolean pathStyle, String accessKeyId, String sealedSecretKey, String listQuery,
                              String listPrefix) {

    @Override
    public String toString() {
        return "StoredBlobStore[kind=" + kind + ", path=" + path + ", endpoint=" + endpoint + ", bucket=" + bucket + "]";
    }
}
