package relocate.blob.store;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Objects;

/** A blob being read, with what the store said about it when it was opened: one request for both. */
public class BlobStream extends FilterInputStream {

    private final BlobInfo info;

    protected BlobStream(InputStream in, BlobInfo info) {
        super(Objects.requireNonNull(in, "in"));
        this.info = Objects.requireNonNull(info, "info");
    }

    /** The size, metadata and version of the blob being read. */
    public BlobInfo info() {
        return info;
    }
}
