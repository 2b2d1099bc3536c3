package relocate.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import relocate.messaging.secret.SecretBox;
import relocate.sample.SampleDomain;
import relocate.stack.LocalStack;
import relocate.stack.StackEndpoints;

/**
 * The benchmark (bench/run): on a private local stack and one generated source, the hand-made COPY pipe and a
 * Relocate offline migration of the same domain, side by side, into a target shared with another domain and
 * into a fresh one; then Relocate with one and with two dumper and loader instances. Prints one table and
 * writes the same rows to a CSV.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Baseline COPY pipe vs Relocate offline migration, measured side by side in one run.")
public final class Benchmark implements Callable<Integer> {
    static final String DOMAIN = "acme";
    static final String AROUND = "globex";
    static final String TARGET_TENANT = "initech";

    @Option(names = "--rows", defaultValue = "1m", description = "rows of the migrated domain: 1m, 10m, 250k (default: ${DEFAULT-VALUE})")
    String rows;

    @Option(names = "--seed", defaultValue = "42", description = "the generator's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--chunk-rows", defaultValue = "100000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    int chunkRows;

    @Option(names = "--cases", split = ",", defaultValue = "shared,fresh,scaling",
            description = "what to run: shared, fresh, scaling, compression (default: ${DEFAULT-VALUE})")
    List<String> cases;

    @Option(names = "--repeat", defaultValue = "1", description = "pairs of baseline and Relocate run per target, "
            + "alternating; the summary gives the median of the pairs' ratios (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--csv", description = "where to write the results (default: bench/results/bench-<rows>-<date>.csv)")
    Path csv;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long domainRows = relocate.sample.SampleSize.count(rows);
        Path work = Files.createTempDirectory("relocate-bench-");
        say("starting a private local stack");
        LocalStack stack = LocalStack.forTests();
        StackEndpoints endpoints = stack.up();
        String secretKey = SecretBox.newKey();
        stack.createDatabase(RelocateRun.COORDINATOR_DATABASE);

        say("generating the source: " + DOMAIN + " (" + rows + " rows) with " + AROUND + " around it, seed " + seed);
        long generated = System.nanoTime();
        stack.createDatabase("bench_source");
        try (Connection c = connect(endpoints, "bench_source")) {
            relocate.sample.SampleGenerator.generate(c, new relocate.sample.SampleSpec(DOMAIN, domainRows, AROUND,
                    domainRows / 4, seed));
        }
        stack.createDatabase("bench_fresh");
        stack.createDatabase("bench_shared");
        try (Connection fresh = connect(endpoints, "bench_fresh"); Connection shared = connect(endpoints, "bench_shared")) {
            SampleDomain.createSchema(fresh);
            relocate.sample.SampleGenerator.generate(shared, new relocate.sample.SampleSpec(TARGET_TENANT,
                    domainRows / 4, null, 0, seed + 1));
        }
        say("generated in " + seconds(System.nanoTime() - generated) + " s");

        List<Measurement> results = new ArrayList<>();
        RelocateRun.Setup standard = new RelocateRun.Setup(1, 2, "none", chunkRows);
        List<String> summary = new ArrayList<>();
        for (String target : List.of("shared", "fresh")) {
            if (!cases.contains(target)) {
                continue;
            }
            // pairs, each Relocate run against the baseline run just before it: the machine's drift between
            // pairs (other work on the host, 10-20% here) does not enter a ratio
            List<Measurement> pairs = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                Measurement baseline = baseline(endpoints, target);
                results.add(baseline);
                print(results);
                Measurement relocated = relocate(stack, endpoints, secretKey, work, target, standard, baseline);
                results.add(relocated);
                pairs.add(relocated);
                print(results);
            }
            summary.add(Measurement.summary(target, pairs));
        }
        if (cases.contains("scaling")) {
            Measurement baseline = results.stream().filter(m -> m.method().equals("baseline") && m.target().equals("shared"))
                    .reduce((first, last) -> last).orElse(null);
            for (int instances : List.of(1, 2)) {
                results.add(relocate(stack, endpoints, secretKey, work, "shared",
                        new RelocateRun.Setup(instances, 1, "none", chunkRows), baseline));
                print(results);
            }
        }
        if (cases.contains("compression")) {
            Measurement baseline = results.stream().filter(m -> m.method().equals("baseline") && m.target().equals("fresh"))
                    .reduce((first, last) -> last).orElse(null);
            for (String compression : List.of("lz4", "gzip")) {
                results.add(relocate(stack, endpoints, secretKey, work, "fresh",
                        new RelocateRun.Setup(1, 2, compression, chunkRows), baseline));
                print(results);
            }
        }
        summary.forEach(line -> say(line));
        Path out = csv != null ? csv : Path.of("bench", "results", "bench-" + rows + "-" + LocalDate.now() + ".csv");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, Measurement.csv(results));
        say("results in " + out);
        if (Boolean.getBoolean("relocate.bench.keep-logs")) {
            deleteTree(work.resolve("artifacts"));
            say("the services' logs are kept in " + work.resolve("logs"));
        } else {
            deleteTree(work);
        }
        return results.stream().allMatch(Measurement::ok) ? 0 : 1;
    }

    private Measurement baseline(StackEndpoints endpoints, String target) throws SQLException {
        String db = "bench_" + target + "_baseline";
        copyDatabase(endpoints, "bench_" + target, db);
        say("baseline into a " + target + " target: COPY pipe per model, then counts and checksums");
        try (Connection source = connect(endpoints, "bench_source"); Connection t = connect(endpoints, db)) {
            Baseline.Result r = Baseline.run(source, t, DOMAIN);
            return Measurement.baseline(rows, target, r);
        } finally {
            dropDatabase(endpoints, db);
        }
    }

    private Measurement relocate(LocalStack stack, StackEndpoints endpoints, String secretKey, Path work, String target,
                                 RelocateRun.Setup setup, Measurement baseline) throws Exception {
        // a copy of the source per run: a migration leaves its source frozen until cleanup
        String source = "bench_source_" + target + "_" + setup.describe() + "_" + setup.compression();
        String db = "bench_" + target + "_relocate_" + setup.describe() + "_" + setup.compression();
        copyDatabase(endpoints, "bench_source", source);
        copyDatabase(endpoints, "bench_" + target, db);
        say("Relocate into a " + target + " target, " + setup.instances() + " dumper and loader instance(s) of "
                + setup.workers() + " worker(s), compression " + setup.compression());
        try {
            RelocateRun.Result r = RelocateRun.run(endpoints, secretKey, work, source, db, DOMAIN, setup);
            return Measurement.relocate(rows, target, setup, r, baseline);
        } finally {
            dropDatabase(endpoints, db);
            dropDatabase(endpoints, source);
            deleteTree(work.resolve("artifacts"));
        }
    }

    private static void print(List<Measurement> results) {
        PrintStream out = System.out;
        Measurement last = results.get(results.size() - 1);
        if (!last.cpuSeconds().isEmpty()) {
            out.println("   " + last.method() + " " + last.setup() + ", " + ProcessCpu.describe(last.cpuSeconds()));
        }
        out.println();
        Measurement.table(results).forEach(out::println);
        out.println();
    }

    static Connection connect(StackEndpoints endpoints, String database) throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(database), endpoints.postgresUser(), "");
    }

    /** A copy of a whole database, file by file (no WAL of every page): seconds for gigabytes, not counted. */
    private static void copyDatabase(StackEndpoints endpoints, String from, String to) throws SQLException {
        try (Connection c = connect(endpoints, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + to);
            s.execute("CREATE DATABASE " + to + " TEMPLATE " + from + " STRATEGY FILE_COPY");
        }
    }

    private static void dropDatabase(StackEndpoints endpoints, String name) throws SQLException {
        try (Connection c = connect(endpoints, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }

    private static void say(String line) {
        System.out.println("== " + line);
    }
}
