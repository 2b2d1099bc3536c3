package relocate.cli.offline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.artifacts.store.FileArtifactStore;
import relocate.catalog.selection.ModelFilter;
import relocate.loader.offline.OfflineLoad;
import relocate.loader.verify.VerifyReport;

@Command(name = "load", description = "Load an archive made by `relocate dump` into a target, checking every chunk "
        + "and then the target's counts and checksums against the source's.")
public final class LoadCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the archive")
    Path archive;
    @Mixin
    DatabaseOptions database;
    @Option(names = "--object-filter", description = "a regex over schema.table: load only the models it finds")
    String objectFilter;
    @Option(names = "--new-name", description = "load the domain under this tenant value")
    String newName;

    @Override
    public Integer call() throws IOException, SQLException {
        ModelFilter filter = ModelFilter.parse(List.of(), List.of(), objectFilter);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("no archive at " + archive + ": give the file `relocate dump --out` wrote");
        }
        DatabaseOptions.Resolved target = database.resolve();
        Path staging = Files.createTempDirectory("relocate-load-");
        try (InputStream in = Files.newInputStream(archive); Connection connection = database.open(target, "target")) {
            VerifyReport report = OfflineLoad.load(in, new FileArtifactStore(staging), connection,
                    target.tenancy(), filter, newName, (chunk, done, total) -> {
                        if (done == total || done % 10 == 0) {
                            System.err.printf("loaded %d/%d chunks%n", done, total);
                        }
                    });
            System.out.println(report.describe());
            return report.isClean() ? 0 : 2;
        } finally {
            DumpCommand.deleteTree(staging);
        }
    }
}
