package relocate.blob.page;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import relocate.artifacts.store.ArtifactStore;
import relocate.blob.store.BlobInfo;

/**
 * What a page's copy found on the target, in {@code blobs/receipt-NNNNN.json}: for each blob that is there
 * and checked (by reading it back), its size, SHA-256 (as computed from the source) and the target's
 * version of it. A later copy of the page that finds the same version on the target trusts the check and
 * reads nothing: a page already copied costs only HEAD requests.
 */
public record PageReceipt(int page, Map<String, Received> blobs) {

    /** One blob, checked on the target. */
    public record Received(String key, long size, String sha256, String version) {

        /**
         * Whether the target still holds what was checked: same size and version, and no other SHA-256 in the
         * target's metadata.
         */
        public boolean stillOn(BlobInfo target) {
            return target.size() == size && target.version().equals(version)
                    && (target.sha256() == null || target.sha256().equalsIgnoreCase(sha256));
        }
    }

    public PageReceipt {
        blobs = Map.copyOf(blobs);
    }

    public static PageReceipt empty(int page) {
        return new PageReceipt(page, Map.of());
    }

    public Optional<Received> get(String key) {
        return Optional.ofNullable(blobs.get(key));
    }

    /** The page's receipt, or an empty one when the page was never copied. */
    public static PageReceipt read(ArtifactStore artifacts, String migrationId, int page) throws IOException {
        String name = BlobNames.receipt(page);
        if (!artifacts.exists(migrationId, name)) {
            return empty(page);
        }
        ReceiptFile file = BlobFiles.readJson(artifacts, migrationId, name, ReceiptFile.class);
        BlobFiles.requireVersion(file.formatVersion(), name, migrationId);
        Map<String, Received> blobs = new LinkedHashMap<>();
        file.blobs().forEach(received -> blobs.put(received.key(), received));
        return new PageReceipt(file.page(), blobs);
    }

    /** This receipt with {@code checked} added (replacing entries of the same keys) and {@code gone} removed. */
    public PageReceipt with(Collection<Received> checked, Collection<String> gone) {
        Map<String, Received> all = new LinkedHashMap<>(blobs);
        gone.forEach(all::remove);
        checked.forEach(received -> all.put(received.key(), received));
        return new PageReceipt(page, all);
    }

    public void write(ArtifactStore artifacts, String migrationId) throws IOException {
        List<Received> sorted = blobs.values().stream().sorted(java.util.Comparator.comparing(Received::key)).toList();
        BlobFiles.writeJson(artifacts, migrationId, BlobNames.receipt(page),
                new ReceiptFile(BlobFiles.FORMAT_VERSION, page, sorted));
    }

    public static void delete(ArtifactStore artifacts, String migrationId, int page) throws IOException {
        artifacts.delete(migrationId, BlobNames.receipt(page));
    }

    record ReceiptFile(int formatVersion, int page, List<Received> blobs) {
    }
}
