package relocate.artifacts.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.store.ArtifactStore;

/**
 * A chunk's bytes as they are read, checked against the manifest: their SHA-256 is computed on the way
 * and compared at the end, and instead of reporting the end of a chunk that differs, {@code read} throws
 * {@link ChunkCorrupted}. A reader that streams the chunk into a COPY therefore fails before the COPY
 * completes, inside its transaction, and nothing of a damaged chunk is loaded.
 *
 * <p>The size is checked too: a chunk longer than recorded fails as soon as it passes that size, a
 * shorter one at its end. Nothing is buffered beyond what the caller reads (and, for a compressed chunk,
 * one block of the decompressor).
 *
 * <p>A compressed chunk ({@link ManifestChunk#compression()}) is read through its decompressor: what is
 * checked and delivered is the COPY data, and compressed data the decompressor cannot read (a truncated
 * or damaged file) is a {@link ChunkCorrupted} as well.
 */
public final class VerifyingInputStream extends InputStream {

    private final InputStream in;
    private final String chunk;
    private final long expectedBytes;
    private final String expectedSha256;
    private final MessageDigest digest;
    private long bytesRead;
    private boolean verified;
    private ChunkCorrupted corrupted;

    /**
     * @param chunk          how to name the chunk in messages
     * @param expectedBytes  the recorded size, or -1 to check only the hash
     * @param expectedSha256 the recorded SHA-256, hex
     */
    public VerifyingInputStream(InputStream in, String chunk, long expectedBytes, String expectedSha256) {
        this.in = Objects.requireNonNull(in, "in");
        this.chunk = Objects.requireNonNull(chunk, "chunk");
        this.expectedBytes = expectedBytes;
        this.expectedSha256 = Objects.requireNonNull(expectedSha256, "expectedSha256").toLowerCase();
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * The chunk's COPY data out of {@code stored}, its file's bytes as they are (compressed as the manifest
     * records), checked against the manifest.
     */
    public static VerifyingInputStream of(ManifestChunk chunk, InputStream stored) {
        return new VerifyingInputStream(new StoredChunkInput(chunk, stored, null), chunk.describe(), chunk.bytes(),
                chunk.sha256());
    }

    /** Opens the chunk's file in the store: its COPY data, decompressed and checked against the manifest. */
    public static VerifyingInputStream open(ArtifactStore store, String migrationId, ManifestChunk chunk)
            throws IOException {
        return of(chunk, store.open(migrationId, chunk.file()));
    }

    /**
     * Copies the chunk's file from {@code stored} to {@code out} as it is (compressed, if it is), checking
     * on the way that it holds the COPY data the manifest records. Neither stream is closed; {@code out} has
     * every stored byte once this returns, and must be discarded if it throws.
     *
     * @return the stored bytes copied
     * @throws ChunkCorrupted when the file does not hold the recorded data; another {@code IOException}
     *                        when {@code stored} cannot be read or {@code out} written
     */
    public static long copy(ManifestChunk chunk, InputStream stored, OutputStream out) throws IOException {
        StoredChunkInput copying = new StoredChunkInput(chunk, stored, Objects.requireNonNull(out, "out"));
        VerifyingInputStream in = new VerifyingInputStream(copying, chunk.describe(), chunk.bytes(), chunk.sha256());
        in.transferTo(OutputStream.nullOutputStream());
        return copying.storedBytesRead();
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
        if (corrupted != null) {
            throw corrupted;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = in.read(b, off, len);
        } catch (ChunkCorrupted e) {
            throw corrupted(e); // the compressed data is damaged
        }
        if (n < 0) {
            verifyAtEnd();
            return -1;
        }
        digest.update(b, off, n);
        bytesRead += n;
        if (expectedBytes >= 0 && bytesRead > expectedBytes) {
            throw corrupted(new ChunkCorrupted(chunk, expectedSha256, null, "Chunk " + chunk + " is corrupted: it is "
                    + "longer than the " + expectedBytes + " bytes the manifest records. Nothing of it may be loaded; "
                    + "dump the chunk again."));
        }
        return n;
    }

    /** Reads and checks what is skipped, so that skipping cannot hide damage. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return corrupted != null ? 0 : in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Whether the whole chunk was read and matched the manifest. */
    public boolean verified() {
        return verified;
    }

    private void verifyAtEnd() throws ChunkCorrupted {
        if (verified) {
            return;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expectedBytes >= 0 && bytesRead != expectedBytes) {
            throw corrupted(new ChunkCorrupted(chunk, expectedSha256, actual, "Chunk " + chunk + " is corrupted: it has "
                    + bytesRead + " bytes, but the manifest records " + expectedBytes + " (SHA-256 " + actual
                    + ", recorded " + expectedSha256 + "). Nothing of it may be loaded; dump the chunk again."));
        }
        if (!actual.equals(expectedSha256)) {
            throw corrupted(new ChunkCorrupted(chunk, expectedSha256, actual, "Chunk " + chunk + " is corrupted: its "
                    + "SHA-256 is " + actual + ", but the manifest records " + expectedSha256 + ". Nothing of it may be "
                    + "loaded; dump the chunk again."));
        }
        verified = true;
    }

    private ChunkCorrupted corrupted(ChunkCorrupted failure) {
        corrupted = failure;
        return failure;
    }
}
