package relocate.blob.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach an environment's blob store: a directory, or an S3-API bucket (AWS or any compatible store:
 * endpoint, region, bucket, key prefix, path-style addressing, an access key id and its secret).
 *
 * <p>{@link #toString()} shows everything but the secret, so settings can be logged.
 *
 * @param name            the store's name in messages, e.g. the environment's: {@code eu-prod}
 * @param directory       FILESYSTEM only: the root directory; a blob's key is its path below it
 * @param endpoint        S3 only: the endpoint URL ({@code http://127.0.0.1:9000}), or null for AWS itself
 * @param region          S3 only: {@code us-east-1} when not given
 * @param bucket          S3 only
 * @param prefix          S3 only: put in front of every key ({@code tenants/}); "" for none
 * @param pathStyle       S3 only: {@code http://host/bucket/key} rather than {@code http://bucket.host/key};
 *                        most S3-compatible stores need it
 * @param accessKeyId     S3 only: null, with a null secret, for the AWS default credentials (environment,
 *                        profile, instance role)
 * @param secretAccessKey S3 only: never shown
 */
public record BlobStoreSettings(String name, Kind kind, Path directory, URI endpoint, String region, String bucket,
                                String prefix, boolean pathStyle, String accessKeyId, String secretAccessKey) {

    public enum Kind { FILESYSTEM, S3 }

    public static final String DEFAULT_REGION = "us-east-1";

    public BlobStoreSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a blob store needs a name (its environment's, for messages)");
        }
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case FILESYSTEM -> {
                if (directory == null) {
                    throw new IllegalArgumentException("blob store '" + name + "' is a directory but names none");
                }
                directory = directory.toAbsolutePath().normalize();
            }
            case S3 -> {
                if (bucket == null || bucket.isBlank()) {
                    throw new IllegalArgumentException("S3 blob store '" + name + "' names no bucket");
                }
                if (endpoint != null && !("http".equalsIgnoreCase(endpoint.getScheme())
                        || "https".equalsIgnoreCase(endpoint.getScheme()))) {
                    throw new IllegalArgumentException("the endpoint of S3 blob store '" + name + "' must be an http:// or "
                            + "https:// URL, not '" + endpoint + "'");
                }
                if ((accessKeyId == null) != (secretAccessKey == null)) {
                    throw new IllegalArgumentException("S3 blob store '" + name + "' needs both an access key id and "
                            + "its secret, or neither (for the AWS default credentials)");
                }
                region = region == null || region.isBlank() ? DEFAULT_REGION : region;
                prefix = prefix == null ? "" : prefix;
            }
        }
    }

    public static BlobStoreSettings filesystem(String name, Path directory) {
        return new BlobStoreSettings(name, Kind.FILESYSTEM, directory, null, null, null, null, false, null, null);
    }

    public static BlobStoreSettings s3(String name, URI endpoint, String region, String bucket, String prefix,
                                       boolean pathStyle, String accessKeyId, String secretAccessKey) {
        return new BlobStoreSettings(name, Kind.S3, null, endpoint, region, bucket, prefix, pathStyle, accessKeyId,
                secretAccessKey);
    }

    /** These settings with another secret (and everything else the same). */
    public BlobStoreSettings withSecret(String newSecretAccessKey) {
        return new BlobStoreSettings(name, kind, directory, endpoint, region, bucket, prefix, pathStyle, accessKeyId,
                newSecretAccessKey);
    }

    /** Where the store is, for messages: {@code S3 store 'eu' (bucket 'blobs', prefix 't/', at http://...)}. */
    public String describe() {
        return switch (kind) {
            case FILESYSTEM -> "file store '" + name + "' (directory " + directory + ")";
            case S3 -> "S3 store '" + name + "' (bucket '" + bucket + "'" + (prefix.isEmpty() ? "" : ", prefix '" + prefix + "'")
                    + ", " + (endpoint == null ? "AWS region " + region : "at " + endpoint) + ")";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FILESYSTEM -> "BlobStoreSettings[name=" + name + ", kind=FILESYSTEM, directory=" + directory + "]";
            case S3 -> "BlobStoreSettings[name=" + name + ", kind=S3, endpoint=" + endpoint + ", region=" + region
                    + ", bucket=" + bucket + ", prefix=" + prefix + ", pathStyle=" + pathStyle + ", accessKeyId="
                    + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? "none" : "****") + "]";
        };
    }
}
