package relocate.artifacts.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import relocate.artifacts.compression.ChunkCompression;

/**
 * Where a migration's dumped chunks and its {@code manifest.json} live between the dumper and the loader:
 * one folder (or prefix) per migration id, files in it by relative name ({@link ArtifactNames}).
 *
 * <p>A file is visible under its name only once it is complete: {@link #create} streams to a hidden
 * temporary file that takes the name when the stream is closed, so a reader never sees half a chunk and a
 * crashed writer leaves nothing under the name. Nothing is ever held in memory whole.
 *
 * <p>Every failure is an {@link IOException}: {@link ArtifactStoreException} when the store itself fails
 * (a full disk, no permission), {@link ArtifactMissing} when a named file is not there.
 */
public interface ArtifactStore {

    /** Where the store is, for messages to people (a directory, a bucket URL). */
    String location();

    /**
     * How a dumper compresses the chunks it writes into this store ({@value ChunkCompression#SETTING}).
     * Readers never ask: each chunk's compression is in the manifest.
     */
    default ChunkCompression chunkCompression() {
        return ChunkCompression.NONE;
    }

    /**
     * Opens a new file for writing. It appears under {@code name} when the returned stream is closed
     * (replacing a file of that name, atomically), and never if writing fails or the stream is
     * {@linkplain ArtifactOutputStream#abort() aborted}.
     */
    ArtifactOutputStream create(String migrationId, String name) throws IOException;

    /** Reads a file. @throws ArtifactMissing when there is no such file */
    InputStream open(String migrationId, String name) throws IOException;

    boolean exists(String migrationId, String name) throws IOException;

    /** The file's size in bytes. @throws ArtifactMissing when there is no such file */
    long size(String migrationId, String name) throws IOException;

    /** The migration's complete files, by name, sorted; empty when the migration has none. */
    List<String> list(String migrationId) throws IOException;

    /** Removes one file; nothing happens if it is not there. */
    void delete(String migrationId, String name) throws IOException;

    /** Removes every file of the migration, unfinished ones included; nothing happens if it has none. */
    void deleteAll(String migrationId) throws IOException;

    /**
     * Gives every file of {@code fromMigrationId} to {@code toMigrationId}, at once where the store can (a
     * directory rename on a file system), so that a migration's files appear together or not at all.
     *
     * @throws ArtifactMissing       when {@code fromMigrationId} has no files
     * @throws ArtifactStoreException when {@code toMigrationId} already has files
     */
    void rename(String fromMigrationId, String toMigrationId) throws IOException;
}
