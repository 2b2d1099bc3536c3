package relocate.blob.listing;

import relocate.blob.BlobFailure;

/** A domain's blobs could not be listed: the query failed or returned something that is not a blob. */
public class BlobListingFailure extends BlobFailure {

    public BlobListingFailure(String message, boolean retryable, Throwable cause) {
        super(message, retryable, cause);
    }
}
