package relocate.dumper.chunk;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.manifest.ManifestModel;
import relocate.artifacts.store.ArtifactNames;
import relocate.artifacts.store.ArtifactOutputStream;
import relocate.artifacts.store.ArtifactStore;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.connect.ReadOnlyTransaction;

/**
 * DUMP of one chunk: the chunk's rows, read on a snapshot of the source, into the artifact store under
 * the chunk's name. The file appears whole or not at all (the store publishes it on close), so a dumper
 * killed mid-chunk leaves nothing a loader could mistake for the chunk.
 */
public final class ChunkExport {

    private ChunkExport() {
    }

    /**
     * @param plan the plan STATS stored: the model must still have the columns it had then
     * @throws ChunkDumpFailure when the source or the store fails, or the model changed since STATS
     */
    public static ChunkDump export(Connection source, ArtifactStore store, Manifest plan, ChunkRange range)
            throws SQLException, IOException {
        return ReadOnlyTransaction.run(source, connection -> exportIn(connection,
                DomainCatalog.read(connection, plan.tenantColumn()), store, plan, range));
    }

    /**
     * As {@link #export}, in the caller's transaction, with the source's catalog as the caller read it in
     * that transaction (an offline dump reads it once for every chunk).
     */
    public static ChunkDump exportIn(Connection connection, DomainModel catalog, ArtifactStore store, Manifest plan,
                                     ChunkRange range) throws SQLException {
        ManifestModel planned = plan.model(range.model()).orElseThrow(() -> new IllegalArgumentException(
                "chunk " + range.describe() + " belongs to no model of the plan"));
        Model model = catalog.model(range.model())
                .orElseThrow(() -> new ChunkDumpFailure("table " + range.model() + " is gone from the source, or no "
                        + "longer a model of domain '" + plan.domain() + "', since STATS: abort the migration", false, null));
        if (!model.columns().equals(planned.columns())) {
            throw new ChunkDumpFailure("table " + range.model() + " on the source changed since STATS (its columns "
                    + "differ): the source should be frozen; abort the migration and start it again", false, null);
        }
        return write(connection, store, plan, model, range);
    }

    private static ChunkDump write(Connection connection, ArtifactStore store, Manifest plan, Model model,
                                   ChunkRange range) throws SQLException {
        ArtifactOutputStream out;
        try {
            out = store.create(plan.migrationId(), ArtifactNames.chunk(range));
        } catch (IOException e) {
            throw new ChunkDumpFailure("cannot write chunk " + range.describe() + " to the artifact store: "
                    + e.getMessage(), true, e);
        }
        ChunkDump dump;
        try {
            dump = ChunkDumper.dump(connection, model, plan.domain(), range, out);
        } catch (RuntimeException e) {
            out.abort();
            throw e;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new ChunkDumpFailure("cannot store chunk " + range.describe() + " in the artifact store: "
                    + e.getMessage(), true, e);
        }
        return dump;
    }
}
