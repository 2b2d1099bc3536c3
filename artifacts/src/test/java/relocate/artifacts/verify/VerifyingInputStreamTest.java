package relocate.artifacts.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import relocate.artifacts.GeneratedBytes;
import relocate.artifacts.SampleDump;
import relocate.artifacts.compression.ChunkCompression;
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

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void compressedChunkReadsAsItsCopyDataAndIsVerified(ChunkCompression compression) throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        Manifest manifest = SampleDump.write(store, MIGRATION, 3 * 1024 * 1024, compression);
        for (ManifestChunk chunk : manifest.chunks()) {
            assertEquals(compression, chunk.compression());
            assertTrue(chunk.file().endsWith(".copy" + compression.suffix()), chunk.file());
            assertEquals(chunk.storedBytes(), Files.size(store.path(MIGRATION, chunk.file())), chunk.describe());
            try (VerifyingInputStream in = VerifyingInputStream.open(store, MIGRATION, chunk)) {
                assertEquals(chunk.bytes(), in.transferTo(OutputStream.nullOutputStream()), chunk.describe());
                assertTrue(in.verified(), chunk.describe());
            }
        }
        ManifestChunk big = manifest.chunks().get(0);
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        try (InputStream in = store.open(MIGRATION, big.file())) {
            assertEquals(big.storedBytes(), VerifyingInputStream.copy(big, in, copied));
        }
        assertArrayEquals(Files.readAllBytes(store.path(MIGRATION, big.file())), copied.toByteArray(),
                "a copy carries the file as it is stored");
    }

    @ParameterizedTest
    @EnumSource(value = ChunkCompression.class, names = {"LZ4", "GZIP"})
    void truncatedCompressedChunkIsCorruptedWhereverItIsCut(ChunkCompression compression) throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        ManifestChunk chunk = SampleDump.write(store, MIGRATION, 300_000, compression).chunks().get(0);
        byte[] stored = Files.readAllBytes(store.path(MIGRATION, chunk.file()));
        int n = stored.length;
        for (int cut : new int[] {0, 1, 3, 4, 7, 10, n / 3, n / 2, n - 9, n - 8, n - 5, n - 4, n - 1}) {
            ChunkCorrupted corrupted = assertThrows(ChunkCorrupted.class,
                    () -> readAll(VerifyingInputStream.of(chunk, new ByteArrayInputStream(stored, 0, cut))),
                    "cut to " + cut + " of " + n + " bytes");
            assertTrue(corrupted.getMessage().contains(chunk.file())
                    && corrupted.getMessage().contains("dump the chunk again"), corrupted.getMessage());
        }
        Files.write(store.path(MIGRATION, chunk.file()), java.util.Arrays.copyOf(stored, n / 2));
        ChunkCorrupted inStore = assertThrows(ChunkCorrupted.class,
                () -> readAll(VerifyingInputStream.open(store, MIGRATION, chunk)));
        assertTrue(inStore.getMessage().contains(compression.setting() + " data cannot be decompressed"),
                inStore.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = ChunkCompression.class, names = {"LZ4", "GZIP"})
    void aFlippedBitAnywhereInACompressedChunkIsCorrupted(ChunkCompression compression) throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        ManifestChunk chunk = SampleDump.write(store, MIGRATION, 300_000, compression).chunks().get(0);
        byte[] stored = Files.readAllBytes(store.path(MIGRATION, chunk.file()));
        java.util.SortedSet<Integer> positions = new java.util.TreeSet<>();
        for (int i = 0; i < 40; i++) {
            positions.add(i); // the header
            positions.add(stored.length - 1 - i); // the last block and the trailer
        }
        for (int i = 0; i < stored.length; i += stored.length / 60) {
            positions.add(i);
        }
        for (int position : positions) {
            byte[] damaged = stored.clone();
            damaged[position] ^= (byte) (1 << (position % 8));
            VerifyingInputStream in = VerifyingInputStream.of(chunk, new ByteArrayInputStream(damaged));
            try {
                readAll(in);
            } catch (ChunkCorrupted e) {
                continue;
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("a bit flipped at " + position + " of " + stored.length + " failed otherwise "
                        + "than as a corrupted chunk: " + e, e);
            }
            // gzip's header holds a time and the OS, which no check covers: the data, verified, is intact
            assertTrue(compression == ChunkCompression.GZIP && position >= 4 && position <= 9 && in.verified(),
                    "a bit flipped at " + position + " of " + stored.length + " went unnoticed");
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChunkCompression.class, names = {"LZ4", "GZIP"})
    void bytesAfterTheCompressedDataAreCorruption(ChunkCompression compression) throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        ManifestChunk chunk = SampleDump.write(store, MIGRATION, 100_000, compression).chunks().get(0);
        Path file = store.path(MIGRATION, chunk.file());
        Files.write(file, "appended by someone".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.StandardOpenOption.APPEND);

        ChunkCorrupted corrupted = assertThrows(ChunkCorrupted.class,
                () -> readAll(VerifyingInputStream.open(store, MIGRATION, chunk)));
        assertTrue(corrupted.getMessage().contains(chunk.file()), corrupted.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void aStoreThatFailsWhileReadingIsNotACorruptedChunk(ChunkCompression compression) throws IOException {
        FileArtifactStore store = new FileArtifactStore(root);
        ManifestChunk chunk = SampleDump.write(store, MIGRATION, 300_000, compression).chunks().get(0);
        byte[] stored = Files.readAllBytes(store.path(MIGRATION, chunk.file()));
        InputStream failing = new java.io.FilterInputStream(new ByteArrayInputStream(stored)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > stored.length / 2) {
                    throw new IOException("connection to the artifact store reset");
                }
                int n = super.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                return n;
            }
        };
        IOException failure = assertThrows(IOException.class, () -> readAll(VerifyingInputStream.of(chunk, failing)));
        assertFalse(failure instanceof ChunkCorrupted, failure.toString());
        assertEquals("connection to the artifact store reset", failure.getMessage());
    }

    private static void readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer, 0, buffer.length) >= 0) {
            // read on, as a COPY does
        }
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
