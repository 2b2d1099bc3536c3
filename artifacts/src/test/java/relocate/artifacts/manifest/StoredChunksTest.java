package relocate.artifacts.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import relocate.artifacts.SampleDump;
import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.store.ArtifactMissing;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.FileArtifactStore;
import relocate.catalog.chunk.ChunkRange;

class StoredChunksTest {

    private static final String MIGRATION = "m7";
    private static final ChunkRange RANGE = new ChunkRange(SampleDump.CASES, 3, "id", 3000L, 4000L);
    private static final ManifestChunk DUMPED = ManifestChunk.of(RANGE, 1000, 5000, "c".repeat(64));

    @TempDir
    Path root;

    @Test
    void theChunksFileSaysHowItIsStored() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        write(store, "public.cases/00003.copy.gz", 1234);

        ManifestChunk stored = StoredChunks.stored(store, MIGRATION, DUMPED);

        assertEquals(ManifestChunk.of(RANGE, 1000, 5000, "c".repeat(64), ChunkCompression.GZIP, 1234), stored);
        assertEquals("public.cases/00003.copy.gz", stored.file());

        store.delete(MIGRATION, stored.file());
        write(store, "public.cases/00003.copy", 5000);
        assertEquals(DUMPED, StoredChunks.stored(store, MIGRATION, DUMPED), "uncompressed");
    }

    @Test
    void aChunkWithNoFileOrTwoOrAnUncompressedOneOfAnotherSizeIsRefused() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        ArtifactMissing missing = assertThrows(ArtifactMissing.class, () -> StoredChunks.stored(store, MIGRATION, DUMPED));
        assertTrue(missing.getMessage().contains("public.cases#3") && missing.getMessage().contains("dump it again"),
                missing.getMessage());

        write(store, "public.cases/00003.copy", 4999);
        IOException shorter = assertThrows(IOException.class, () -> StoredChunks.stored(store, MIGRATION, DUMPED));
        assertTrue(shorter.getMessage().contains("is 4999 bytes in the store, but its dump wrote 5000"),
                shorter.getMessage());

        write(store, "public.cases/00003.copy.lz4", 100);
        IOException two = assertThrows(IOException.class, () -> StoredChunks.stored(store, MIGRATION, DUMPED));
        assertTrue(two.getMessage().contains("has 2 files") && two.getMessage().contains("[none, lz4]"),
                two.getMessage());
    }

    @Test
    void beforeTheManifestIsSealedAChunksManifestIsThePlanWithThatChunkAsStored() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        assertThrows(ArtifactMissing.class, () -> StoredChunks.manifest(store, MIGRATION, List.of(DUMPED)),
                "no plan yet");
        Manifest plan = SampleDump.manifest(MIGRATION, List.of());
        try (ArtifactOutputStream out = store.create(MIGRATION, ArtifactNames.PLAN)) {
            ManifestJson.write(plan, out);
        }
        write(store, "public.cases/00003.copy.lz4", 777);

        Manifest manifest = StoredChunks.manifest(store, MIGRATION, List.of(DUMPED));

        assertEquals(plan.models(), manifest.models());
        assertEquals(plan.sourceStats(), manifest.sourceStats());
        assertEquals(List.of(ManifestChunk.of(RANGE, 1000, 5000, "c".repeat(64), ChunkCompression.LZ4, 777)),
                manifest.chunks());
        assertFalse(store.exists(MIGRATION, ArtifactNames.MANIFEST), "nothing sealed");
    }

    private static void write(FileArtifactStore store, String name, int size) throws IOException {
        try (ArtifactOutputStream out = store.create(MIGRATION, name)) {
            out.write(new byte[size]);
        }
    }
}
