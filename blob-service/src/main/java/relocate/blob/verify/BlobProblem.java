package relocate.blob.verify;

/**
 * A blob of the domain that is not on the target as on the source.
 *
 * @param page   the page the key is on: {@code PageCopy.copyKeys(migrationId, page, keys)} copies it again
 * @param detail what differs, for people
 */
public record BlobProblem(String key, int page, Kind kind, String detail) {

    public enum Kind {
        /** No object under the key on the target. */
        MISSING,
        /** An object under the key, with another size or SHA-256 than the source's. */
        DIFFERENT
    }
}
