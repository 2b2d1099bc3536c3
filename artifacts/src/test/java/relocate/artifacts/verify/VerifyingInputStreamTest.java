package relocate.artifacts.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import relocate.artifacts.GeneratedBytes;
import relocate.artifacts.SampleDump;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.store.FileArtifactStore;

class VerifyingInputStreamTest {

    private static final String MIGRATION = "m1";

    @TempDir
    Path root;

    @Test
    void intactChunkReadsToItsEndAndIsVerified() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        Manifest manifest = SampleDump.write(store, MIGRATION, 3 * 1024 * 1024);
        for (ManifestChunk chunk : manifest.chunks()) {
            try (VerifyingInputStream in = VerifyingInputStream.open(store, MIGRATION, chunk)) {
                assertEquals(chunk.bytes(), in.transferTo(OutputStream.nullOutputStream()));
                assertTrue(in.verified(), chunk.describe());
                assertEquals(-1, in.read(), "the end can be read again");
            }
        }
    }

    @Test
    void oneFlippedByteFailsAtTheEndNamingTheChunkAndBothHashes() throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        Manifest manifest = SampleDump.write(store, MIGRATION, 3 * 1024 * 1024);
        ManifestChunk chunk = manifest.chunks().get(0);
        flipByte(store.path(MIGRATION, chunk.file()), 2 * 1024 * 1024 + 17);

        try (VerifyingInputStream in = VerifyingInputStream.open(store, MIGRATION, chunk)) {
            byte[] buffer = new byte[8192];
            ChunkCorrupted corrupted = assertThrows(ChunkCorrupted.class, () -> {
                while (in.read(buffer, 0, buffer.length) >= 0) {
                    // read on, as a COPY does
                }
            });
            assertEquals(chunk.bytes(), in.bytesRead(), "every byte was delivered: only the end is refused");
            assertFalse(in.verified());
            String message = corrupted.getMessage();
            assertTrue(message.contains("public.cases#0") && message.contains(chunk.file()), message);
            assertTrue(message.contains(chunk.sha256()), message);
            assertTrue(message.contains(corrupted.actualSha256()) && !corrupted.actualSha256().equals(chunk.sha256()), message);
            assertTrue(message.contains("dump the chunk again"), message);
            assertThrows(ChunkCorrupted.class, () -> in.read(buffer, 0, 1), "it stays refused");
        }
    }

    @Test
    void shorterChunkFailsAtItsEndAndLongerOneAsSoonAsItPassesTheRecordedSize() {
        byte[] data = new byte[10_000];
        String sha = sha256(data);
        ChunkCorrupted shorter = assertThrows(ChunkCorrupted.class, () -> new VerifyingInputStream(
                new ByteArrayInputStream(data, 0, 9_999), "c", 10_000, sha).transferTo(OutputStream.nullOutputStream()));
        assertTrue(shorter.getMessage().contains("9999 bytes, but the manifest records 10000"), shorter.getMessage());

        VerifyingInputStream longer = new VerifyingInputStream(new ByteArrayInputStream(new byte[20_000]), "c", 10_000, sha);
        ChunkCorrupted tooLong = assertThrows(ChunkCorrupted.class, () -> longer.transferTo(OutputStream.nullOutputStream()));
        assertTrue(longer.bytesRead() < 20_000, "stopped before the end: " + longer.bytesRead());
        assertTrue(tooLong.getMessage().contains("longer than the 10000 bytes"), tooLong.getMessage());
        assertNull(tooLong.actualSha256());
    }

    @Test
    void skippedBytesAreCheckedToo() throws IOException {
        byte[] data = new GeneratedBytes(9, 50_000).readAllBytes();
        String sha = sha256(data);
        try (VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(data), "c", data.length, sha)) {
            assertEquals(data.length, in.skip(data.length));
            assertEquals(-1, in.read());
            assertTrue(in.verified());
        }
        data[100] ^= 1;
        VerifyingInputStream damaged = new VerifyingInputStream(new ByteArrayInputStream(data), "c", data.length, sha);
        damaged.skip(data.length);
        assertThrows(ChunkCorrupted.class, damaged::read);
    }

    static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(position);
            int b = raw.read();
            raw.seek(position);
            raw.write(b ^ 0x01);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
