package relocate.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SplittableRandom;

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

    /**
     * Writes {@code count} blobs of {@code domain} under {@code root}, of {@code minBytes} to {@code maxBytes}
     * each (sizes spread evenly), their sizes and bytes decided by {@code seed} alone: the same seed writes the
     * same files, another seed others. The bytes look like compressed attachments (photos, PDFs): they do not
     * compress. Returns the total size.
     *
     * <p>Mind the other overload: with an {@code int} third argument, Java picks {@link #write(Path, String, int,
     * int, int, int)} (a slot); pass the seed as a {@code long} ({@code 42L}).
     */
    public static long write(Path root, String domain, long seed, int count, int minBytes, int maxBytes)
            throws IOException {
        if (count < 0 || minBytes < 0 || maxBytes < minBytes) {
            throw new IllegalArgumentException("blobs: count " + count + " and sizes " + minBytes + "-" + maxBytes
                    + " must be a count >= 0 and sizes with 0 <= min <= max");
        }
        SplittableRandom sizes = new SplittableRandom(seed);
        long total = 0;
        ByteBuffer slice = ByteBuffer.allocate(SLICE);
        for (int n = 0; n < count; n++) {
            long size = minBytes + sizes.nextLong(maxBytes - (long) minBytes + 1);
            SplittableRandom content = new SplittableRandom(SampleRows.mix(seed, n));
            Path file = root.resolve(key(domain, n));
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; left -= SLICE) {
                    slice.clear();
                    while (slice.hasRemaining()) {
                        slice.putLong(content.nextLong());
                    }
                    out.write(slice.array(), 0, (int) Math.min(SLICE, left));
                }
            }
            total += size;
        }
        return total;
    }
}
