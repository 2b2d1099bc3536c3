package relocate.dumper.manifest;

import java.io.IOException;
import java.util.List;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.store.ArtifactStore;
import relocate.dumper.plan.DumpPlan;

/**
 * DUMP's last task: every chunk is in the store; write {@code manifest.json}, the plan with each chunk's
 * rows, size and SHA-256, from which loaders load and check.
 */
public final class ManifestSeal {

    private ManifestSeal() {
    }

    /** @throws IOException when a chunk's file is missing or not the size its dump reported */
    public static Manifest seal(ArtifactStore store, String migrationId, List<ManifestChunk> chunks) throws IOException {
        Manifest plan = DumpPlan.read(store, migrationId);
        for (ManifestChunk chunk : chunks) {
            long size = store.size(migrationId, chunk.file());
            if (size != chunk.bytes()) {
                throw new IOException("chunk " + chunk.describe() + " is " + size + " bytes in the store, but its dump "
                        + "wrote " + chunk.bytes() + ": dump it again (retry the step)");
            }
        }
        Manifest manifest = Manifest.of(migrationId, plan.domain(), plan.sourceEnvironment(), plan.createdAt(),
                plan.tenantColumn(), plan.models(), chunks, plan.sourceStats());
        ManifestJson.write(store, manifest);
        return manifest;
    }
}
