package relocate.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleBlobsTest {
    @TempDir
    Path dir;

    @Test
    void theSameSeedWritesTheSameBlobsAndAnotherSeedOthers() throws Exception {
        long total = SampleBlobs.write(dir.resolve("a"), "acme", 42L, 12, 1_000, 200_000);
        SampleBlobs.write(dir.resolve("b"), "acme", 42L, 12, 1_000, 200_000);
        SampleBlobs.write(dir.resolve("c"), "acme", 43L, 12, 1_000, 200_000);

        List<String> a = hashes(dir.resolve("a"), "acme", 12);
        assertEquals(a, hashes(dir.resolve("b"), "acme", 12));
        List<String> c = hashes(dir.resolve("c"), "acme", 12);
        for (int n = 0; n < 12; n++) {
            assertNotEquals(a.get(n), c.get(n), "blob " + n);
        }
        long sum = 0;
        for (int n = 0; n < 12; n++) {
            long size = Files.size(dir.resolve("a").resolve(SampleBlobs.key("acme", n)));
            assertTrue(size >= 1_000 && size <= 200_000, "blob " + n + ": " + size + " bytes");
            sum += size;
        }
        assertEquals(sum, total);
    }

    @Test
    void sizesSpreadOverTheRangeAndAFixedSizeIsExact() throws Exception {
        SampleBlobs.write(dir.resolve("spread"), "acme", 7L, 40, 100, 300_000);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int n = 0; n < 40; n++) {
            long size = Files.size(dir.resolve("spread").resolve(SampleBlobs.key("acme", n)));
            min = Math.min(min, size);
            max = Math.max(max, size);
        }
        assertTrue(max - min > 100_000, "sizes " + min + ".." + max);

        assertEquals(3 * 65_537L, SampleBlobs.write(dir.resolve("fixed"), "acme", 7L, 3, 65_537, 65_537));
        assertEquals(65_537L, Files.size(dir.resolve("fixed").resolve(SampleBlobs.key("acme", 2))));
    }

    @Test
    void badCountsOrSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SampleBlobs.write(dir, "acme", 1L, 1, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> SampleBlobs.write(dir, "acme", 1L, -1, 10, 50));
    }

    private static List<String> hashes(Path root, String domain, int count) throws Exception {
        List<String> hashes = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(root.resolve(SampleBlobs.key(domain, n))),
                    sha256)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            hashes.add(HexFormat.of().formatHex(sha256.digest()));
        }
        return hashes;
    }
}
