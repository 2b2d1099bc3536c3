package relocate.blob.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArchiveManifestTest {

    @Test
    void linesRoundTripWithAnyKey() throws Exception {
        ArchiveManifest.Blob blob = new ArchiveManifest.Blob(ArchiveManifest.file(12), "acme/odd \"name\"\nwith break",
                42, "ab".repeat(32), null);
        String line = ArchiveManifest.line(blob);
        assertTrue(!line.contains("\n"), line);
        assertEquals(blob, ArchiveManifest.blob(line, "a.tar.gz"));
        assertEquals("blobs/00000012", blob.file());
    }

    @Test
    void anotherFormatOrVersionOrADamagedLineIsRefusedWithTheReason() {
        String foreign = ArchiveManifest.line(new ArchiveManifest.Header("other", 1, "acme", 0, 0));
        assertTrue(assertThrows(BlobArchiveFailure.class, () -> ArchiveManifest.header(foreign, "a.tar.gz"))
                .getMessage().contains("not a blob archive"));
        String newer = ArchiveManifest.line(new ArchiveManifest.Header(ArchiveManifest.FORMAT, 2, "acme", 0, 0));
        assertTrue(assertThrows(BlobArchiveFailure.class, () -> ArchiveManifest.header(newer, "a.tar.gz"))
                .getMessage().contains("format version 2"));
        assertThrows(BlobArchiveFailure.class, () -> ArchiveManifest.blob("{\"key\":", "a.tar.gz"));
        String badHash = ArchiveManifest.line(new ArchiveManifest.Blob("blobs/00000001", "k", 1, "nope", null));
        assertThrows(BlobArchiveFailure.class, () -> ArchiveManifest.blob(badHash, "a.tar.gz"));
        assertTrue(assertThrows(BlobArchiveFailure.class, () -> ArchiveManifest.blob(null, "a.tar.gz"))
                .getMessage().contains("truncated"));
    }
}
