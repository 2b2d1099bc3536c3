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
import java.util.LinkedHashMap;
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
 * into a fresh one, through services that run as deployed (started once, warmed by unmeasured migrations);
 * the same pairs, each on services just started (cold: their first migration); then, each on services of its
 * own, one and two dumper and loader instances, compressed chunks. Prints one table and writes the same rows to a CSV.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Baseline COPY pipe vs Relocate offline migration, measured side by side in one run.")
public final class Benchmark implements Callable<Integer> {
    static final String DOMAIN = "acme";
    static final String AROUND = "globex";
    static final String TARGET_TENANT = "initech";
    /** The domain of the unmeasured migrations that warm a deployment's services before the measured ones. */
    static final String WARM_UP_DOMAIN = "umbrella";
    private static final String WARM_UP_SOURCE = "bench_warm_up_source";

    @Option(names = "--rows", defaultValue = "1m", description = "rows of the migrated domain: 1m, 10m, 250k (default: ${DEFAULT-VALUE})")
    String rows;

    @Option(names = "--seed", defaultValue = "42", description = "the generator's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--chunk-rows", defaultValue = "100000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    int chunkRows;

    @Option(names = "--cases", split = ",", defaultValue = "shared,fresh,scaling",
            description = "what to run: shared, fresh, cold, scaling, compression (default: ${DEFAULT-VALUE})")
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
        stack.createDatabase(WARM_UP_SOURCE);
        try (Connection c = connect(endpoints, WARM_UP_SOURCE)) {
            relocate.sample.SampleGenerator.generate(c, relocate.sample.SampleSpec.of(WARM_UP_DOMAIN,
                    warmUpRows(), seed + 2));
        }
        say("generated in " + seconds(System.nanoTime() - generated) + " s");

        List<Measurement> results = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        List<String> targets = List.of("shared", "fresh").stream().filter(cases::contains).toList();
        if (!targets.isEmpty()) {
            // pairs, each Relocate run against the baseline run just before it: the machine's drift between
            // pairs (other work on the host, 10-20% here) does not enter a ratio; the target kinds alternate so
            // that neither gets the services' later, warmer runs
            Map<String, List<Measurement>> pairs = new LinkedHashMap<>();
            try (Deployment standard = deploy(endpoints, secretKey, work, new RelocateRun.Setup(1, 2, "none", chunkRows,
                    true))) {
                for (int i = 0; i < repeat; i++) {
                    for (String target : targets) {
                        Measurement baseline = recorded(results, baseline(endpoints, target));
                        pairs.computeIfAbsent(target, t -> new ArrayList<>())
                                .add(recorded(results, relocate(standard, endpoints, work, target, baseline)));
                    }
                }
            }
            pairs.forEach((target, runs) -> summary.add(Measurement.summary(target, runs)));
        }
        if (cases.contains("cold")) {
            // the same pairs, each on services started for it, after its baseline (which their start would
            // disturb) and just before the migration: the first migration after a deployment's start, which pays
            // the services' JIT compilation
            Map<String, List<Measurement>> pairs = new LinkedHashMap<>();
            for (int i = 0; i < repeat; i++) {
                for (String target : List.of("shared", "fresh")) {
                    Measurement baseline = recorded(results, baseline(endpoints, target));
                    try (Deployment cold = deploy(endpoints, secretKey, work, new RelocateRun.Setup(1, 2, "none",
                            chunkRows, false))) {
                        pairs.computeIfAbsent(target + ", cold", t -> new ArrayList<>())
                                .add(recorded(results, relocate(cold, endpoints, work, target, baseline)));
                    }
                }
            }
            pairs.forEach((target, runs) -> summary.add(Measurement.summary(target, runs)));
        }
        // one run each, on services of their own, against the last baseline into the same kind of target
        Map<RelocateRun.Setup, String> others = new LinkedHashMap<>();
        if (cases.contains("scaling")) {
            others.put(new RelocateRun.Setup(1, 1, "none", chunkRows, true), "shared");
            others.put(new RelocateRun.Setup(2, 1, "none", chunkRows, true), "shared");
        }
        if (cases.contains("compression")) {
            others.put(new RelocateRun.Setup(1, 2, "lz4", chunkRows, true), "fresh");
            others.put(new RelocateRun.Setup(1, 2, "gzip", chunkRows, true), "fresh");
        }
        for (Map.Entry<RelocateRun.Setup, String> run : others.entrySet()) {
            try (Deployment deployment = deploy(endpoints, secretKey, work, run.getKey())) {
                recorded(results, relocate(deployment, endpoints, work, run.getValue(),
                        lastBaseline(results, run.getValue())));
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

    /** The last baseline run into this kind of target, or null when none ran. */
    private static Measurement lastBaseline(List<Measurement> results, String target) {
        return results.stream().filter(m -> m.method().equals("baseline") && m.target().equals(target))
                .reduce((first, last) -> last).orElse(null);
    }

    /** The warm-up's size: half the domain, at most 500,000 rows: every hot path run many times over, in seconds. */
    private long warmUpRows() {
        return Math.max(1_000, Math.min(relocate.sample.SampleSize.count(rows) / 2, 500_000));
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

    /**
     * Starts the services of {@code setup} and, unless it is cold, runs them through their warm-up: a migration of
     * {@value #WARM_UP_DOMAIN} into a copy of each kind of target (the fast path and the shared one), unmeasured,
     * as a deployment's services have run migrations before the one that matters.
     */
    private Deployment deploy(StackEndpoints endpoints, String secretKey, Path work, RelocateRun.Setup setup)
            throws Exception {
        say("starting the services: " + setup.instances() + " dumper and loader instance(s) of " + setup.workers()
                + " worker(s), compression " + setup.compression());
        Deployment deployment = Deployment.start(endpoints, secretKey, work, setup);
        if (!setup.warm()) {
            return deployment;
        }
        try {
            for (String target : List.of("shared", "fresh")) {
                long started = System.nanoTime();
                Deployment.Outcome o = onCopies(endpoints, work, WARM_UP_SOURCE, target, "warm_up",
                        (source, db) -> deployment.migrate(WARM_UP_DOMAIN, source, db));
                if (!o.completed()) {
                    throw new IllegalStateException("the warm-up migration into a " + target + " target did not "
                            + "complete: " + o.state() + " (the services' logs: " + deployment.logs() + ")");
                }
                say("warm-up: " + warmUpRows() + " rows of " + WARM_UP_DOMAIN + " into a " + target + " target in "
                        + seconds(System.nanoTime() - started) + " s (not measured)");
            }
            return deployment;
        } catch (Exception e) {
            deployment.close();
            throw e;
        }
    }

    private Measurement relocate(Deployment deployment, StackEndpoints endpoints, Path work, String target,
                                 Measurement baseline) throws Exception {
        RelocateRun.Setup setup = deployment.setup();
        say("Relocate into a " + target + " target, " + setup.instances() + " dumper and loader instance(s) of "
                + setup.workers() + " worker(s), compression " + setup.compression()
                + (setup.warm() ? "" : ", services on their first migration (cold)"));
        RelocateRun.Result r = onCopies(endpoints, work, "bench_source", target,
                setup.describe().replace('-', '_') + "_" + setup.compression(),
                (source, db) -> RelocateRun.run(deployment, endpoints, work, source, db, DOMAIN));
        return Measurement.relocate(rows, target, setup, r, baseline);
    }

    /** A migration between two databases made for it. */
    @FunctionalInterface
    private interface Migration<T> {
        T between(String sourceDb, String targetDb) throws Exception;
    }

    /**
     * Runs {@code migration} from a copy of {@code sourceTemplate} into a copy of the {@code target} kind's
     * database, then drops both and the artifacts: a migration leaves its source frozen until cleanup, and its
     * target holding the domain, so every migration gets its own.
     */
    private static <T> T onCopies(StackEndpoints endpoints, Path work, String sourceTemplate, String target,
                                  String name, Migration<T> migration) throws Exception {
        String source = sourceTemplate + "_" + target + "_" + name;
        String db = "bench_" + target + "_relocate_" + name;
        copyDatabase(endpoints, sourceTemplate, source);
        copyDatabase(endpoints, "bench_" + target, db);
        try {
            return migration.between(source, db);
        } finally {
            dropDatabase(endpoints, db);
            dropDatabase(endpoints, source);
            deleteTree(work.resolve("artifacts"));
        }
    }

    /** Adds a run's numbers to the results and prints the table so far (a long run shows each as it ends). */
    private static Measurement recorded(List<Measurement> results, Measurement last) {
        results.add(last);
        PrintStream out = System.out;
        if (!last.cpuSeconds().isEmpty()) {
            out.println("   " + last.method() + " " + last.setup() + ", " + ProcessCpu.describe(last.cpuSeconds()));
        }
        out.println();
        Measurement.table(results).forEach(out::println);
        out.println();
        return last;
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
