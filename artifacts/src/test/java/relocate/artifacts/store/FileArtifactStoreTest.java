package relocate.artifacts.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import relocate.artifacts.GeneratedBytes;
import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.verify.VerifyingInputStream;
import relocate.catalog.TableName;
import relocate.catalog.chunk.ChunkRange;

class FileArtifactStoreTest {

    private static final String MIGRATION = "5f0c8a9e-1b2c-4d3e-8f90-a1b2c3d4e5f6";
    private static final String CHUNK = "public.cases/00003.copy";

    @TempDir
    Path root;

    @Test
    void multiMegabyteChunkStreamsToDiskAsItIsWrittenAndReadsBackIntact() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        long size = 48L * 1024 * 1024;
        try (ArtifactOutputStream out = store.create(MIGRATION, CHUNK)) {
            GeneratedBytes source = new GeneratedBytes(7, size);
            byte[] piece = new byte[1024 * 1024 + 13]; // not a multiple of the store's buffer
            long written = 0;
            int n;
            while ((n = source.read(piece, 0, piece.length)) > 0) {
                out.write(piece, 0, n);
                written += n;
                if (written > 16L * 1024 * 1024 && written - n <= 16L * 1024 * 1024) {
                    // what was written is on disk already, not held in memory, yet not visible under its name
                    assertTrue(partialBytes() >= written - 64 * 1024, "bytes on disk while writing: " + partialBytes());
                    assertFalse(store.exists(MIGRATION, CHUNK));
                    assertEquals(List.of(), store.list(MIGRATION));
                }
            }
        }
        assertTrue(store.exists(MIGRATION, CHUNK));
        assertEquals(size, store.size(MIGRATION, CHUNK));
        assertEquals(List.of(CHUNK), store.list(MIGRATION));
        assertEquals(0, partialBytes(), "no temporary file is left");

