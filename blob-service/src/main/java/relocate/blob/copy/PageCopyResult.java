package relocate.blob.copy;

/**
 * What a page's copy did.
 *
 * @param copied  blobs written to the target and checked there by reading them back
 * @param skipped blobs already on the target with the same size and SHA-256, left as they were
 */
public record PageCopyResult(int page, int copied, int skipped, long copiedBytes, long skippedBytes) {

    public int blobs() {
        return copied + skipped;
    }
}
