package relocate.artifacts.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import relocate.artifacts.SampleDump;
import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.FileArtifactStore;
import relocate.artifacts.verify.ChunkCorrupted;
import relocate.artifacts.verify.VerifyingInputStream;

class ArchiveTest {

    private static final String MIGRATION = "0d9e7c1a-archive";
    private static final long BIG_CHUNK = 6L * 1024 * 1024;

    @TempDir
    Path work;

    private FileArtifactStore source;
    private FileArtifactStore target;
    private Manifest manifest;

    @BeforeEach
    void dump() throws IOException {
        source = new FileArtifactStore(work.resolve("source"));
        target = new FileArtifactStore(work.resolve("target"));
        manifest = SampleDump.write(source, MIGRATION, BIG_CHUNK);
    }

    @Test
    void packedMigrationUnpacksToTheSameFilesInAnotherStore() throws IOException {
        Path archive = work.resolve("migration.zip");
        try (OutputStream out = Files.newOutputStream(archive)) {
            Archive.pack(source, MIGRATION, out);
        }
        Manifest unpacked;
        try (InputStream in = Files.newInputStream(archive)) {
            unpacked = Archive.unpack(in, target);
        }
        assertEquals(manifest, unpacked);
        assertEquals(source.list(MIGRATION), target.list(MIGRATION));
        for (String name : source.list(MIGRATION)) {
            assertEquals(sha256(source.open(MIGRATION, name)), sha256(target.open(MIGRATION, name)), name);
        }
        assertEquals(manifest, ManifestJson.read(target, MIGRATION));
        assertEquals(List.of(MIGRATION), folders(target), "no unpacking folder is left");

        try (InputStream in = Files.newInputStream(archive)) {
            ArchiveRejected again = assertThrows(ArchiveRejected.class, () -> Archive.unpack(in, target));
            assertTrue(again.getMessage().contains("already has files"), again.getMessage());
        }
        assertEquals(source.list(MIGRATION), target.list(MIGRATION), "the earlier unpack is untouched");
    }

