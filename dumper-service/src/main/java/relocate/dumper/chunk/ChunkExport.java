package relocate.dumper.chunk;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import relocate.artifacts.compression.ChunkCompression;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestChunk;
import relocate.artifacts.manifest.ManifestJson;
import relocate.artifacts.manifest.ManifestModel;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.ArtifactStore;
import relocate.artifacts.store.KeepOpenOutputStream;
import relocate.catalog.DomainCatalog;
import relocate.catalog.Tenancy;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.connect.ReadOnlyTransaction;

/**
 * DUMP of one chunk: the chunk's rows, read on a snapshot of the source, into the artifact store under
 * the chunk's name. The file appears whole or not at all (the store publishes it on close), so a dumper
 * killed mid-chunk leaves nothing a loader could mistake for the chunk.
 *
 * <p>The chunk is compressed as the store says ({@link ArtifactStore#chunkCompression()}, the setting
 * {@value ChunkCompression#SETTING}) while it streams; its name ends in the compression's suffix, and a
 * file of the chunk in another compression (written by a dumper set otherwise) is removed, so that the
 * chunk has one file. Rows, size and SHA-256 are those of the COPY data, before compression.
 */
public final class ChunkExport {

    private ChunkExport() {
    }

    /**
     * @param plan    the plan STATS stored: the model must still have the columns it had then
     * @param tenancy the source's, as STATS read the domain with it
     * @throws ChunkDumpFailure when the source or the store fails, or the model changed since STATS
     */
    public static ChunkDump export(Connection source, ArtifactStore store, Manifest plan, ChunkRange range,
                                   Tenancy tenancy) throws SQLException, IOException {
        // dumped again after the manifest was sealed (its file was found corrupted): in the compression the
        // manifest records for it, whatever this dumper's setting, or the loader would look for another file
        ChunkCompression compression = sealed(store, plan.migrationId(), range)
                .map(ManifestChunk::compression).orElse(store.chunkCompression());
        return ReadOnlyTransaction.run(source, connection -> exportIn(connection,
                DomainCatalog.read(connection, tenancy), store, plan, range, compression));
    }

    /**
     * As {@link #export}, in the caller's transaction, with the source's catalog as the caller read it in
     * that transaction (an offline dump reads it once for every chunk), compressed as the store says.
     */
    public static ChunkDump exportIn(Connection connection, DomainModel catalog, ArtifactStore store, Manifest plan,
                                     ChunkRange range) throws SQLException {
        return exportIn(connection, catalog, store, plan, range, store.chunkCompression());
    }

    private static ChunkDump exportIn(Connection connection, DomainModel catalog, ArtifactStore store, Manifest plan,
                                      ChunkRange range, ChunkCompression compression) throws SQLException {
        ManifestModel planned = plan.model(range.model()).orElseThrow(() -> new IllegalArgumentException(
                "chunk " + range.describe() + " belongs to no model of the plan"));
        Model model = catalog.model(range.model())
                .orElseThrow(() -> new ChunkDumpFailure("table " + range.model() + " is gone from the source, or no "
                        + "longer a model of domain '" + plan.domain() + "', since STATS: abort the migration", false, null));
        if (!model.columns().equals(planned.columns())) {
            throw new ChunkDumpFailure("table " + range.model() + " on the source changed since STATS (its columns "
                    + "differ): the source should be frozen; abort the migration and start it again", false, null);
        }
        return write(connection, store, plan, model, range, compression);
    }

    private static ChunkDump write(Connection connection, ArtifactStore store, Manifest plan, Model model,
                                   ChunkRange range, ChunkCompression compression) throws SQLException {
        String migrationId = plan.migrationId();
        ArtifactOutputStream out;
        OutputStream compressing;
        try {
            out = store.create(migrationId, ArtifactNames.chunk(range, compression));
        } catch (IOException e) {
            throw new ChunkDumpFailure("cannot write chunk " + range.describe() + " to the artifact store: "
                    + e.getMessage(), true, e);
        }
        try {
            compressing = compression.compressing(new KeepOpenOutputStream(out));
        } catch (IOException | RuntimeException e) {
            out.abort();
            throw new ChunkDumpFailure("cannot write chunk " + range.describe() + " to the artifact store: "
                    + e.getMessage(), true, e);
        }
        ChunkDump dump;
        try {
            dump = ChunkDumper.dump(connection, model, plan.domain(), range, compressing);
            compressing.close(); // the end of the compressed data; the file itself stays open
            // before the new file takes its name: a crash in between leaves no file, and the dump is redone
            for (ChunkCompression other : ChunkCompression.values()) {
                if (other != compression) {
                    store.delete(migrationId, ArtifactNames.chunk(range, other));
                }
            }
        } catch (RuntimeException e) {
            out.abort();
            endQuietly(compressing);
            throw e;
        } catch (IOException e) {
            out.abort();
            endQuietly(compressing);
            throw new ChunkDumpFailure("cannot write chunk " + range.describe() + " to the artifact store: "
                    + e.getMessage(), true, e);
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new ChunkDumpFailure("cannot store chunk " + range.describe() + " in the artifact store: "
                    + e.getMessage(), true, e);
        }
        return dump;
    }

    /** The chunk as the sealed manifest records it, if the dump was sealed already. */
    private static Optional<ManifestChunk> sealed(ArtifactStore store, String migrationId, ChunkRange range)
            throws IOException {
        if (!store.exists(migrationId, ArtifactNames.MANIFEST)) {
            return Optional.empty();
        }
        return ManifestJson.read(store, migrationId).chunk(range.model(), range.index());
    }

    /** Frees a compressor whose file was aborted (a deflater's native memory); what it writes goes nowhere. */
    private static void endQuietly(OutputStream compressing) {
        try {
            compressing.close();
        } catch (IOException | RuntimeException e) {
            // the file is aborted: its end cannot be written, and need not be
        }
    }
}
