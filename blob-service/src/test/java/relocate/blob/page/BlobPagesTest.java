package relocate.blob.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.FileArtifactStore;
import relocate.blob.listing.BlobEntry;
import relocate.blob.listing.BlobListing;
import relocate.blob.page.PageReceipt.Received;
import relocate.blob.store.BlobInfo;
import relocate.blob.store.ContentHash;
import relocate.blob.store.FileBlobStore;

/** The plan, pages, journals and receipts of a migration, in a real artifact store on disk. */
class BlobPagesTest {

    @TempDir
    Path dir;

    @Test
    void namesAreValidArtifactNamesAndGiveTheirPageBack() {
        for (String name : List.of(BlobNames.PLAN, BlobNames.page(3), BlobNames.journal(3), BlobNames.receipt(3))) {
            assertTrue(ArtifactNames.isValidName(name), name);
        }
        assertEquals("blobs/copied-00042.keys", BlobNames.journal(42));
        assertEquals(OptionalInt.of(42), BlobNames.journalPage("blobs/copied-00042.keys"));
        assertEquals(OptionalInt.of(123456), BlobNames.pagePage(BlobNames.page(123456)));
        assertEquals(OptionalInt.empty(), BlobNames.journalPage("blobs/page-00042.json"));
    }

    @Test
    void aPlanCutsTheListingIntoPagesAndAReplanRemovesPagesNoLongerNeeded() throws IOException {
        FileArtifactStore artifacts = new FileArtifactStore(dir.resolve("artifacts"));
        FileBlobStore source = new FileBlobStore("eu", dir.resolve("eu"));
        java.nio.file.Files.createDirectories(dir.resolve("eu"));
        for (int i = 0; i < 7; i++) {
            put(source, "acme/" + i, "blob " + i);
        }

        BlobPlan plan = BlobPlan.write(artifacts, "m1", "acme", BlobListing.prefix("{domain}/"), null, source, 3);

        assertEquals(new BlobPlan("m1", "acme", "prefix \"{domain}/\"", 3, 3, 7, 7 * 6), plan);
        assertEquals(plan, BlobPlan.read(artifacts, "m1"));
        assertEquals(3, plan.page(artifacts, 0).blobs().size());
        assertEquals(List.of(new BlobEntry("acme/6", 6, null)), plan.page(artifacts, 2).blobs());
        assertThrows(IllegalArgumentException.class, () -> plan.page(artifacts, 3));

        BlobPlan bigger = BlobPlan.write(artifacts, "m1", "acme", BlobListing.prefix("{domain}/"), null, source, 5);
        assertEquals(2, bigger.pages());
        assertFalse(artifacts.exists("m1", BlobNames.page(2)), "the third page of the first plan is gone");
    }

    @Test
    void aJournalOnlyGrowsAndKeepsEveryKeyAsWritten() throws IOException {
        FileArtifactStore artifacts = new FileArtifactStore(dir.resolve("artifacts"));
        assertEquals(Set.of(), CopyJournal.read(artifacts, "m1", 0));

        CopyJournal.add(artifacts, "m1", 0, List.of("acme/a", "acme/odd\nkey"));
        Set<String> keys = CopyJournal.add(artifacts, "m1", 0, List.of("acme/b", "acme/a"));

        assertEquals(List.of("acme/a", "acme/odd\nkey", "acme/b"), List.copyOf(keys));
        assertEquals(keys, CopyJournal.read(artifacts, "m1", 0));
        CopyJournal.delete(artifacts, "m1", 0);
        assertEquals(Set.of(), CopyJournal.read(artifacts, "m1", 0));
    }

    @Test
    void aReceiptVouchesOnlyForTheVersionItSaw() throws IOException {
        FileArtifactStore artifacts = new FileArtifactStore(dir.resolve("artifacts"));
        Received a = new Received("acme/a", 10, "ab".repeat(32), "etag-1");
        PageReceipt receipt = PageReceipt.empty(4).with(List.of(a, new Received("acme/b", 1, "cd".repeat(32), "v")), List.of());
        receipt.write(artifacts, "m1");

        PageReceipt read = PageReceipt.read(artifacts, "m1", 4);
        assertEquals(receipt, read);
        assertEquals(List.of("acme/a"), List.copyOf(read.with(List.of(), List.of("acme/b")).blobs().keySet()));

        assertTrue(a.stillOn(new BlobInfo("acme/a", 10, null, null, "etag-1")));
        assertTrue(a.stillOn(new BlobInfo("acme/a", 10, "AB".repeat(32), null, "etag-1")));
        assertFalse(a.stillOn(new BlobInfo("acme/a", 10, null, null, "etag-2")), "rewritten since");
        assertFalse(a.stillOn(new BlobInfo("acme/a", 11, null, null, "etag-1")));
        assertFalse(a.stillOn(new BlobInfo("acme/a", 10, "ef".repeat(32), null, "etag-1")));
    }

    private static void put(FileBlobStore store, String key, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        store.put(key, new ByteArrayInputStream(bytes), bytes.length,
                ContentHash.of(new ByteArrayInputStream(bytes)).sha256(), null);
    }
}