    @ParameterizedTest
    @EnumSource(value = ChunkCompression.class, names = {"LZ4", "GZIP"})
    void compressedChunksTravelCompressedAndUnpackToTheSameFiles(ChunkCompression compression) throws IOException {
        FileArtifactStore compressed = new FileArtifactStore(work.resolve("compressed"));
        Manifest dumped = SampleDump.write(compressed, MIGRATION, BIG_CHUNK, compression);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        Archive.pack(compressed, MIGRATION, archive);

        try (ZipInputStream zip = new ZipInputStream(new java.io.ByteArrayInputStream(archive.toByteArray()))) {
            ManifestChunk big = dumped.chunks().get(0);
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null && !entry.getName().equals(big.file())) {
                // to the big chunk's entry
            }
            assertEquals(big.file(), entry == null ? null : entry.getName());
            assertArrayEquals(Files.readAllBytes(compressed.path(MIGRATION, big.file())), zip.readAllBytes(),
                    "the entry is the chunk's file as it is stored");
        }
        Manifest unpacked = unpack(archive.toByteArray());
        assertEquals(dumped, unpacked);
        assertEquals(compressed.list(MIGRATION), target.list(MIGRATION));
        for (String name : compressed.list(MIGRATION)) {
            assertEquals(sha256(compressed.open(MIGRATION, name)), sha256(target.open(MIGRATION, name)), name);
        }
        for (ManifestChunk chunk : unpacked.chunks()) {
            assertEquals(compression, chunk.compression());
            try (VerifyingInputStream in = VerifyingInputStream.open(target, MIGRATION, chunk)) {
                assertEquals(chunk.bytes(), in.transferTo(OutputStream.nullOutputStream()));
                assertTrue(in.verified(), chunk.describe());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ChunkCompression.class, names = {"LZ4", "GZIP"})
    void compressedEntryThatIsDamagedOrCutShortIsRefusedAndNothingIsKept(ChunkCompression compression)
            throws IOException {
        source.deleteAll(MIGRATION);
        manifest = SampleDump.write(source, MIGRATION, BIG_CHUNK, compression);
        String damaged = manifest.chunks().get(1).file();
        for (EntryEdit edit : List.<EntryEdit>of(
                (name, bytes) -> {
                    bytes[bytes.length / 2] ^= 0x20;
                    return bytes;
                },
                (name, bytes) -> java.util.Arrays.copyOf(bytes, bytes.length - 3))) {
            byte[] archive = rewrite(pack(), (name, bytes) -> name.equals(damaged) ? edit.edit(name, bytes) : bytes);
            ArchiveRejected refused = assertThrows(ArchiveRejected.class, () -> unpack(archive));
            assertTrue(refused.getMessage().contains("Entry '" + damaged + "'"), refused.getMessage());
            assertTrue(refused.getCause() instanceof ChunkCorrupted, String.valueOf(refused.getCause()));
            assertNothingUnpacked();
        }

        try (RandomAccessFile raw = new RandomAccessFile(source.path(MIGRATION, damaged).toFile(), "rw")) {
            raw.seek(100);
            int b = raw.read();
            raw.seek(100);
            raw.write(b ^ 0x01);
        }
        ChunkCorrupted notPacked = assertThrows(ChunkCorrupted.class,
                () -> Archive.pack(source, MIGRATION, OutputStream.nullOutputStream()));
        assertTrue(notPacked.getMessage().contains(damaged), notPacked.getMessage());
    }

    @Test
    void entryWhoseBytesDifferFromTheManifestIsRefusedAndNothingIsKept() throws IOException {
        String damaged = manifest.chunks().get(1).file();
        byte[] archive = rewrite(pack(), (name, bytes) -> {
            if (name.equals(damaged)) {
                bytes[500] ^= 1;
            }
            return bytes;
        });
        ArchiveRejected refused = assertThrows(ArchiveRejected.class, () -> unpack(archive));
        assertTrue(refused.getMessage().contains("Entry '" + damaged + "'"), refused.getMessage());
        assertTrue(refused.getCause() instanceof ChunkCorrupted, String.valueOf(refused.getCause()));
        assertNothingUnpacked();
    }

    @Test
    void archiveDamagedInTransferIsRefusedAndNothingIsKept() throws IOException {
        Path archive = work.resolve("migration.zip");
        Files.write(archive, pack());
        // a byte in the middle of the big chunk's compressed data
        try (RandomAccessFile raw = new RandomAccessFile(archive.toFile(), "rw")) {
            long position = raw.length() / 3;
            raw.seek(position);
            int b = raw.read();
            raw.seek(position);
            raw.write(b ^ 0x10);
        }
        ArchiveRejected refused;
        try (InputStream in = Files.newInputStream(archive)) {
            refused = assertThrows(ArchiveRejected.class, () -> Archive.unpack(in, target));
        }
        assertTrue(refused.getMessage().contains(manifest.chunks().get(0).file()), refused.getMessage());
        assertNothingUnpacked();
    }

    @Test
    void archiveLackingAChunkIsRefusedNamingItAndNothingIsKept() throws IOException {
        String dropped = manifest.chunks().get(3).file();
        byte[] archive = rewrite(pack(), (name, bytes) -> name.equals(dropped) ? null : bytes);
        ArchiveRejected refused = assertThrows(ArchiveRejected.class, () -> unpack(archive));
        assertTrue(refused.getMessage().contains("lacks 1 chunk(s)") && refused.getMessage().contains(dropped),
                refused.getMessage());
        assertNothingUnpacked();
    }

    @Test
    void archiveWithAnEntryTheManifestDoesNotListIsRefusedNamingItAndNothingIsKept() throws IOException {
        byte[] archive = withExtraEntry(pack(), "public.cases/00099.copy");
        ArchiveRejected refused = assertThrows(ArchiveRejected.class, () -> unpack(archive));
        assertTrue(refused.getMessage().contains("'public.cases/00099.copy', which its manifest does not list"),
                refused.getMessage());
        assertNothingUnpacked();

        ArchiveRejected escaping = assertThrows(ArchiveRejected.class, () -> unpack(withExtraEntry(pack(), "../../evil")));
        assertTrue(escaping.getMessage().contains("'../../evil'"), escaping.getMessage());
        assertNothingUnpacked();
        assertTrue(List.of("source", "target").containsAll(list(work)), "nothing was written beside the stores: " + list(work));
    }

    @Test
    void archiveOfANewerManifestOrOfSomethingElseIsRefused() throws IOException {
        byte[] newer = rewrite(pack(), (name, bytes) -> name.equals(ArtifactNames.MANIFEST)
                ? new String(bytes, StandardCharsets.UTF_8)
                        .replace("\"formatVersion\": " + Manifest.FORMAT_VERSION, "\"formatVersion\": 7")
                        .getBytes(StandardCharsets.UTF_8)
                : bytes);
        IOException refused = assertThrows(IOException.class, () -> unpack(newer));
        assertTrue(refused.getMessage().contains("format version 7"), refused.getMessage());

        ArchiveRejected notZip = assertThrows(ArchiveRejected.class,
                () -> unpack("just some text".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notZip.getMessage().contains("does not start with manifest.json"), notZip.getMessage());
        assertNothingUnpacked();
    }

    @Test
    void damagedChunkInTheSourceStoreIsNotPacked() throws IOException {
        ManifestChunk chunk = manifest.chunks().get(3);
        try (RandomAccessFile raw = new RandomAccessFile(source.path(MIGRATION, chunk.file()).toFile(), "rw")) {
            raw.seek(10);
            raw.write('!');
        }
        ChunkCorrupted corrupted = assertThrows(ChunkCorrupted.class,
                () -> Archive.pack(source, MIGRATION, OutputStream.nullOutputStream()));
        assertTrue(corrupted.getMessage().contains(chunk.file()), corrupted.getMessage());
    }

    private byte[] pack() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Archive.pack(source, MIGRATION, out);
        return out.toByteArray();
    }

    private Manifest unpack(byte[] archive) throws IOException {
        return Archive.unpack(new java.io.ByteArrayInputStream(archive), target);
    }

    private void assertNothingUnpacked() throws IOException {
        assertEquals(List.of(), target.list(MIGRATION));
        assertEquals(List.of(), folders(target), "no unpacking folder is left either");
    }

    private static List<String> folders(FileArtifactStore store) throws IOException {
        return Files.isDirectory(store.root()) ? list(store.root()) : List.of();
    }

    private static List<String> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private interface EntryEdit {
        /** The entry's new bytes, or null to drop it. */
        byte[] edit(String name, byte[] bytes);
    }

    /** A valid zip with the same entries as {@code archive}, edited (these tests' archives are small enough to hold). */
    private static byte[] rewrite(byte[] archive, EntryEdit edit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(archive));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] bytes = edit.edit(entry.getName(), in.readAllBytes());
                if (bytes != null) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    zip.write(bytes);
                    zip.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] withExtraEntry(byte[] archive, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(archive));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                in.transferTo(zip);
                zip.closeEntry();
                if (entry.getName().equals(ArtifactNames.MANIFEST)) {
                    zip.putNextEntry(new ZipEntry(name));
                    zip.write("not a chunk".getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static String sha256(InputStream in) throws IOException {
        try (DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"))) {
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
