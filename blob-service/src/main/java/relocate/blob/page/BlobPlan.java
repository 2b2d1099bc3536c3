package relocate.blob.page;

import java.io.IOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import relocate.artifacts.store.ArtifactStore;
import relocate.blob.listing.BlobEntry;
import relocate.blob.listing.BlobListing;
import relocate.blob.listing.BlobTotals;
import relocate.blob.listing.DomainBlobs;
import relocate.blob.store.BlobStore;

/**
 * A domain's blobs cut into pages of keys, kept in the migration's artifact store: {@code blobs/page-NNNNN.json}
 * for each page, then {@code blobs/plan.json} with the totals (the STATS of the domain's blobs). Each page is
 * a unit of work that any instance can copy or verify on its own.
 *
 * @param listing how the blobs were listed, for people
 */
public record BlobPlan(String migrationId, String domain, String listing, int pageSize, int pages, long blobs,
                       long bytes) {

    public static final int DEFAULT_PAGE_SIZE = 500;

    public BlobTotals totals() {
        return new BlobTotals(blobs, bytes);
    }

    /**
     * Lists the domain's blobs (streamed: one page in memory at a time), writes its pages and then the plan,
     * replacing an earlier plan of the migration; pages an earlier, larger plan left are removed.
     *
     * @param database the source database (for a query listing; may be null for a prefix listing)
     * @param source   the source store (for a prefix listing)
     */
    public static BlobPlan write(ArtifactStore artifacts, String migrationId, String domain, BlobListing listing,
                                 Connection database, BlobStore source, int pageSize) throws IOException {
        if (pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one blob, not " + pageSize);
        }
        List<BlobEntry> page = new ArrayList<>(pageSize);
        int[] pages = {0};
        BlobTotals[] totals = {BlobTotals.NONE};
        DomainBlobs.list(listing, domain, database, source, entry -> {
            page.add(entry);
            totals[0] = totals[0].plus(entry);
            if (page.size() == pageSize) {
                new BlobPage(pages[0]++, page).write(artifacts, migrationId);
                page.clear();
            }
        });
        if (!page.isEmpty()) {
            new BlobPage(pages[0]++, page).write(artifacts, migrationId);
        }
        for (String name : artifacts.list(migrationId)) {
            OptionalInt index = BlobNames.pagePage(name);
            if (index.isPresent() && index.getAsInt() >= pages[0]) {
                artifacts.delete(migrationId, name);
            }
        }
        BlobPlan plan = new BlobPlan(migrationId, domain, listing.describe(), pageSize, pages[0], totals[0].blobs(),
                totals[0].bytes());
        BlobFiles.writeJson(artifacts, migrationId, BlobNames.PLAN, new PlanFile(BlobFiles.FORMAT_VERSION, plan));
        return plan;
    }

    /** The plan of a migration. @throws relocate.artifacts.store.ArtifactMissing when its blobs were never planned */
    public static BlobPlan read(ArtifactStore artifacts, String migrationId) throws IOException {
        PlanFile file = BlobFiles.readJson(artifacts, migrationId, BlobNames.PLAN, PlanFile.class);
        BlobFiles.requireVersion(file.formatVersion(), BlobNames.PLAN, migrationId);
        return file.plan();
    }

    public BlobPage page(ArtifactStore artifacts, int index) throws IOException {
        if (index < 0 || index >= pages) {
            throw new IllegalArgumentException("migration " + migrationId + " has blob pages 0 to " + (pages - 1)
                    + ", not " + index);
        }
        return BlobPage.read(artifacts, migrationId, index);
    }

    record PlanFile(int formatVersion, BlobPlan plan) {
    }
}
