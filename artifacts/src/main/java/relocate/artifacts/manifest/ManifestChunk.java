package relocate.artifacts.manifest;

import java.util.HexFormat;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.store.ArtifactNames;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;

/**
 * One dumped chunk: which rows (the {@link ChunkRange} fields), how many, their binary COPY data's size
 * and SHA-256 (lower-case hex), and the file holding that data, stored in {@code compression}.
 *
 * <p>{@code rows}, {@code bytes} and {@code sha256} are those of the COPY data itself, whatever the
 * compression: the loader checks them on the data as it comes out of the decompressor. {@code storedBytes}
 * is the file's size as the dump left it (the same as {@code bytes} when not compressed): what the chunk
 * takes in the store and in transfer.
 */
@JsonPropertyOrder({"model", "index", "keyColumn", "lo", "hi", "rows", "bytes", "sha256", "compression", "storedBytes",
        "file"})
public record ManifestChunk(TableName model, int index, String keyColumn, Long lo, Long hi, long rows, long bytes,
                            String sha256, ChunkCompression compression, long storedBytes, String file) {

    public ManifestChunk {
        new ChunkRange(model, index, keyColumn, lo, hi); // the same rules as a range
        if (rows < 0 || bytes < 0 || storedBytes < 0) {
            throw new IllegalArgumentException("chunk " + index + " of " + model + " cannot have " + rows + " rows, "
                    + bytes + " bytes and " + storedBytes + " bytes stored");
        }
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("chunk " + index + " of " + model + ": a SHA-256 is 64 hex digits, not '"
                    + sha256 + "'");
        }
        sha256 = sha256.toLowerCase();
        Objects.requireNonNull(compression, "compression");
        if (compression == ChunkCompression.NONE && storedBytes != bytes) {
            throw new IllegalArgumentException("chunk " + index + " of " + model + " is stored uncompressed, so its "
                    + storedBytes + " bytes stored must be its " + bytes + " bytes");
        }
        ArtifactNames.requireValidName(file);
    }

    /** An uncompressed chunk stored under its usual name ({@link ArtifactNames#chunk}). */
    public static ManifestChunk of(ChunkRange range, long rows, long bytes, String sha256) {
        return of(range, rows, bytes, sha256, ChunkCompression.NONE, bytes);
    }

    /** A chunk stored in {@code compression} under its usual name ({@link ArtifactNames#chunk(ChunkRange, ChunkCompression)}). */
    public static ManifestChunk of(ChunkRange range, long rows, long bytes, String sha256, ChunkCompression compression,
                                   long storedBytes) {
        return new ManifestChunk(range.model(), range.index(), range.keyColumn(), range.lo(), range.hi(), rows, bytes,
                sha256, compression, storedBytes, ArtifactNames.chunk(range, compression));
    }

    public ChunkRange range() {
        return new ChunkRange(model, index, keyColumn, lo, hi);
    }

    /** For people: {@code public.cases#3 id in [3000, 4000) (public.cases/00003.copy)}. */
    public String describe() {
        return range().describe() + " (" + file + ")";
    }
}
