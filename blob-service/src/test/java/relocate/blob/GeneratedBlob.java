package relocate.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import relocate.blob.store.ContentHash;

/**
 * Deterministic test content of any size, generated as it is read (never built in memory): the same seed
 * and size always give the same bytes, however they are read.
 */
public final class GeneratedBlob extends InputStream {

    private final long seed;
    private final long size;
    private long position;

    public GeneratedBlob(long seed, long size) {
        this.seed = seed;
        this.size = size;
    }

    /** The size and SHA-256 of the content, by generating it once. */
    public static ContentHash hash(long seed, long size) {
        try (GeneratedBlob blob = new GeneratedBlob(seed, size)) {
            return ContentHash.of(blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int read() {
        if (position >= size) {
            return -1;
        }
        return byteAt(position++) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        int i = 0;
        while (i < n) {
            long p = position + i;
            long word = mix(seed, p >>> 3);
            for (int shift = (int) (p & 7); shift < 8 && i < n; shift++, i++) {
                b[off + i] = (byte) (word >>> (shift * 8));
            }
        }
        position += n;
        return n;
    }

    private byte byteAt(long p) {
        return (byte) (mix(seed, p >>> 3) >>> ((p & 7) * 8));
    }

    /** SplitMix64 of the seed and the word's index. */
    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