        try (VerifyingInputStream in = new VerifyingInputStream(store.open(MIGRATION, CHUNK), CHUNK, size,
                GeneratedBytes.sha256(7, size))) {
            assertEquals(size, in.transferTo(OutputStream.nullOutputStream()));
            assertTrue(in.verified());
        }
    }

    @Test
    void closingReplacesAnEarlierFileOnlyWhenTheNewOneIsComplete() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        write(store, CHUNK, "first");
        try (ArtifactOutputStream out = store.create(MIGRATION, CHUNK)) {
            out.write("second, longer".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("first", read(store, CHUNK));
        }
        assertEquals("second, longer", read(store, CHUNK));
    }

    @Test
    void abortedWriteLeavesNothingAndKeepsTheEarlierFile() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        write(store, "public.cases/00000.copy", "kept");
        try (ArtifactOutputStream out = store.create(MIGRATION, "public.cases/00000.copy")) {
            out.write(new byte[200_000]);
            out.abort();
            ArtifactStoreException late = assertThrows(ArtifactStoreException.class, () -> out.write(1));
            assertTrue(late.getMessage().contains("already closed or aborted"), late.getMessage());
        }
        try (ArtifactOutputStream out = store.create(MIGRATION, "public.notes/00000.copy")) {
            out.write(new byte[10]);
            out.abort();
        }
        assertEquals("kept", read(store, "public.cases/00000.copy"));
        assertFalse(store.exists(MIGRATION, "public.notes/00000.copy"));
        assertEquals(List.of("public.cases/00000.copy"), store.list(MIGRATION));
        assertEquals(0, partialBytes());
    }

    @Test
    void missingFileIsReportedWithItsNameAndStore() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        ArtifactMissing missing = assertThrows(ArtifactMissing.class, () -> store.open(MIGRATION, CHUNK));
        assertTrue(missing.getMessage().contains(CHUNK) && missing.getMessage().contains(root.toString()),
                missing.getMessage());
        assertThrows(ArtifactMissing.class, () -> store.size(MIGRATION, CHUNK));
        assertFalse(store.exists(MIGRATION, CHUNK));
        assertEquals(List.of(), store.list(MIGRATION));
    }

    @Test
    void deleteRemovesOneFileAndDeleteAllTheMigration() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        write(store, "manifest.json", "{}");
        write(store, CHUNK, "rows");
        write(store, "public.notes/00000.copy", "rows");
        store.create(MIGRATION, "public.notes/00001.copy").write(1); // never closed: an unfinished file
        write("other", CHUNK, store);

        store.delete(MIGRATION, CHUNK);
        store.delete(MIGRATION, CHUNK); // again: nothing to do
        assertEquals(List.of("manifest.json", "public.notes/00000.copy"), store.list(MIGRATION));

        store.deleteAll(MIGRATION);
        assertEquals(List.of(), store.list(MIGRATION));
        assertFalse(Files.exists(root.resolve(MIGRATION)), "the unfinished file goes too");
        assertEquals(List.of(CHUNK), store.list("other"));
        store.deleteAll(MIGRATION); // again: nothing to do
    }

    @Test
    void renameGivesEveryFileToTheOtherMigrationAndRefusesOneWithFiles() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        write(store, CHUNK, "rows");
        write(store, "manifest.json", "{}");
        store.rename(MIGRATION, "next");
        assertEquals(List.of("manifest.json", CHUNK), store.list("next"));
        assertEquals(List.of(), store.list(MIGRATION));

        write(store, CHUNK, "other rows");
        ArtifactStoreException taken = assertThrows(ArtifactStoreException.class, () -> store.rename(MIGRATION, "next"));
        assertTrue(taken.getMessage().contains("already has files"), taken.getMessage());
        assertEquals("rows", read("next", store, CHUNK));
        assertThrows(ArtifactMissing.class, () -> store.rename("nothing-here", "else"));
    }

    @Test
    void namesThatCouldLeaveTheMigrationFolderAreRefused() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        for (String name : List.of("../escape.copy", "public.cases/../../escape", "/etc/passwd", "a//b", "a/", "",
                ".partial/x", ".hidden", "a\\..\\b", "C:x", "a b", "tab\there", "ünicode")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> store.create(MIGRATION, name), name);
            assertTrue(refused.getMessage().contains("not a valid artifact name") || refused.getMessage().contains("needs a name"),
                    refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.open(MIGRATION, name), name);
        }
        for (String migrationId : List.of("..", ".", "a/b", "../x", "", "/abs")) {
            assertThrows(IllegalArgumentException.class, () -> store.create(migrationId, CHUNK), migrationId);
            assertThrows(IllegalArgumentException.class, () -> store.deleteAll(migrationId), migrationId);
        }
        try (Stream<Path> left = Files.list(root)) {
            assertEquals(0, left.count(), "nothing was created anywhere");
        }
    }

    @Test
    void chunkNamesAreReadableValidAndNeverShared() {
        TableName cases = new TableName("public", "cases");
        assertEquals("public.cases/00003.copy", ArtifactNames.chunk(new ChunkRange(cases, 3, "id", 3000L, 4000L)));
        assertEquals("public.cases/00000.copy", ArtifactNames.chunk(ChunkRange.wholeModel(cases)));
        assertEquals("public.cases/123456.copy", ArtifactNames.chunk(new ChunkRange(cases, 123456, "id", 1L, 2L)));
        assertEquals("public.cases/00003.copy.lz4", ArtifactNames.chunk(new ChunkRange(cases, 3, "id", 3000L, 4000L),
                ChunkCompression.LZ4));
        assertEquals("public.cases/00003.copy.gz", ArtifactNames.chunk(new ChunkRange(cases, 3, "id", 3000L, 4000L),
                ChunkCompression.GZIP));
        assertEquals("public.cases/00003.copy", ArtifactNames.chunk(new ChunkRange(cases, 3, "id", 3000L, 4000L),
                ChunkCompression.NONE));

        // a dot in a schema or table name cannot make two models share a folder
        assertNotEquals(ArtifactNames.modelFolder(new TableName("a.b", "c")), ArtifactNames.modelFolder(new TableName("a", "b.c")));
        assertEquals("a%2Eb.c", ArtifactNames.modelFolder(new TableName("a.b", "c")));

        for (TableName odd : List.of(new TableName("public", "../../etc"), new TableName("public", "it's \"quoted\"; /x"),
                new TableName(".hidden", "t"), new TableName("ünïcødé", "表".repeat(21)),
                new TableName("ß".repeat(31), "表".repeat(21)))) {
            String name = ArtifactNames.chunk(ChunkRange.wholeModel(odd));
            assertTrue(ArtifactNames.isValidName(name), name);
            assertEquals(2, name.split("/").length, name);
            assertTrue(name.split("/")[0].length() <= 200, name);
        }
        assertNotEquals(ArtifactNames.modelFolder(new TableName("ß".repeat(31), "表".repeat(21))),
                ArtifactNames.modelFolder(new TableName("ß".repeat(31), "表".repeat(20) + "衣")));
    }

    @Test
    void writeFailureTellsPeopleWhereHowMuchSpaceAndWhatToDo() {
        FileArtifactStore store = new FileArtifactStore(root);
        ArtifactStoreException full = store.writeFailure(MIGRATION, CHUNK, new IOException("No space left on device"));
        String message = full.getMessage();
        assertTrue(message.contains(root.toString()), message);
        assertTrue(message.contains(CHUNK) && message.contains(MIGRATION), message);
        assertTrue(message.contains("No space left on device"), message);
        assertTrue(message.matches("(?s).*free space there: \\d+(\\.\\d)? (bytes|KiB|MiB|GiB|TiB|PiB)\\..*"), message);
        assertTrue(message.contains("The disk is full") && message.contains("larger volume"), message);

        String other = store.writeFailure(MIGRATION, CHUNK, new IOException("Input/output error")).getMessage();
        assertFalse(other.contains("The disk is full"), other);
        assertTrue(other.contains("writable"), other);
    }

    private long partialBytes() throws IOException {
        Path partial = root.resolve(MIGRATION).resolve(FileArtifactStore.PARTIAL);
        if (!Files.isDirectory(partial)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(partial)) {
            long total = 0;
            for (Path file : files.toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }

    private static void write(ArtifactStore store, String name, String text) throws IOException {
        write(MIGRATION, name, store, text);
    }

    private static void write(String migrationId, String name, ArtifactStore store) throws IOException {
        write(migrationId, name, store, "x");
    }

    private static void write(String migrationId, String name, ArtifactStore store, String text) throws IOException {
        try (ArtifactOutputStream out = store.create(migrationId, name)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(ArtifactStore store, String name) throws IOException {
        return read(MIGRATION, store, name);
    }

    private static String read(String migrationId, ArtifactStore store, String name) throws IOException {
        try (InputStream in = store.open(migrationId, name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
