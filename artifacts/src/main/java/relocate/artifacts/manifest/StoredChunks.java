package relocate.artifacts.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.store.ArtifactMissing;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactStore;

/**
 * How a dumped chunk is stored, found in the store: which compression its file is in (by the file's
 * name, {@link ArtifactNames#chunk(relocate.catalog.chunk.ChunkRange, ChunkCompression)}) and the file's size.
 * The dump's report of a chunk carries its rows, size and SHA-256, not how the dumper that wrote it was set.
 */
public final class StoredChunks {

    private StoredChunks() {
    }

    /**
     * The migration's plan ({@link ArtifactNames#PLAN}) with {@code dumped} as its chunks, each as stored: what
     * DUMP seals as {@code manifest.json} once every chunk is written.
     *
     * @param dumped as their dumps reported them (range, rows, bytes, SHA-256)
     * @throws ArtifactMissing when a chunk has no file in the store
     */
    public static Manifest manifest(ArtifactStore store, String migrationId, List<ManifestChunk> dumped)
            throws IOException {
        Manifest plan = ManifestJson.readPlan(store, migrationId);
        List<ManifestChunk> stored = new ArrayList<>(dumped.size());
        for (ManifestChunk chunk : dumped) {
            stored.add(stored(store, migrationId, chunk));
        }
        return Manifest.of(migrationId, plan.domain(), plan.sourceEnvironment(), plan.createdAt(),
                plan.tenantColumn(), plan.models(), stored, plan.sourceStats());
    }

    /**
     * {@code dumped} (its range, rows, bytes and SHA-256) with the compression, size and name of its file.
     *
     * @throws ArtifactMissing when the chunk has no file in the store
     * @throws IOException     when it has more than one, or its uncompressed file is not the size dumped
     */
    public static ManifestChunk stored(ArtifactStore store, String migrationId, ManifestChunk dumped) throws IOException {
        List<ChunkCompression> found = new ArrayList<>();
        for (ChunkCompression compression : ChunkCompression.values()) {
            if (store.exists(migrationId, ArtifactNames.chunk(dumped.range(), compression))) {
                found.add(compression);
            }
        }
        if (found.isEmpty()) {
            throw new ArtifactMissing("chunk " + dumped.range().describe() + " has no file in the artifact store at "
                    + store.location() + " (" + ArtifactNames.chunk(dumped.range()) + ", compressed or not): dump it "
                    + "again (retry the step)", null);
        }
        if (found.size() > 1) {
            throw new IOException("chunk " + dumped.range().describe() + " has " + found.size() + " files in the artifact "
                    + "store, in " + found.stream().map(ChunkCompression::setting).toList() + ": dump it again (retry "
                    + "the step), which leaves one");
        }
        ChunkCompression compression = found.get(0);
        String file = ArtifactNames.chunk(dumped.range(), compression);
        long size = store.size(migrationId, file);
        if (compression == ChunkCompression.NONE && size != dumped.bytes()) {
            throw new IOException("chunk " + dumped.range().describe() + " (" + file + ") is " + size + " bytes in the "
                    + "store, but its dump wrote " + dumped.bytes() + ": dump it again (retry the step)");
        }
        return ManifestChunk.of(dumped.range(), dumped.rows(), dumped.bytes(), dumped.sha256(), compression, size);
    }
}
