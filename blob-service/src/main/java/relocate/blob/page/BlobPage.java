package relocate.blob.page;

import java.io.IOException;
import java.util.List;

import relocate.artifacts.store.ArtifactStore;
import relocate.blob.listing.BlobEntry;

/** One page of a domain's blobs: the unit of copy and verification work (one command each). */
public record BlobPage(int index, List<BlobEntry> blobs) {

    public BlobPage {
        blobs = List.copyOf(blobs);
    }

    public long bytes() {
        return blobs.stream().mapToLong(BlobEntry::size).sum();
    }

    /** The page as {@link BlobPlan} wrote it. @throws relocate.artifacts.store.ArtifactMissing when there is no such page */
    public static BlobPage read(ArtifactStore store, String migrationId, int index) throws IOException {
        String name = BlobNames.page(index);
        PageFile file = BlobFiles.readJson(store, migrationId, name, PageFile.class);
        BlobFiles.requireVersion(file.formatVersion(), name, migrationId);
        return new BlobPage(file.page(), file.blobs());
    }

    void write(ArtifactStore store, String migrationId) throws IOException {
        BlobFiles.writeJson(store, migrationId, BlobNames.page(index),
                new PageFile(BlobFiles.FORMAT_VERSION, migrationId, index, blobs));
    }

    record PageFile(int formatVersion, String migrationId, int page, List<BlobEntry> blobs) {
    }
}
