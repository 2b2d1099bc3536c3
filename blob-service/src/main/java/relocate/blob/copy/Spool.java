package relocate.blob.copy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import relocate.blob.store.ContentHash;

/**
 * A small blob copied to a temporary file while it is hashed: its SHA-256 is then known before the upload
 * starts (S3 takes metadata first) without reading the source twice, and a failed upload can be replayed
 * from the file. Only blobs up to {@link #LIMIT} are spooled, so the disk holds at most that much per
 * blob being copied; larger ones are read twice instead.
 */
final class Spool implements AutoCloseable {

    static final long LIMIT = 16L * 1024 * 1024;

    private final Path file;
    private final ContentHash hash;

    private Spool(Path file, ContentHash hash) {
        this.file = file;
        this.hash = hash;
    }

    /** Copies {@code in} to its end into a new file in {@code directory}. */
    static Spool of(InputStream in, Path directory) throws IOException {
        Path file = Files.createTempFile(directory, "relocate-blob-", ".spool");
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
                size = in.transferTo(out);
            }
            return new Spool(file, new ContentHash(size, HexFormat.of().formatHex(digest.digest())));
        } catch (NoSuchAlgorithmException e) {
            Files.deleteIfExists(file);
            throw new IllegalStateException("this JVM has no SHA-256", e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    ContentHash hash() {
        return hash;
    }

    InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
