package relocate.blob.store;

/** Opens the blob store that settings describe. */
public final class BlobStores {

    private BlobStores() {
    }

    /** A store ready to use; nothing is contacted until the first operation (call {@link BlobStore#check()} to fail early). */
    public static BlobStore open(BlobStoreSettings settings) {
        return switch (settings.kind()) {
            case FILESYSTEM -> new FileBlobStore(settings.name(), settings.directory());
            case S3 -> new S3BlobStore(settings);
        };
    }
}
