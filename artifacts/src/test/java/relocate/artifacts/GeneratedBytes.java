package relocate.artifacts;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A stream of {@code size} pseudo-random bytes made on the fly from a seed, so that tests can write and
 * check chunks of many megabytes without ever holding one.
 */
public final class GeneratedBytes extends InputStream {

    private final SplittableRandom random;
    private final long size;
    private long position;

    public GeneratedBytes(long seed, long size) {
        this.random = new SplittableRandom(seed);
        this.size = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(len, size - position);
        for (int i = 0; i < n; i++) {
            // a small alphabet, so that the data deflates somewhat, as COPY data does
            b[off + i] = (byte) ('a' + random.nextInt(16));
        }
        position += n;
        return n;
    }

    /** SHA-256 (hex) of the bytes {@code new GeneratedBytes(seed, size)} yields, computed by streaming them. */
    public static String sha256(long seed, long size) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            GeneratedBytes bytes = new GeneratedBytes(seed, size);
            int n;
            while ((n = bytes.read(buffer, 0, buffer.length)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
