package relocate.blob.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.ArtifactStore;
import relocate.artifacts.store.KeepOpenOutputStream;
import relocate.blob.BlobFailure;

/** Reading and writing the blob files of a migration: JSON, each file appearing whole or not at all. */
final class BlobFiles {

    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private BlobFiles() {
    }

    /** Writes a file; it replaces any file of that name at once when complete, and never appears half written. */
    static void write(ArtifactStore store, String migrationId, String name, Content content) throws IOException {
        ArtifactOutputStream out = store.create(migrationId, name);
        try {
            content.writeTo(out);
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw e;
        }
        out.close();
    }

    static void writeJson(ArtifactStore store, String migrationId, String name, Object value) throws IOException {
        write(store, migrationId, name, out -> {
            JSON.writeValue(new KeepOpenOutputStream(out), value);
            out.write('\n');
        });
    }

    static <T> T readJson(ArtifactStore store, String migrationId, String name, Class<T> type) throws IOException {
        try (InputStream in = store.open(migrationId, name)) {
            return JSON.readValue(in, type);
        } catch (JsonProcessingException e) {
            throw new BlobFailure("The file '" + name + "' of migration " + migrationId + " in the artifact store at "
                    + store.location() + " is not readable (" + e.getOriginalMessage() + "): it was damaged or written "
                    + "by another version of Relocate. Plan the migration's blobs again.", false, e);
        }
    }

    static void requireVersion(int formatVersion, String name, String migrationId) throws BlobFailure {
        if (formatVersion != FORMAT_VERSION) {
            throw new BlobFailure("The file '" + name + "' of migration " + migrationId + " has format version "
                    + formatVersion + "; this Relocate reads version " + FORMAT_VERSION + ". Use the Relocate version "
                    + "that planned the migration.", false);
        }
    }

}
