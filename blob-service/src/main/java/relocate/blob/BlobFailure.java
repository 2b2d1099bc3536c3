package relocate.blob;

import java.io.IOException;

/**
 * Blobs could not be listed, copied, verified, undone or archived. The message is for the operator: it
 * names the store, the key or the page, and says what to do; it never contains a secret.
 *
 * <p>An {@link IOException}, so that it passes through the streams blobs are copied with unchanged.
 * {@link #retryable()} says whether running the same work again unchanged may succeed (a store that was
 * unreachable may be back), as opposed to needing a person (a key that differs on the target, a wrong secret).
 */
public class BlobFailure extends IOException {

    private final boolean retryable;

    public BlobFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public BlobFailure(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
