package relocate.dumper.manifest;

import java.io.IOException;
import java.util.List;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.manifest.StoredChunks;
import relocate.artifacts.store.ArtifactStore;

/**
 * DUMP's last task: every chunk is in the store; write {@code manifest.json}, the plan with each chunk's
 * rows, size and SHA-256, and the compression and size of its file, from which loaders load and check.
 */
public final class ManifestSeal {

    private ManifestSeal() {
    }

    /**
     * @param chunks as their dumps reported them (rows, bytes, SHA-256); how each is stored is found in the store
     * @throws IOException when a chunk's file is missing or not the size its dump reported
     */
    public static Manifest seal(ArtifactStore store, String migrationId, List<ManifestChunk> chunks) throws IOException {
        Manifest manifest = StoredChunks.manifest(store, migrationId, chunks);
        ManifestJson.write(store, manifest);
        return manifest;
    }
}
