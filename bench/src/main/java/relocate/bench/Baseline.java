package relocate.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;
import relocate.catalog.DomainCatalog;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.TableName;
import relocate.catalog.stats.DomainStats;
import relocate.catalog.stats.ModelStats;
import relocate.dumper.chunk.ChunkDumper;
import relocate.dumper.chunk.SqlLiteral;

/**
 * The best a person does by hand: for each model in load order, {@code COPY (SELECT ... WHERE domain = ...)
 * TO STDOUT} on the source piped straight into {@code COPY ... FROM STDIN} on the target (binary, the
 * faster format; one model after the other, as {@code psql | psql} in a runbook), then counts and
 * checksums compared on both sides.
 */
final class Baseline {
    private Baseline() {
    }

    record Result(long rows, long bytes, long copyMillis, long verifyMillis, boolean equal, CpuUse cpu) {
        long totalMillis() {
            return copyMillis + verifyMillis;
        }
    }

    static Result run(Connection source, Connection target, String domain) throws SQLException {
        DomainModel model = DomainCatalog.read(source, "domain");
        CpuUse.Start cpu = CpuUse.start();
        long started = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        for (TableName name : model.loadOrder()) {
            Model m = model.model(name).orElseThrow();
            long[] piped = pipe(source, target, m, domain);
            rows += piped[0];
            bytes += piped[1];
        }
        long copied = System.nanoTime();
        Map<TableName, ModelStats> before = DomainStats.of(source, model, domain);
        Map<TableName, ModelStats> after = DomainStats.of(target, DomainCatalog.read(target, "domain"), domain);
        long verified = System.nanoTime();
        return new Result(rows, bytes, (copied - started) / 1_000_000, (verified - copied) / 1_000_000,
                before.equals(after), cpu.end());
    }

    /** One model through the pipe; returns {rows, bytes}. */
    private static long[] pipe(Connection source, Connection target, Model model, String domain) throws SQLException {
        String columns = ChunkDumper.copiedColumns(model).stream().map(c -> Sql.column("t", c))
                .collect(Collectors.joining(", "));
        String select = "SELECT " + columns + " " + SqlLiteral.inline(model.selection().fromWhere(),
                model.selection().parameterCount(), SqlLiteral.quote(domain));
        String into = "COPY " + model.name().sql() + " (" + ChunkDumper.copiedColumns(model).stream().map(Sql::ident)
                .collect(Collectors.joining(", ")) + ") FROM STDIN (FORMAT binary)";
        CopyOut out = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT binary)");
        CopyIn in = target.unwrap(PGConnection.class).getCopyAPI().copyIn(into);
        long bytes = 0;
        // rows gathered into 64 KiB writes, as a pipe between two psql would carry them
        byte[] batch = new byte[64 * 1024];
        int filled = 0;
        try {
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                if (filled + row.length > batch.length) {
                    in.writeToCopy(batch, 0, filled);
                    filled = 0;
                }
                if (row.length > batch.length) {
                    in.writeToCopy(row, 0, row.length);
                } else {
                    System.arraycopy(row, 0, batch, filled, row.length);
                    filled += row.length;
                }
                bytes += row.length;
            }
            in.writeToCopy(batch, 0, filled);
            return new long[] {in.endCopy(), bytes};
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }
}
