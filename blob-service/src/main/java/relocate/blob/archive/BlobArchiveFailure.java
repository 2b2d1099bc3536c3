package relocate.blob.archive;

import java.util.List;

import relocate.blob.BlobFailure;

/**
 * A blob archive could not be written or imported: the source changed while it was exported, the archive is
 * damaged, truncated or not a blob archive, or blobs in it differ from those on the target (named in
 * {@link #keys()}; nothing was overwritten).
 */
public class BlobArchiveFailure extends BlobFailure {

    private final List<String> keys;

    public BlobArchiveFailure(String message, boolean retryable) {
        this(message, retryable, null, List.of());
    }

    public BlobArchiveFailure(String message, boolean retryable, Throwable cause) {
        this(message, retryable, cause, List.of());
    }

    public BlobArchiveFailure(String message, boolean retryable, Throwable cause, List<String> keys) {
        super(message, retryable, cause);
        this.keys = List.copyOf(keys);
    }

    /** The keys the failure is about, where it is about some. */
    public List<String> keys() {
        return keys;
    }
}
