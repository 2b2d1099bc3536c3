package relocate.cli.offline;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.blob.archive.BlobArchive;
import relocate.blob.archive.ExportSummary;
import relocate.blob.archive.ImportSummary;
import relocate.blob.listing.BlobListing;
import relocate.blob.store.BlobStore;
import relocate.blob.store.BlobStores;

@Command(name = "blob", description = "Offline: a domain's blobs to a .tar.gz file and back, as the manual runbooks do.",
        subcommands = {BlobCommand.Export.class, BlobCommand.Import.class})
public final class BlobCommand {

    @Command(name = "export", description = "Write a domain's blobs (with their SHA-256) to a .tar.gz file.")
    static final class Export implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;
        @Mixin
        BlobStoreOptions store;
        @Parameters(index = "0", description = "the domain")
        String domain;
        @Option(names = "--out", required = true, description = "the archive to write, e.g. acme-blobs.tar.gz")
        Path out;

        @Override
        public Integer call() throws Exception {
            NewFile.require(out);
            BlobStoreOptions.Resolved s = store.resolve(database);
            ExportSummary summary;
            try (BlobStore source = BlobStores.open(s.settings());
                 Connection db = s.listing() instanceof BlobListing.Query ? database.open(database.resolve(), "source")
                         : null) {
                summary = BlobArchive.export(source, s.listing(), domain, db, out);
            }
            System.out.println("exported " + summary.blobs() + " blobs of " + domain + " (" + summary.bytes()
                    + " bytes) from " + s.settings().describe() + " to " + out);
            return 0;
        }
    }

    @Command(name = "import", description = "Write the blobs of an archive to a store, each checked against its "
            + "SHA-256; blobs already there unchanged are skipped, different ones are refused.")
    static final class Import implements Callable<Integer> {
        @Mixin
        DatabaseOptions database;
        @Mixin
        BlobStoreOptions store;
        @Parameters(index = "0", description = "the archive, from `relocate blob export`")
        Path file;

        @Override
        public Integer call() throws Exception {
            BlobStoreOptions.Resolved s = store.resolve(database);
            ImportSummary summary;
            try (BlobStore target = BlobStores.open(s.settings())) {
                summary = BlobArchive.importFile(file, target);
            }
            System.out.println("imported " + summary.imported() + " blobs of " + summary.domain() + " ("
                    + summary.importedBytes() + " bytes) into " + s.settings().describe() + "; " + summary.skipped()
                    + " were there already");
            return 0;
        }
    }
}
