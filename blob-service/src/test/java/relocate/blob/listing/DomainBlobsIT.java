package relocate.blob.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import relocate.catalog.TestDatabases;

/** Listing a domain's blobs by query on a real PostgreSQL, and the query mistakes an operator can make. */
class DomainBlobsIT {

    private static final String INJECTION = "o'brien'; DROP TABLE blob_meta; --";

    private static Connection db;

    @BeforeAll
    static void createSource() throws Exception {
        db = TestDatabases.connect(TestDatabases.create("domain_blobs_it"));
        TestDatabases.execute(db, """
                CREATE TABLE blob_meta (key text PRIMARY KEY, size bigint, content_type text, domain text NOT NULL);
                INSERT INTO blob_meta SELECT 'acme/' || i, i * 10, 'text/plain', 'acme' FROM generate_series(1, 2500) i;
                INSERT INTO blob_meta VALUES ('beta/1', 5, NULL, 'beta'), ('odd/1', 7, NULL, 'o''brien''; DROP TABLE blob_meta; --'),
                    ('broken/1', NULL, NULL, 'broken');
                """);
    }

    @AfterAll
    static void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aQueryListsTheDomainsBlobsStreamedWithTotals() throws Exception {
        BlobListing listing = BlobListing.query("SELECT key, size, content_type FROM blob_meta WHERE domain = ? ORDER BY key");
        List<BlobEntry> entries = new ArrayList<>();
        DomainBlobs.list(listing, "acme", db, null, entries::add);

        assertEquals(2500, entries.size(), "more rows than one fetch");
        assertEquals(new BlobEntry("acme/1", 10, "text/plain"), entries.get(0));
        assertEquals(new BlobTotals(2500, 10L * 2500 * 2501 / 2), DomainBlobs.totals(listing, "acme", db, null));
        assertTrue(db.getAutoCommit(), "the connection is left as it was");
    }

    @Test
    void theDomainIsBoundNeverSplicedIntoTheQuery() throws Exception {
        BlobListing listing = BlobListing.query("SELECT key, size FROM blob_meta WHERE domain = ?");
        List<BlobEntry> entries = new ArrayList<>();
        DomainBlobs.list(listing, INJECTION, db, null, entries::add);

        assertEquals(List.of(new BlobEntry("odd/1", 7, null)), entries);
        assertEquals(2500, DomainBlobs.totals(BlobListing.query("SELECT key, size FROM blob_meta WHERE domain = ?"),
                "acme", db, null).blobs(), "the table is still there");
    }

    @Test
    void aQueryOfTheWrongShapeIsExplained() {
        BlobListingFailure noParameter = assertThrows(BlobListingFailure.class, () -> DomainBlobs.list(
                BlobListing.query("SELECT key, size FROM blob_meta"), "acme", db, null, e -> { }));
        assertTrue(noParameter.getMessage().contains("exactly one, the domain"), noParameter.getMessage());
        assertFalse(noParameter.retryable());

        BlobListingFailure oneColumn = assertThrows(BlobListingFailure.class, () -> DomainBlobs.list(
                BlobListing.query("SELECT key FROM blob_meta WHERE domain = ?"), "acme", db, null, e -> { }));
        assertTrue(oneColumn.getMessage().contains("returns 1 columns"), oneColumn.getMessage());

        BlobListingFailure noSize = assertThrows(BlobListingFailure.class, () -> DomainBlobs.list(
                BlobListing.query("SELECT key, size FROM blob_meta WHERE domain = ?"), "broken", db, null, e -> { }));
        assertTrue(noSize.getMessage().contains("'broken/1'") && noSize.getMessage().contains("NULL"), noSize.getMessage());

        BlobListingFailure missingTable = assertThrows(BlobListingFailure.class, () -> DomainBlobs.list(
                BlobListing.query("SELECT key, size FROM no_such_table WHERE domain = ?"), "acme", db, null, e -> { }));
        assertTrue(missingTable.getMessage().contains("no_such_table") && missingTable.getMessage().contains("42P01"),
                missingTable.getMessage());
        assertFalse(missingTable.retryable());
    }
}
