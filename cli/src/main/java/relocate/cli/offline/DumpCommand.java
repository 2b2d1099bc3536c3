package relocate.cli.offline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.artifacts.manifest.Manifest;
import relocate.artifacts.store.FileArtifactStore;
import relocate.catalog.selection.ModelFilter;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.output.Table;
import relocate.dumper.offline.OfflineDump;

@Command(name = "dump", description = "Dump a domain's rows into one archive (manifest and chunks), for a target "
        + "that cannot reach the source; load it there with `relocate load`.")
public final class DumpCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the domain")
    String domain;
    @Mixin
    DatabaseOptions database;
    @Option(names = "--out", required = true, description = "the archive to write")
    Path out;
    @Option(names = "--include", split = ",", description = "models to dump (globs over schema.table or table)")
    List<String> include = new ArrayList<>();
    @Option(names = "--exclude", split = ",", description = "models not to dump")
    List<String> exclude = new ArrayList<>();
    @Option(names = "--chunk-rows", defaultValue = "50000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    long chunkRows;

    @Override
    public Integer call() throws IOException, SQLException {
        ModelFilter filter = ModelFilter.parse(include, exclude, null);
        NewFile.require(out);
        DatabaseOptions.Resolved source = database.resolve();
        Path staging = Files.createTempDirectory("relocate-dump-");
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try (Connection connection = database.open(source, "source");
             OutputStream archive = Files.newOutputStream(partial)) {
            Manifest m = OfflineDump.dump(connection, domain, source.name(), source.tenancy(), filter, chunkRows,
                    new FileArtifactStore(staging), archive, (chunk, done, total) -> {
                        if (done == total || done % 10 == 0) {
                            System.err.printf("dumped %d/%d chunks%n", done, total);
                        }
                    });
            archive.close();
            Files.move(partial, NewFile.require(out), StandardCopyOption.ATOMIC_MOVE);
            Table t = new Table("MODEL", "ROWS", "CHECKSUM");
            m.sourceStats().forEach(s -> t.row(s.model(), MigrationPrinter.count(s.rows()), s.checksum()));
            t.print(System.out);
            System.out.printf("%s: domain %s, %d models, %s rows, %d chunks, %s bytes%n", out, domain, m.models().size(),
                    MigrationPrinter.count(m.totalRows()), m.chunks().size(), MigrationPrinter.count(m.totalBytes()));
            return 0;
        } finally {
            Files.deleteIfExists(partial);
            deleteTree(staging);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
