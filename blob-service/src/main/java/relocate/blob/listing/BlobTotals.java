package relocate.blob.listing;

/** How many blobs a domain has and their bytes. */
public record BlobTotals(long blobs, long bytes) {

    public static final BlobTotals NONE = new BlobTotals(0, 0);

    public BlobTotals plus(BlobEntry entry) {
        return new BlobTotals(blobs + 1, bytes + entry.size());
    }
}
