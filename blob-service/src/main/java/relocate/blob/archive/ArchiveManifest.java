package relocate.blob.archive;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import relocate.blob.store.ContentHash;

/**
 * The manifest of a blob archive, {@value #NAME}, its first entry: one JSON line of totals, then one line per
 * blob in the order of the archive's entries, each with the entry's file name, the key, size, SHA-256 and
 * content type. A line per blob, so that both ends stream it rather than hold it.
 */
final class ArchiveManifest {

    static final String NAME = "manifest.jsonl";
    static final String FORMAT = "relocate-blobs";
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The first line. */
    record Header(String format, int formatVersion, String domain, long blobs, long bytes) {
    }

    /** A blob's line. @param file the archive entry holding its bytes */
    record Blob(String file, String key, long size, String sha256, String contentType) {
    }

    private ArchiveManifest() {
    }

    /** The entry name of the {@code n}th blob (from 1): {@code blobs/00000001}. Keys need not be valid file names. */
    static String file(long n) {
        return String.format("blobs/%08d", n);
    }

    static String line(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a manifest line", e);
        }
    }

    static Header header(String line, String archive) throws IOException {
        Header header = parse(line, Header.class, archive);
        if (!FORMAT.equals(header.format())) {
            throw new BlobArchiveFailure(archive + " is not a blob archive of Relocate: its manifest's format is '"
                    + header.format() + "', not '" + FORMAT + "'.", false);
        }
        if (header.formatVersion() != FORMAT_VERSION) {
            throw new BlobArchiveFailure(archive + " has format version " + header.formatVersion() + "; this Relocate "
                    + "reads version " + FORMAT_VERSION + ". Import it with the Relocate version that exported it.", false);
        }
        return header;
    }

    static Blob blob(String line, String archive) throws IOException {
        Blob blob = parse(line, Blob.class, archive);
        if (blob.key() == null || blob.key().isEmpty() || blob.size() < 0 || !ContentHash.isSha256(blob.sha256())
                || blob.file() == null) {
            throw new BlobArchiveFailure(archive + " has a manifest line that is not a blob: " + line, false);
        }
        return blob;
    }

    private static <T> T parse(String line, Class<T> type, String archive) throws BlobArchiveFailure {
        if (line == null) {
            throw new BlobArchiveFailure(archive + " has a manifest that ends early: the archive is truncated.", false);
        }
        try {
            return JSON.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new BlobArchiveFailure(archive + " has a damaged manifest line (" + e.getOriginalMessage() + ").", false,
                    e);
        }
    }
}
