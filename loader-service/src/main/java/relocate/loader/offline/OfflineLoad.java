package relocate.loader.offline;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import relocate.artifacts.archive.Archive;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestModel;
import relocate.artifacts.store.ArtifactStore;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Tenancy;
import relocate.catalog.Model;
import relocate.catalog.rows.RowCounter;
import relocate.catalog.selection.ModelFilter;
import relocate.catalog.selection.TenantValue;
import relocate.loader.load.ChunkImport;
import relocate.loader.sequence.Sequences;
import relocate.loader.verify.TargetVerification;
import relocate.loader.verify.VerifyReport;

/**
 * {@code relocate load}: an archive made by {@code relocate dump} into a target, with the checks of an
 * online migration: every chunk against its SHA-256 as it streams, each chunk in one transaction in load
 * order, the target's sequences moved past the loaded ids, and the target's counts and checksums against
 * the source's stats in the manifest.
 */
public final class OfflineLoad {

    private OfflineLoad() {
    }

    /** Progress, once per chunk. */
    @FunctionalInterface
    public interface Listener {
        void chunkLoaded(ManifestChunk chunk, int done, int total);
    }

    /**
     * @param staging      an empty store the archive is unpacked into (each chunk checked as it comes)
     * @param objectFilter which models load (its regex); {@link ModelFilter#everything()} for all
     * @param newName      the domain's name on the target; null for its own
     * @return the verification of what was loaded
     * @throws IllegalArgumentException when the domain already has rows on the target, or the filter
     *                                  selects nothing, before anything is loaded
     */
    public static VerifyReport load(InputStream archive, ArtifactStore staging, Connection target, Tenancy tenancy,
                                    ModelFilter objectFilter, String newName, Listener listener)
            throws IOException, SQLException {
        Manifest manifest = Archive.unpack(archive, staging);
        String domain = newName == null ? manifest.domain() : newName;
        List<String> models = manifest.models().stream().map(ManifestModel::table)
                .filter(objectFilter::loads).map(Object::toString).toList();
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the object filter '" + objectFilter.objectFilter() + "' selects none of "
                    + "the archive's models (" + manifest.models().stream().map(m -> m.table().toString()).toList()
                    + ")");
        }
        DomainModel onTarget = DomainCatalog.read(target, tenancy);
        TenantValue.check(target, onTarget.restrictedTo(table -> models.contains(table.toString())), domain, "the target");
        for (String name : models) {
            Model model = onTarget.model(relocate.catalog.TableName.parse(name)).orElseThrow(() ->
                    new IllegalArgumentException("table " + name + " is missing on the target or has no tenant column '"
                            + tenancy.tenantColumn() + "' (nor a foreign key to a table that has it): create it first"));
            long present = RowCounter.count(target, model.selection(), domain);
            if (present > 0) {
                throw new IllegalArgumentException("domain '" + domain + "' already has " + present + " rows in " + name
                        + " on the target: load it under another name (--new-name) or delete them first");
            }
        }
        List<ManifestChunk> chunks = new ArrayList<>();
        for (String name : models) {
            chunks.addAll(manifest.chunksOf(relocate.catalog.TableName.parse(name)));
        }
        int done = 0;
        for (ManifestChunk chunk : chunks) {
            ChunkImport.load(target, staging, manifest, chunk.range(), domain, tenancy);
            listener.chunkLoaded(chunk, ++done, chunks.size());
        }
        Sequences.advance(target, DomainCatalog.read(target, tenancy));
        return TargetVerification.verify(target, null, manifest, models, domain, tenancy, tenancy);
    }
}
