package relocate.blob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BlobStoreSettingsTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void theSecretIsNeverShown() {
        BlobStoreSettings settings = BlobStoreSettings.s3("eu-prod", URI.create("https://s3.example.net"), "eu-west-1",
                "blobs", "tenants/", true, "AKIAEXAMPLE", SECRET);
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertFalse(settings.describe().contains(SECRET));
        assertTrue(settings.toString().contains("AKIAEXAMPLE") && settings.toString().contains("****"));
        assertEquals("S3 store 'eu-prod' (bucket 'blobs', prefix 'tenants/', at https://s3.example.net)",
                settings.describe());
    }

    @Test
    void regionAndPrefixHaveDefaults() {
        BlobStoreSettings settings = BlobStoreSettings.s3("aws", null, null, "b", null, false, null, null);
        assertEquals("us-east-1", settings.region());
        assertEquals("", settings.prefix());
        assertEquals("S3 store 'aws' (bucket 'b', AWS region us-east-1)", settings.describe());
    }

    @Test
    void incompleteSettingsAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> BlobStoreSettings.s3("x", null, null, " ", "", true, null, null));
        IllegalArgumentException halfCredentials = assertThrows(IllegalArgumentException.class,
                () -> BlobStoreSettings.s3("x", null, null, "b", "", true, "id", null));
        assertTrue(halfCredentials.getMessage().contains("both"));
        assertThrows(IllegalArgumentException.class,
                () -> BlobStoreSettings.s3("x", URI.create("ftp://host"), null, "b", "", true, null, null));
        assertThrows(IllegalArgumentException.class, () -> BlobStoreSettings.filesystem("x", null));
        assertThrows(IllegalArgumentException.class, () -> BlobStoreSettings.filesystem(" ", Path.of("/tmp")));
    }
}
