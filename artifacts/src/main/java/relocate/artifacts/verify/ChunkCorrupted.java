package relocate.artifacts.verify;

import java.io.IOException;

/**
 * A chunk's bytes are not the ones the manifest records (another size or another SHA-256): the file was
 * damaged in storage or in transfer. Nothing read from it may be kept; the chunk must be dumped again.
 *
 * <p>An {@link IOException}, thrown from the chunk's stream at its end, so that a COPY that is reading the
 * chunk fails inside its transaction and loads nothing.
 */
public class ChunkCorrupted extends IOException {

    private final String chunk;
    private final String expectedSha256;
    private final String actualSha256;

    public ChunkCorrupted(String chunk, String expectedSha256, String actualSha256, String message) {
        super(message);
        this.chunk = chunk;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    /** The chunk as {@code ManifestChunk.describe()} names it. */
    public String chunk() {
        return chunk;
    }

    public String expectedSha256() {
        return expectedSha256;
    }

    /** The hash of what was read; null when reading stopped early because the chunk is longer than recorded. */
    public String actualSha256() {
        return actualSha256;
    }
}
