package relocate.loader.copy;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.connect.WriteTransaction;
import relocate.catalog.Column;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.selection.KeyRewrite;
import relocate.loader.copy.ChunkLoadFailure.Reason;

/**
 * Loads one dumped chunk into the target with {@code COPY ... FROM STDIN (FORMAT binary)}, idempotently.
 *
 * <p>One transaction per chunk: first delete the target's rows of this domain in the chunk's key range
 * (all the domain's rows of the model for a whole-model chunk), then copy the chunk in, then check, then
 * commit. A chunk delivered twice therefore replaces its own rows instead of adding them again, and a
 * load that fails anywhere (a broken stream, a crash, a wrong count) rolls back to the target as it was.
 * Before commit it also checks that every loaded row is one the delete of a retry would find (in this
 * domain and this range): a row outside would be duplicated by the next delivery of the chunk.
 *
 * <p>The data streams from the caller's stream to the server in small buffers; a chunk is never held whole.
 *
 * <p>The {@code model} to pass is the one the chunk was dumped with (the source's, as the manifest
 * records it): its columns, less stored generated ones, are the chunk's columns in the chunk's order
 * (binary COPY has no names in it), and its selection finds the domain's rows, now on the target.
 * Chunks must be loaded in load order (parents first), since the selection of a child model reaches the
 * domain through its parents' rows on the target.
 */
public final class ChunkLoader {

    private static final int COPY_BUFFER = 64 * 1024;
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private ChunkLoader() {
    }

    /** Loads the chunk; returns the rows loaded. */
    public static long load(Connection target, Model model, String domain, ChunkRange range, InputStream data) {
        return load(target, model, domain, range, data, OptionalLong.empty(), null, ForwardReferences.Plan.NONE);
    }

    /**
     * Loads the chunk and commits only if exactly {@code expectedRows} rows came in (the row count the
     * dumper recorded for it).
     */
    public static long load(Connection target, Model model, String domain, ChunkRange range, InputStream data,
                            long expectedRows) {
        return load(target, model, domain, range, data, OptionalLong.of(expectedRows), null, ForwardReferences.Plan.NONE);
    }

    /**
     * Loads the chunk as a migration does: under the domain key {@code domain}, although its rows may carry another,
     * {@code sourceDomain}, the domain's key on the source ({@code --new-name}), and with the self-references and
     * cycle-breaking references the target enforces ({@code references}, see {@link ForwardReferences}) loadable
     * whatever the chunks' order.
     *
     * <p>Under a new key, the column the model selects by and every column that holds a copy of the key where it holds
     * the domain's ({@link KeyRewrite}) are rewritten, cast to each column's type; a model none of whose columns holds
     * a key loads as it is. A renamed chunk, or one whose references may wait, goes through a temporary table.
     */
    public static long load(Connection target, Model model, String domain, String sourceDomain, ChunkRange range,
                            InputStream data, long expectedRows, ForwardReferences.Plan references) {
        boolean renamed = !domain.equals(sourceDomain) && KeyRewrite.any(model, copiedColumns(model));
        return load(target, model, domain, range, data, OptionalLong.of(expectedRows), renamed ? sourceDomain : null,
                references);
    }

