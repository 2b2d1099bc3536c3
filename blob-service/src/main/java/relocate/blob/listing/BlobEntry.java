package relocate.blob.listing;

import java.util.Objects;

/**
 * One blob of a domain as its listing gives it.
 *
 * @param contentType null when the listing does not say (a prefix listing); the copy then takes the source's
 */
public record BlobEntry(String key, long size, String contentType) {

    public BlobEntry {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a blob key cannot be empty");
        }
        if (size < 0) {
            throw new IllegalArgumentException("blob '" + key + "' cannot have a negative size: " + size);
        }
    }
}
