package relocate.artifacts.manifest;

import java.util.HexFormat;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import relocate.artifacts.store.ArtifactNames;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;

/**
 * One dumped chunk: which rows (the {@link ChunkRange} fields), how many, and the file holding them with
 * its size and SHA-256 (of exactly the file's bytes, lower-case hex).
 */
@JsonPropertyOrder({"model", "index", "keyColumn", "lo", "hi", "rows", "bytes", "sha256", "file"})
public record ManifestChunk(TableName model, int index, String keyColumn, Long lo, Long hi, long rows, long bytes,
                            String sha256, String file) {

    public ManifestChunk {
        new ChunkRange(model, index, keyColumn, lo, hi); // the same rules as a range
        if (rows < 0 || bytes < 0) {
            throw new IllegalArgumentException("chunk " + index + " of " + model + " cannot have " + rows + " rows and "
                    + bytes + " bytes");
        }
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("chunk " + index + " of " + model + ": a SHA-256 is 64 hex digits, not '"
                    + sha256 + "'");
        }
        sha256 = sha256.toLowerCase();
        ArtifactNames.requireValidName(file);
    }

    /** A chunk stored under its usual name ({@link ArtifactNames#chunk}). */
    public static ManifestChunk of(ChunkRange range, long rows, long bytes, String sha256) {
        return new ManifestChunk(range.model(), range.index(), range.keyColumn(), range.lo(), range.hi(), rows, bytes,
                sha256, ArtifactNames.chunk(range));
    }

    public ChunkRange range() {
        return new ChunkRange(model, index, keyColumn, lo, hi);
    }

    /** For people: {@code public.cases#3 id in [3000, 4000) (public.cases/00003.copy)}. */
    public String describe() {
        return range().describe() + " (" + file + ")";
    }
}
