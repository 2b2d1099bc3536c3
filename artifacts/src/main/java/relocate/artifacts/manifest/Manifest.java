package relocate.artifacts.manifest;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import relocate.artifacts.store.ArtifactNames;
import relocate.catalog.TableName;
import relocate.catalog.stats.ModelStats;

/**
 * What one migration's dump is: the models in load order with their columns as the source has them, every
 * chunk with its rows, size, SHA-256 and compression, and the source's stats per model. Stored as
 * {@code manifest.json} beside the chunks (see {@link ManifestJson}); the loader loads and verifies from it
 * alone.
 *
 * <p>A manifest is checked when it is built and when it is read: every chunk and every stat belongs to a
 * listed model, no model, chunk or file appears twice.
 *
 * @param formatVersion     the version of this layout, always {@link #FORMAT_VERSION} (an older file is read into
 *                          it by {@link ManifestJson})
 * @param sourceEnvironment the environment the domain was dumped from
 * @param createdAt         when the dump started
 * @param tenantColumn      the column that names the domain in the models that have it
 * @param models            in load order (parents first)
 * @param chunks            in load order of their models, then by index
 * @param sourceStats       the source's row count and checksum per model, taken in the dump's snapshot
 */
@JsonPropertyOrder({"formatVersion", "migrationId", "domain", "sourceEnvironment", "createdAt", "tenantColumn", "models", "chunks", "sourceStats"})
public record Manifest(int formatVersion, String migrationId, String domain, String sourceEnvironment,
                       Instant createdAt, String tenantColumn, List<ManifestModel> models, List<ManifestChunk> chunks,
                       List<ModelStats> sourceStats) {

    /**
     * The version this code writes and the newest it reads. Bump it whenever a reader of the previous
     * version could misread the new layout (a field added, removed or changing meaning).
     *
     * <p>1: the first. 2: each chunk's {@code compression} and {@code storedBytes} (a version 1 file reads
     * as every chunk uncompressed).
     */
    public static final int FORMAT_VERSION = 2;

    public Manifest {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("a manifest in memory is of format version " + FORMAT_VERSION + ", not "
                    + formatVersion + " (ManifestJson reads older files into the current version)");
        }
        ArtifactNames.requireValidMigrationId(migrationId);
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(sourceEnvironment, "sourceEnvironment");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(tenantColumn, "tenantColumn");
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
        sourceStats = List.copyOf(Objects.requireNonNull(sourceStats, "sourceStats"));

        Set<TableName> known = new HashSet<>();
        for (ManifestModel model : models) {
            if (!known.add(model.table())) {
                throw new IllegalArgumentException("model " + model.table() + " is listed twice in the manifest");
            }
        }
        Set<List<Object>> ranges = new HashSet<>();
        Set<String> files = new HashSet<>();
        for (ManifestChunk chunk : chunks) {
            if (!known.contains(chunk.model())) {
                throw new IllegalArgumentException("chunk " + chunk.describe() + " belongs to no model of the manifest");
            }
            if (!ranges.add(List.of(chunk.model(), chunk.index()))) {
                throw new IllegalArgumentException("chunk " + chunk.index() + " of " + chunk.model()
                        + " is listed twice in the manifest");
            }
            if (chunk.file().equals(ArtifactNames.MANIFEST) || !files.add(chunk.file())) {
                throw new IllegalArgumentException("chunk " + chunk.describe() + " has the file name of another file");
            }
        }
        Set<TableName> counted = new HashSet<>();
        for (ModelStats stats : sourceStats) {
            if (!known.contains(stats.model())) {
                throw new IllegalArgumentException("source stats of " + stats.model() + ", which is no model of the manifest");
            }
            if (!counted.add(stats.model())) {
                throw new IllegalArgumentException("source stats of " + stats.model() + " are listed twice");
            }
        }
    }

    /** A manifest in the current format. */
    public static Manifest of(String migrationId, String domain, String sourceEnvironment, Instant createdAt,
                              String tenantColumn, List<ManifestModel> models, List<ManifestChunk> chunks,
                              List<ModelStats> sourceStats) {
        return new Manifest(FORMAT_VERSION, migrationId, domain, sourceEnvironment, createdAt, tenantColumn, models,
                chunks, sourceStats);
    }

    public Optional<ManifestModel> model(TableName table) {
        return models.stream().filter(m -> m.table().equals(table)).findFirst();
    }

    /** The model's chunks, by index. */
    public List<ManifestChunk> chunksOf(TableName table) {
        return chunks.stream().filter(c -> c.model().equals(table))
                .sorted((a, b) -> Integer.compare(a.index(), b.index())).toList();
    }

    public Optional<ManifestChunk> chunk(TableName table, int index) {
        return chunks.stream().filter(c -> c.model().equals(table) && c.index() == index).findFirst();
    }

    public Optional<ModelStats> sourceStats(TableName table) {
        return sourceStats.stream().filter(s -> s.model().equals(table)).findFirst();
    }

    /** Rows of every chunk. */
    public long totalRows() {
        return chunks.stream().mapToLong(ManifestChunk::rows).sum();
    }

    /** Bytes of every chunk's COPY data. */
    public long totalBytes() {
        return chunks.stream().mapToLong(ManifestChunk::bytes).sum();
    }

    /** Bytes of every chunk's file, as stored (compressed or not). */
    public long totalStoredBytes() {
        return chunks.stream().mapToLong(ManifestChunk::storedBytes).sum();
    }
}
