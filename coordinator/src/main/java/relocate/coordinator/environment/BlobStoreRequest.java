package relocate.coordinator.environment;

import io.micronaut.serde.annotation.Serdeable;

/**
 * An environment's blob store as the API takes it: a directory ({@code kind} fs, {@code path}) or any S3-API
 * store ({@code kind} s3: endpoint, region, bucket, prefix, path-style, credentials), and how the domain's
 * blobs are found: a query on the environment's database ({@code listQuery}, its one parameter the domain,
 * returning key, size and content type) or a key prefix ({@code listPrefix}, {@code {domain}} filled in).
 * {@code toString} leaves the secret out.
 */
@Serdeable
public record BlobStoreRequest(String kind, String path, String endpoint, String region, String bucket, String prefix,
                               Boolean pathStyle, String accessKeyId, String secretAccessKey, String listQuery,
                               String listPrefix) {

    /** The domain's blobs when neither a query nor a prefix is given: the keys under its name. */
    public static final String DEFAULT_LIST_PREFIX = "{domain}/";

    @Override
    public String toString() {
        return "BlobStoreRequest[kind=" + kind + ", path=" + path + ", endpoint=" + endpoint + ", bucket=" + bucket
                + ", prefix=" + prefix + ", accessKeyId=" + accessKeyId + "]";
    }

    /** @throws IllegalArgumentException naming what is missing or wrong and what to give */
    StoredBlobStore checked(String sealedSecret) {
        if ("fs".equals(kind)) {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("blobStore.path is required for a filesystem store (kind fs): "
                        + "the directory holding the blobs");
            }
        } else if ("s3".equals(kind)) {
            if (bucket == null || bucket.isBlank()) {
                throw new IllegalArgumentException("blobStore.bucket is required for an S3 store (kind s3)");
            }
            if (endpoint != null && !endpoint.matches("https?://.+")) {
                throw new IllegalArgumentException("blobStore.endpoint '" + endpoint + "' is not an http(s) URL");
            }
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new IllegalArgumentException("give both blobStore.accessKeyId and blobStore.secretAccessKey, "
                        + "or neither (the SDK's default credentials)");
            }
        } else {
            throw new IllegalArgumentException("blobStore.kind is fs (a directory) or s3 (an S3-API store), not '"
                    + kind + "'");
        }
        if (listQuery != null && listPrefix != null) {
            throw new IllegalArgumentException("give blobStore.listQuery or blobStore.listPrefix, not both");
        }
        if (listPrefix != null && !listPrefix.contains("{domain}")) {
            throw new IllegalArgumentException("blobStore.listPrefix must contain {domain}, for example {domain}/");
        }
        return new StoredBlobStore(kind, path, endpoint, region == null ? "us-east-1" : region, bucket,
                prefix == null ? "" : prefix, pathStyle == null || pathStyle, accessKeyId, sealedSecret, listQuery,
                listQuery == null && listPrefix == null ? DEFAULT_LIST_PREFIX : listPrefix);
    }
}
