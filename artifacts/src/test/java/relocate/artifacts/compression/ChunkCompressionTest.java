package relocate.artifacts.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.micronaut.context.ApplicationContext;
import relocate.artifacts.store.ArtifactStore;

class ChunkCompressionTest {

    @Test
    void aSettingNamesACompressionAndAnythingElseIsRefusedNamingTheChoices() {
        assertEquals(ChunkCompression.NONE, ChunkCompression.parse("none"));
        assertEquals(ChunkCompression.LZ4, ChunkCompression.parse("LZ4"));
        assertEquals(ChunkCompression.GZIP, ChunkCompression.parse(" gzip "));
        IllegalArgumentException zstd = assertThrows(IllegalArgumentException.class, () -> ChunkCompression.parse("zstd"));
        assertEquals("'zstd' is not a chunk compression Relocate knows: use one of none, lz4, gzip", zstd.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChunkCompression.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ChunkCompression.parse(null));
    }

    @ParameterizedTest
    @EnumSource(ChunkCompression.class)
    void whatIsCompressedDecompressesToTheSameBytesInTheStandardFormat(ChunkCompression compression) throws IOException {
        byte[] data = "row 42|acme|{\"notes\": \"observed observed observed\"}\n".repeat(20_000)
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        try (OutputStream out = compression.compressing(stored)) {
            for (int i = 0; i < data.length; i += 57) {
                out.write(data, i, Math.min(57, data.length - i)); // a row at a time, as PgJDBC writes
            }
        }
        try (InputStream in = compression.decompressing(new ByteArrayInputStream(stored.toByteArray()))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        byte[] head = stored.toByteArray();
        switch (compression) {
            case NONE -> assertArrayEquals(data, head);
            case LZ4 -> assertArrayEquals(new byte[] {0x04, 0x22, 0x4d, 0x18}, java.util.Arrays.copyOf(head, 4),
                    "the LZ4 frame magic number, as lz4 -d expects");
            case GZIP -> assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, java.util.Arrays.copyOf(head, 2),
                    "the gzip magic number, as gunzip expects");
        }
        if (compression != ChunkCompression.NONE) {
            assertTrue(head.length < data.length / 10, compression + ": " + head.length + " of " + data.length);
        }
    }

    @Test
    void theStoreOfAProcessCompressesAsRelocateArtifactsCompressionSays() {
        try (ApplicationContext context = ApplicationContext.run(Map.of(ChunkCompression.SETTING, "lz4",
                "relocate.artifacts.dir", "build-nothing-here"))) {
            assertEquals(ChunkCompression.LZ4, context.getBean(ArtifactStore.class).chunkCompression());
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("relocate.artifacts.dir", "build-nothing-here"))) {
            assertEquals(ChunkCompression.NONE, context.getBean(ArtifactStore.class).chunkCompression(), "by default");
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of(ChunkCompression.SETTING, "brotli"))) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> context.getBean(ArtifactStore.class));
            String messages = messages(refused);
            assertTrue(messages.contains("relocate.artifacts.compression: 'brotli' is not a chunk compression"), messages);
        }
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
