package relocate.blob.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlobListingTest {

    @Test
    void aPrefixTemplateTakesTheDomain() {
        BlobListing.Prefix prefix = (BlobListing.Prefix) BlobListing.prefix("tenants/{domain}/files/");
        assertEquals("tenants/acme/files/", prefix.resolve("acme"));
        assertEquals("prefix \"tenants/{domain}/files/\"", prefix.describe());
    }

    @Test
    void aPrefixWithoutTheDomainWouldListEveryDomainAndIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlobListing.prefix("files/"));
        assertTrue(e.getMessage().contains("{domain}"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ((BlobListing.Prefix) BlobListing.prefix("{domain}/")).resolve(""));
        assertThrows(IllegalArgumentException.class, () -> BlobListing.query(" "));
    }
}
