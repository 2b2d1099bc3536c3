package relocate.blob.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;

/**
 * The bytes of a blob being written, checked as they stream: never more than the expected size is read
 * from the source, and the read that completes that size throws {@link BlobStoreException}
 * ({@code CONTENT_MISMATCH}) instead of returning its bytes when the SHA-256 differs. A writer (the S3
 * client sending a body, a file being filled) therefore never receives a complete wrong blob, and the
 * store never makes one visible. A source that ends early fails the same way.
 */
final class CheckedContent extends InputStream {

    private final InputStream in;
    private final long size;
    private final String sha256;
    private final String what;
    private final MessageDigest digest = ContentHash.newDigest();
    private long read;
    private BlobStoreException mismatch;

    /** @param what the blob and store, for the message: {@code "key 'a/b' in S3 store 'target' (...)"} */
    CheckedContent(InputStream in, long size, String sha256, String what) {
        this.in = Objects.requireNonNull(in, "in");
        if (size < 0) {
            throw new IllegalArgumentException("a blob's size cannot be negative: " + size);
        }
        if (!ContentHash.isSha256(sha256)) {
            throw new IllegalArgumentException("'" + sha256 + "' is not a SHA-256 in hex");
        }
        this.size = size;
        this.sha256 = sha256.toLowerCase(Locale.ROOT);
        this.what = what;
    }

    /** For an empty blob, where no read ever happens: fails now if the expected hash is not that of no bytes. */
    void checkIfEmpty() throws BlobStoreException {
        if (size == 0 && !sha256.equals(ContentHash.EMPTY_SHA256)) {
            throw fail("0 bytes with SHA-256 " + ContentHash.EMPTY_SHA256);
        }
    }

    /** The mismatch found, or null: what a writer reports whatever its client made of the failed read. */
    BlobStoreException mismatch() {
        return mismatch;
    }

    /** Bytes read so far. */
    long bytesRead() {
        return read;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (mismatch != null) {
            throw mismatch;
        }
        if (read == size) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, size - read));
        if (n < 0) {
            throw fail("only " + read + " bytes (the source ended early)");
        }
        digest.update(b, off, n);
        read += n;
        if (read == size) {
            String actual = ContentHash.hex(digest);
            if (!actual.equals(sha256)) {
                throw fail(size + " bytes with SHA-256 " + actual);
            }
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), size - read);
    }

    /** Leaves the source open: its owner closes it. */
    @Override
    public void close() {
    }

    private BlobStoreException fail(String got) {
        mismatch = new BlobStoreException(BlobStoreException.Reason.CONTENT_MISMATCH, "The bytes written to " + what
                + " are not the expected " + size + " bytes with SHA-256 " + sha256 + ": got " + got
                + ". Nothing was stored under the key. The source changed while it was read, or a stored "
                + "size or hash is wrong: check the source, then copy the blob again.");
        return mismatch;
    }
}
