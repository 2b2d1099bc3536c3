package relocate.cli.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.offline.DatabaseOptions;
import relocate.cli.output.MigrationPrinter;
import relocate.cli.output.Table;
import relocate.sample.SampleBlobs;
import relocate.sample.SampleGenerator;
import relocate.sample.SampleSize;
import relocate.sample.SampleSpec;

@Command(name = "generate", description = "Fill a database with the sample application's data for a domain at a "
        + "chosen size (and a second domain around it, rows interleaved), the same for the same seed: for "
        + "benchmarks and rehearsals. Optionally writes the domain's blobs to a directory.")
public final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the domain")
    String domain;
    @Mixin
    DatabaseOptions database;
    @Option(names = "--rows", required = true, description = "about how many rows, over all sample tables: 1500, 250k, 1m, 10m")
    String rows;
    @Option(names = "--other-domain", description = "a second domain whose rows are interleaved with the first's")
    String otherDomain;
    @Option(names = "--other-rows", description = "the second domain's rows (default: as many as --rows)")
    String otherRows;
    @Option(names = "--seed", defaultValue = "42", description = "decides every value (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--blobs", defaultValue = "0", description = "how many blobs of the domain to write (default: none)")
    int blobs;
    @Option(names = "--other-blobs", defaultValue = "0", description = "how many blobs of the other domain (default: none)")
    int otherBlobs;
    @Option(names = "--blob-size", defaultValue = "64k-1m",
            description = "each blob's size, or a range they spread over (default: ${DEFAULT-VALUE})")
    String blobSize;
    @Option(names = "--blob-dir", description = "the directory blob store to write them to, <dir>/<domain>/attachments/<n>.bin")
    Path blobDir;
    @Option(names = "--jobs", defaultValue = "2", description = "connections inserting at once into empty tables "
            + "(default: ${DEFAULT-VALUE}; 1: all in one transaction)")
    int jobs;

    @Override
    public Integer call() throws SQLException, IOException {
        SampleSpec spec = spec();
        BlobSizes sizes = BlobSizes.parse(blobSize);
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs is a number of connections: 1 or more");
        }
        if (blobs < 0 || otherBlobs < 0) {
            throw new IllegalArgumentException("--blobs and --other-blobs are counts: 0 or more");
        }
        if ((blobs > 0 || otherBlobs > 0) && blobDir == null) {
            throw new IllegalArgumentException("--blobs needs --blob-dir <directory>: where the blobs go");
        }
        if (otherBlobs > 0 && spec.otherDomain() == null) {
            throw new IllegalArgumentException("--other-blobs needs --other-domain <name>");
        }
        // refuse before writing anything: blobs of another run would mix with these
        requireNoBlobs(spec.domain(), blobs);
        requireNoBlobs(spec.otherDomain(), otherBlobs);
        DatabaseOptions.Resolved target = database.resolve();

        long started = System.nanoTime();
        Map<String, Map<String, Long>> generated = SampleGenerator.generate(() -> database.open(target, "target"), spec, jobs);
        double rowSeconds = seconds(started);
        printRows(generated);
        System.out.printf("%s rows in %s, %.1f s%n", MigrationPrinter.count(total(generated)), target.name(), rowSeconds);

        writeBlobs(spec.domain(), blobs, sizes, seed);
        writeBlobs(spec.otherDomain(), otherBlobs, sizes, seed + 1);
        System.out.printf("done in %.1f s%n", seconds(started));
        return 0;
    }

    private SampleSpec spec() {
        long domainRows = SampleSize.count(rows);
        if (otherDomain == null && otherRows != null) {
            throw new IllegalArgumentException("--other-rows needs --other-domain <name>");
        }
        long others = otherDomain == null ? 0 : otherRows == null ? domainRows : SampleSize.count(otherRows);
        return new SampleSpec(domain, domainRows, otherDomain, others, seed);
    }

    private void requireNoBlobs(String name, int count) throws IOException {
        if (count == 0) {
            return;
        }
        Path dir = blobDir.resolve(name);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalStateException(dir + " already holds blobs of " + name + ": delete it, or give "
                            + "another --blob-dir");
                }
            }
        }
    }

    private void writeBlobs(String name, int count, BlobSizes sizes, long blobSeed) throws IOException {
        if (count == 0) {
            return;
        }
        long started = System.nanoTime();
        long bytes = SampleBlobs.write(blobDir, name, blobSeed, count, sizes.min(), sizes.max());
        System.out.printf("%s blobs of %s, %s bytes, in %s, %.1f s%n", MigrationPrinter.count(count), name,
                MigrationPrinter.count(bytes), blobDir.resolve(name), seconds(started));
    }

    private static void printRows(Map<String, Map<String, Long>> generated) {
        List<String> domains = List.copyOf(generated.keySet());
        List<String> headers = new ArrayList<>(List.of("TABLE"));
        headers.addAll(domains);
        Table t = new Table(headers.toArray(String[]::new));
        for (String table : generated.get(domains.get(0)).keySet()) {
            List<Object> cells = new ArrayList<>(List.of(table));
            domains.forEach(d -> cells.add(MigrationPrinter.count(generated.get(d).get(table))));
            t.row(cells.toArray());
        }
        List<Object> totals = new ArrayList<>(List.of("total"));
        domains.forEach(d -> totals.add(MigrationPrinter.count(
                generated.get(d).values().stream().mapToLong(Long::longValue).sum())));
        t.row(totals.toArray());
        t.print(System.out);
    }

    private static long total(Map<String, Map<String, Long>> generated) {
        return generated.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
