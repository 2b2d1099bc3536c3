package relocate.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A domain's sample blobs (its users' attachments) in a directory laid out as a filesystem blob store: one
 * file per key, {@code <domain>/attachments/<n>.bin}, with content drawn from a seed, so that every run
 * writes the same bytes. Written in slices: a blob is never held in memory whole.
 */
public final class SampleBlobs {
    private static final int SLICE = 64 * 1024;

    private SampleBlobs() {
    }

    /** The key of blob {@code n} of {@code domain}. */
    public static String key(String domain, int n) {
        return domain + "/attachments/" + n + ".bin";
    }

    /**
     * Writes {@code count} blobs of {@code domain} under {@code root}, of {@code minBytes} to {@code maxBytes}
     * each; returns their total size.
     */
    public static long write(Path root, String domain, int slot, int count, int minBytes, int maxBytes)
            throws IOException {
        Random random = new Random(31L * slot + count);
        long total = 0;
        byte[] slice = new byte[SLICE];
        for (int n = 0; n < count; n++) {
            Path file = root.resolve(key(domain, n));
            Files.createDirectories(file.getParent());
            long size = minBytes + (maxBytes > minBytes ? random.nextInt(maxBytes - minBytes) : 0);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; left -= SLICE) {
                    random.nextBytes(slice);
                    out.write(slice, 0, (int) Math.min(SLICE, left));
                }
            }
            total += size;
        }
        return total;
    }
}
