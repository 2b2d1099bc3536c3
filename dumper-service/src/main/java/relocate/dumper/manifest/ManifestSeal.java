package relocate.dumper.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.manifest.StoredChunks;
import relocate.artifacts.store.ArtifactStore;
import relocate.dumper.plan.DumpPlan;

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
        Manifest plan = DumpPlan.read(store, migrationId);
        List<ManifestChunk> stored = new ArrayList<>(chunks.size());
        for (ManifestChunk chunk : chunks) {
            stored.add(StoredChunks.stored(store, migrationId, chunk));
        }
        Manifest manifest = Manifest.of(migrationId, plan.domain(), plan.sourceEnvironment(), plan.createdAt(),
                plan.tenantColumn(), plan.models(), stored, plan.sourceStats());
        ManifestJson.write(store, manifest);
        return manifest;
    }
}
