package relocate.blob.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A place blobs live in, by key: a directory ({@link FileBlobStore}) or an S3-API bucket ({@link S3BlobStore}).
 * Everything streams; no blob is ever held in memory whole. Every failure is a {@link BlobStoreException}
 * whose message names the store and never carries a secret.
 *
 * <p>A blob is written only through {@link #put}, which checks the bytes against the size and SHA-256 the
 * caller expects while they stream and makes the blob visible under its key only if they match: a reader
 * never sees half a blob or a blob that failed its check.
 */
public interface BlobStore extends AutoCloseable {

    /** The SHA-256 of a blob as user metadata on stores that keep metadata ({@code x-amz-meta-sha256} on S3). */
    String SHA256_METADATA = "sha256";

    /** Where the store is, for messages to people: its name, bucket, prefix and endpoint; never its secret. */
    String describe();

    /**
     * Fails, saying why, when the store cannot be used at all: not reachable, credentials rejected, no such
     * bucket or directory. Reads nothing else.
     */
    void check() throws BlobStoreException;

    /** What the store knows about the blob, or empty when there is none under the key. */
    Optional<BlobInfo> head(String key) throws BlobStoreException;

    /**
     * Reads a blob; the stream also tells its size, metadata and version. The caller closes it.
     *
     * @throws BlobStoreException NOT_FOUND when there is none
     */
    BlobStream open(String key) throws BlobStoreException;

    /**
     * Writes a blob from {@code content} (read to {@code size} bytes, not closed), replacing any blob under
     * the key. The bytes are hashed as they stream; unless exactly {@code size} bytes with SHA-256
     * {@code sha256} arrive, nothing is stored and a {@link BlobStoreException} with reason
     * {@link BlobStoreException.Reason#CONTENT_MISMATCH CONTENT_MISMATCH} is thrown.
     *
     * @param contentType kept where the store keeps it; null for none
     * @return the new blob's {@link BlobInfo#version() version}
     */
    String put(String key, InputStream content, long size, String sha256, String contentType)
            throws BlobStoreException;

    /** Removes a blob; nothing happens when there is none. */
    void delete(String key) throws BlobStoreException;

    /** Every blob whose key starts with {@code prefix}, streamed to {@code visitor}, in no promised order. */
    void list(String prefix, BlobVisitor<BlobInfo> visitor) throws IOException;

    @Override
    void close();
}
