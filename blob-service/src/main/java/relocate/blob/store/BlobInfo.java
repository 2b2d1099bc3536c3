package relocate.blob.store;

import java.util.Objects;

/**
 * What a store says about one blob without reading it.
 *
 * @param key         the blob's key, relative to the store (without an S3 store's prefix)
 * @param size        bytes
 * @param sha256      the SHA-256 (hex) the store keeps as user metadata {@code sha256}, or null when it keeps none
 *                    (a file store, or an object written by someone else): a claim, checked by reading when it matters
 * @param contentType the content type the store keeps, or null
 * @param version     what changes whenever the blob is rewritten (an S3 ETag; a file's modification time and
 *                    identity), so that a blob seen unchanged since it was checked need not be read again
 */
public record BlobInfo(String key, long size, String sha256, String contentType, String version) {

    public BlobInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        if (size < 0) {
            throw new IllegalArgumentException("a blob's size cannot be negative: " + size);
        }
    }
}
