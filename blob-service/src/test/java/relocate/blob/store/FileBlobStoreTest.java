package relocate.blob.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

    @TempDir
    Path dir;

    @Test
    void aBlobIsAFileUnderItsKeyWithAVersionThatChangesWhenRewritten() throws IOException {
        FileBlobStore store = new FileBlobStore("local", dir);
        String first = put(store, "acme/docs/a.txt", "first");

        assertEquals("first", Files.readString(dir.resolve("acme/docs/a.txt")));
        BlobInfo info = store.head("acme/docs/a.txt").orElseThrow();
        assertEquals(5, info.size());
        assertEquals(first, info.version());
        try (BlobStream in = store.open("acme/docs/a.txt")) {
            assertEquals(info, in.info());
            assertEquals("first", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        String second = put(store, "acme/docs/a.txt", "second!");
        assertNotEquals(first, second);
        assertEquals(List.of(), list(dir.resolve(".relocate-partial")), "no partial file is left");
    }

    @Test
    void aBlobThatFailsItsCheckNeverAppears() throws IOException {
        FileBlobStore store = new FileBlobStore("local", dir);
        put(store, "acme/a.txt", "kept");
        String otherHash = ContentHash.of(new ByteArrayInputStream("other".getBytes(StandardCharsets.UTF_8))).sha256();

        BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.put("acme/a.txt",
                new ByteArrayInputStream("wrong".getBytes(StandardCharsets.UTF_8)), 5, otherHash, null));

        assertEquals(BlobStoreException.Reason.CONTENT_MISMATCH, e.reason());
        assertEquals("kept", Files.readString(dir.resolve("acme/a.txt")), "the blob under the key is untouched");
        assertEquals(List.of(), list(dir.resolve(".relocate-partial")));
    }

    @Test
    void deletingRemovesEmptyFoldersAndAbsentKeysAreFine() throws IOException {
        FileBlobStore store = new FileBlobStore("local", dir);
        put(store, "acme/deep/er/a.txt", "x");
        put(store, "acme/b.txt", "y");

        store.delete("acme/deep/er/a.txt");
        store.delete("acme/never/there.txt");

        assertFalse(Files.exists(dir.resolve("acme/deep")));
        assertTrue(Files.exists(dir.resolve("acme/b.txt")));
        assertTrue(store.head("acme/deep/er/a.txt").isEmpty());
        assertEquals(BlobStoreException.Reason.NOT_FOUND,
                assertThrows(BlobStoreException.class, () -> store.open("acme/deep/er/a.txt")).reason());
    }

    @Test
    void listingByPrefixFindsOnlyKeysStartingWithIt() throws IOException {
        FileBlobStore store = new FileBlobStore("local", dir);
        for (String key : List.of("acme/a", "acme/sub/b", "acme-old/c", "beta/d", "acmeish")) {
            put(store, key, key);
        }
        assertEquals(List.of("acme/a", "acme/sub/b"), keys(store, "acme/"));
        assertEquals(List.of("acme-old/c", "acme/a", "acme/sub/b", "acmeish"), keys(store, "acme"));
        assertEquals(List.of("acme/sub/b"), keys(store, "acme/s"));
        assertEquals(List.of(), keys(store, "zeta/"));
    }

    @Test
    void keysThatAreNotPlainPathsAndAMissingDirectoryAreRefused() throws IOException {
        FileBlobStore store = new FileBlobStore("local", dir);
        BlobStoreException climbing = assertThrows(BlobStoreException.class, () -> store.head("acme/../../etc/passwd"));
        assertEquals(BlobStoreException.Reason.INVALID_KEY, climbing.reason());
        assertTrue(climbing.getMessage().contains("acme/../../etc/passwd"));

        FileBlobStore missing = new FileBlobStore("gone", dir.resolve("no-such-dir"));
        BlobStoreException e = assertThrows(BlobStoreException.class, missing::check);
        assertEquals(BlobStoreException.Reason.BUCKET_MISSING, e.reason());
        assertTrue(e.getMessage().contains("no-such-dir"));
    }

    private static String put(FileBlobStore store, String key, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = ContentHash.of(new ByteArrayInputStream(bytes)).sha256();
        return store.put(key, new ByteArrayInputStream(bytes), bytes.length, sha, "text/plain");
    }

    private static List<String> keys(BlobStore store, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(prefix, info -> keys.add(info.key()));
        keys.sort(null);
        return keys;
    }

    private static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.toList();
        }
    }
}
