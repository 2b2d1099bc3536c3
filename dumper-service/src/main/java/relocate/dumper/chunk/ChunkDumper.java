package relocate.dumper.chunk;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;

import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.Column;
import relocate.catalog.Model;
import relocate.catalog.Sql;

/**
 * Writes one chunk of a model's domain rows with {@code COPY (SELECT ...) TO STDOUT (FORMAT binary)}.
 *
 * <p>The data streams from the server through a counting SHA-256 digest into the caller's stream as
 * PgJDBC receives it: a chunk is never held in memory whole, whatever its size.
 *
 * <p>What is written: the model's columns in the model's order, stored generated columns left out
 * (the target computes them and refuses a value for them); the loader names the same columns. Rows
 * come in key order (the range's key, else the primary key, else physical order), so that dumping the
 * same data twice gives the same bytes and the same checksum.
 *
 * <p>The domain is the one value written into the SQL text (COPY takes no parameters), through
 * {@link SqlLiteral}. The caller owns the transaction: dump every chunk of a migration in one snapshot
 * (REPEATABLE READ, read only) or from a frozen source.
 */
public final class ChunkDumper {

    private ChunkDumper() {
    }

    /**
     * Writes the chunk's rows to {@code out} (which is flushed, not closed).
     *
     * @throws ChunkDumpFailure when the source cannot be read or {@code out} cannot be written
     */
    public static ChunkDump dump(Connection source, Model model, String domain, ChunkRange range, OutputStream out) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(out, "out");
        String sql = copySql(model, domain, range);
        DigestingStream digesting = new DigestingStream(out);
        try {
            SqlLiteral.requireStandardStrings(source);
            long rows = source.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, digesting);
            digesting.flush();
            if (digesting.failure != null) {
                throw digesting.failure;
            }
            return new ChunkDump(rows, digesting.bytes, HexFormat.of().formatHex(digesting.digest.digest()));
        } catch (SQLException e) {
            throw new ChunkDumpFailure("Cannot dump chunk " + range.describe() + " of domain '" + domain
                    + "' from the source database: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ChunkDumpFailure("Cannot write chunk " + range.describe() + " of domain '" + domain
                    + "' after " + digesting.bytes + " bytes: " + e.getMessage(), e);
        }
    }

    /** The columns a chunk holds, in order: the model's own, less stored generated columns. */
    public static List<String> copiedColumns(Model model) {
        return model.columns().stream().filter(c -> !c.generated()).map(Column::name).toList();
    }

    /** {@code COPY (SELECT t."id", ... FROM ... WHERE ... AND t."id" >= 10 AND t."id" < 20 ORDER BY t."id") TO STDOUT (FORMAT binary)}. */
    static String copySql(Model model, String domain, ChunkRange range) {
        if (!range.model().equals(model.name())) {
            throw new IllegalArgumentException("chunk " + range.describe() + " given for model " + model.name());
        }
        if (range.keyColumn() != null && !model.table().hasColumn(range.keyColumn())) {
            throw new IllegalArgumentException("chunk " + range.describe() + ": " + model.name() + " has no column "
                    + range.keyColumn());
        }
        String columns = copiedColumns(model).stream().map(c -> Sql.column("t", c)).collect(Collectors.joining(", "));
        String fromWhere = SqlLiteral.inline(model.selection().fromWhere(), model.selection().parameterCount(),
                SqlLiteral.quote(domain));
        StringBuilder query = new StringBuilder("SELECT ").append(columns).append(' ').append(fromWhere);
        if (range.lo() != null) {
            // a long printed by Java is digits and a sign: no quoting needed
            query.append(" AND ").append(Sql.column("t", range.keyColumn())).append(" >= ").append(range.lo());
        }
        if (range.hi() != null) {
            query.append(" AND ").append(Sql.column("t", range.keyColumn())).append(" < ").append(range.hi());
        }
        query.append(" ORDER BY ").append(order(model, range));
        return "COPY (" + query + ") TO STDOUT (FORMAT binary)";
    }

    private static String order(Model model, ChunkRange range) {
        if (range.keyColumn() != null) {
            return Sql.column("t", range.keyColumn());
        }
        if (!model.primaryKey().isEmpty()) {
            return model.primaryKey().stream().map(c -> Sql.column("t", c)).collect(Collectors.joining(", "));
        }
        // no key: physical order, which is stable while the data does not change (a partition's rows by partition)
        return "t.tableoid, t.ctid";
    }

    /**
     * Passes bytes through, counting them and feeding the digest.
     *
     * <p>When the destination fails, the failure is kept and the rest of the COPY is read and dropped:
     * PgJDBC's own way out of a COPY whose destination throws (a cancel request, which travels on another
     * connection) races with the end of the COPY and can leave the connection answering the next query
     * with the previous one's results. Draining costs reading the rest of one chunk; it keeps the
     * connection, and with it the migration's snapshot, usable.
     */
    private static final class DigestingStream extends FilterOutputStream {
        private final MessageDigest digest;
        private long bytes;
        private IOException failure;

        DigestingStream(OutputStream out) {
            super(out);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-256", e);
            }
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (failure != null) {
                return;
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                return;
            } catch (RuntimeException e) {
                failure = new IOException(e.toString(), e);
                return;
            }
            digest.update(b, off, len);
            bytes += len;
        }

        @Override
        public void flush() throws IOException {
            if (failure == null) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // the caller's stream is theirs to close
        }
    }
}
