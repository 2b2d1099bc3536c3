package relocate.dumper.chunk;

import java.util.Objects;

/**
 * What one dumped chunk is, as the manifest records it.
 *
 * @param rows   rows written, as PostgreSQL's COPY reported them
 * @param bytes  size of the chunk's data (binary COPY format)
 * @param sha256 SHA-256 of exactly those bytes, lower-case hex
 */
public record ChunkDump(long rows, long bytes, String sha256) {

    public ChunkDump {
        Objects.requireNonNull(sha256, "sha256");
    }
}