    private static long load(Connection target, Model model, String domain, ChunkRange range, InputStream data,
                             OptionalLong expectedRows, String renamedFrom, ForwardReferences.Plan references) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(data, "data");
        requireMatching(model, range);
        String chunk = "chunk " + range.describe() + " of domain '" + domain + "'";
        try {
            return WriteTransaction.run(target, "ChunkLoader", c -> {
                long loaded = replace(c, model, domain, range, data, chunk, renamedFrom, references);
                if (expectedRows.isPresent() && loaded != expectedRows.getAsLong()) {
                    throw new ChunkLoadFailure(Reason.ROW_COUNT_MISMATCH, "The data of " + chunk + " holds " + loaded
                            + " rows, but the dump recorded " + expectedRows.getAsLong() + ": the chunk is not the one "
                            + "dumped (or is damaged); nothing was loaded. Dump the chunk again.", null);
                }
                return loaded;
            });
        } catch (SQLException e) {
            throw failure(chunk, e);
        } catch (IOException e) {
            throw new ChunkLoadFailure(Reason.DATA_UNREADABLE, "Cannot read the data of " + chunk + ": " + e.getMessage()
                    + "; nothing was loaded. Loading the chunk again is safe.", e);
        }
    }

    private static long replace(Connection target, Model model, String domain, ChunkRange range, InputStream data,
                                String chunk, String renamedFrom, ForwardReferences.Plan references)
            throws SQLException, IOException {
        // the table's statistics do not know the rows this migration has loaded so far: planned from them, a model
        // selected through its parents (case_id IN (SELECT ...)) can get a nested loop over every row of both, hours for
        // a chunk of 100,000 rows loaded again; a hash join is right at any size, and builds nothing for a range still
        // empty
        try (Statement statement = target.createStatement()) {
            statement.execute("SET LOCAL enable_nestloop = off");
        }
        String fromWhere = model.fromWhere(range);
        try (PreparedStatement delete = target.prepareStatement("DELETE " + fromWhere)) {
            model.selection().bindDomainAndRange(delete, 1, domain, range);
            delete.executeUpdate();
        } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new ChunkLoadFailure(Reason.STILL_REFERENCED, "Cannot replace " + chunk + " on the target: rows "
                        + "already loaded into another model reference the rows it would replace (" + e.getMessage()
                        + "). Chunks load parents first; to load a domain again, first clear its models on the target "
                        + "in reverse load order.", e);
            }
            throw e;
        }
        long loaded = renamedFrom == null && references.held().isEmpty()
                ? target.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql(model), data, COPY_BUFFER)
                : copyStaged(target, model, renamedFrom, domain, references.held(), data);
        long inRange = countInRange(target, model, domain, range, fromWhere);
        if (inRange != loaded) {
            throw new ChunkLoadFailure(Reason.ROWS_OUTSIDE_CHUNK, "Of the " + loaded + " rows in the data of " + chunk
                    + ", " + (loaded - inRange) + " are not in that domain and range on the target, so loading the chunk "
                    + "again would duplicate them; nothing was loaded. The chunk does not match its description in the "
                    + "manifest, or the target misses parent rows of the domain (load chunks in load order).", null);
        }
        ForwardReferences.resolve(target, references.resolved());
        return loaded;
    }

    /**
     * Copies the chunk into a temporary table, rewrites its keys there when {@code renamedFrom} is set, holds back its
     * forward references, then inserts it.
     */
    private static long copyStaged(Connection target, Model model, String renamedFrom, String domain,
                                   List<ForwardReferences.Waiting> waiting, InputStream data)
            throws SQLException, IOException {
        List<String> columns = copiedColumns(model);
        String names = columns.stream().map(Sql::ident).collect(Collectors.joining(", "));
        try (Statement statement = target.createStatement()) {
            statement.execute("CREATE TEMP TABLE relocate_chunk (LIKE " + model.name().sql() + ") ON COMMIT DROP");
        }
        target.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY relocate_chunk (" + names + ") FROM STDIN (FORMAT binary)", data, COPY_BUFFER);
        if (renamedFrom != null) {
            String rewrites = columns.stream().flatMap(c -> KeyRewrite.of(model, c, null)
                            .map(rewrite -> Sql.ident(c) + " = " + rewrite.sql()).stream())
                    .collect(Collectors.joining(", "));
            try (PreparedStatement rename = target.prepareStatement("UPDATE relocate_chunk SET " + rewrites)) {
                KeyRewrite.bindAll(rename, 1, model, columns, renamedFrom, domain);
                rename.executeLargeUpdate();
            }
        }
        for (ForwardReferences.Waiting each : waiting) {
            ForwardReferences.hold(target, model, each, "relocate_chunk");
        }
        try (Statement statement = target.createStatement()) {
            long inserted = statement.executeLargeUpdate("INSERT INTO " + model.name().sql() + " (" + names
                    + ") SELECT " + names + " FROM relocate_chunk");
            statement.execute("DROP TABLE relocate_chunk");
            return inserted;
        }
    }

    /** {@code COPY "public"."cases" ("id", "domain", ...) FROM STDIN (FORMAT binary)}. */
    static String copySql(Model model) {
        String columns = copiedColumns(model).stream().map(Sql::ident).collect(Collectors.joining(", "));
        return "COPY " + model.name().sql() + " (" + columns + ") FROM STDIN (FORMAT binary)";
    }

    /** The chunk's columns, as the dumper writes them: the model's own in order, less stored generated columns. */
    public static List<String> copiedColumns(Model model) {
        return model.columns().stream().filter(c -> !c.generated()).map(Column::name).toList();
    }

    private static long countInRange(Connection target, Model model, String domain, ChunkRange range,
                                     String fromWhere) throws SQLException {
        try (PreparedStatement count = target.prepareStatement("SELECT count(*) " + fromWhere)) {
            model.selection().bindDomainAndRange(count, 1, domain, range);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static void requireMatching(Model model, ChunkRange range) {
        if (!range.model().equals(model.name())) {
            throw new IllegalArgumentException("chunk " + range.describe() + " given for model " + model.name());
        }
        if (range.keyColumn() != null && !model.table().hasColumn(range.keyColumn())) {
            throw new IllegalArgumentException("chunk " + range.describe() + ": " + model.name() + " has no column "
                    + range.keyColumn());
        }
    }

    private static ChunkLoadFailure failure(String chunk, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // class 22 (data exception): the bytes are not a valid chunk for these columns (truncated, damaged, other types)
        if (state.startsWith("22")) {
            return new ChunkLoadFailure(Reason.DATA_INVALID, "The target refused the data of " + chunk + ": "
                    + e.getMessage() + "; nothing was loaded. The chunk is damaged or was dumped from columns of other "
                    + "types: check its checksum against the manifest, and the models' columns on both sides.", e);
        }
        // "safe" even when the connection was lost during COMMIT and we cannot know whether it committed
        return new ChunkLoadFailure(Reason.DATABASE_ERROR, "Cannot load " + chunk + " into the target: " + e.getMessage()
                + ". Loading the chunk again is safe: it replaces whatever an earlier attempt left.", e);
    }
}
