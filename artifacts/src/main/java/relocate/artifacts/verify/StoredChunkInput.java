package relocate.artifacts.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.manifest.ManifestChunk;

/**
 * A chunk's COPY data out of its stored form: decompressed as the manifest says, and a decoder that
 * fails on the stored bytes (a truncated file, a flipped bit, bytes after the end of the compressed data)
 * reported as {@link ChunkCorrupted}, as a wrong SHA-256 is. A failure of the stored stream itself (the
 * disk, the network), or of where its bytes are copied to, passes as it is: it says nothing of the data.
 *
 * <p>The stored bytes may be copied, as they are read, to another stream ({@link VerifyingInputStream#copy}).
 */
final class StoredChunkInput extends InputStream {

    private final ChunkCompression compression;
    private final String chunk;
    private final String expectedSha256;
    private final Source source;
    private InputStream decoder;
    private boolean ended;

    StoredChunkInput(ManifestChunk chunk, InputStream stored, OutputStream copy) {
        this.compression = chunk.compression();
        this.chunk = chunk.describe();
        this.expectedSha256 = chunk.sha256();
        this.source = new Source(Objects.requireNonNull(stored, "stored"), copy);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        try {
            if (decoder == null) {
                decoder = compression.decompressing(source); // a decoder reads its header at once
            }
            int n = decoder.read(b, off, len);
            if (n < 0) {
                requireNothingAfterTheData();
                ended = true;
            }
            return n;
        } catch (ChunkCorrupted e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (source.failure != null) {
                throw source.failure;
            }
            throw damaged(e);
        }
    }

    @Override
    public int available() {
        try {
            return decoder == null || ended ? 0 : decoder.available();
        } catch (IOException | RuntimeException e) {
            return 0; // the next read reports it
        }
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Stored bytes read so far. */
    long storedBytesRead() {
        return source.count;
    }

    /** Reads the stored stream to its end: a decoder may stop at the end of its data with bytes left behind. */
    private void requireNothingAfterTheData() throws IOException {
        long end = source.count;
        byte[] scratch = new byte[8192];
        while (source.read(scratch, 0, scratch.length) >= 0) {
            if (source.count - end > 1024 * 1024) {
                break; // enough to say so; no need to read a long tail to its end
            }
        }
        if (source.count > end) {
            throw new ChunkCorrupted(chunk, expectedSha256, null, "Chunk " + chunk + " is corrupted: " + (source.count - end)
                    + (source.count - end > 1024 * 1024 ? " or more" : "") + " bytes follow the end of its "
                    + compression.setting() + " data. Nothing of it may be loaded; dump the chunk again.");
        }
    }

    private ChunkCorrupted damaged(Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        ChunkCorrupted corrupted = new ChunkCorrupted(chunk, expectedSha256, null, "Chunk " + chunk + " is corrupted: "
                + "its " + compression.setting() + " data cannot be decompressed (" + reason + ", after " + source.count
                + " bytes of the file). Nothing of it may be loaded; dump the chunk again.");
        corrupted.initCause(cause);
        return corrupted;
    }

    /** The stored stream, counted, copied on when asked, with its own failures told apart from the decoder's. */
    private static final class Source extends InputStream {
        private final InputStream in;
        private final OutputStream copy;
        private long count;
        private IOException failure;

        Source(InputStream in, OutputStream copy) {
            this.in = in;
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
                if (n > 0 && copy != null) {
                    copy.write(b, off, n);
                }
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
