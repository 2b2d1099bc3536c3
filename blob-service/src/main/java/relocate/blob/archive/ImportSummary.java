package relocate.blob.archive;

/**
 * What an import did.
 *
 * @param imported blobs written to the target and checked there
 * @param skipped  blobs already on the target with the same size and SHA-256
 */
public record ImportSummary(String domain, long imported, long skipped, long importedBytes, long skippedBytes) {
}
