package relocate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** One run's numbers, as the table and the CSV show them. */
record Measurement(String size, String target, String method, String setup, String compression, long rows, long bytes,
                   long storedBytes, long totalMillis, long copyMillis, long overheadMillis, long verifyMillis,
                   long verifyAfterLoadMillis, Double ratio, Double hostBusyPercent, long coordinatorMiB, long dumperMiB,
                   long loaderMiB, boolean ok, String note, Map<String, Double> cpuSeconds) {

    private static final String[] HEADER = {"size", "target", "method", "setup", "compression", "rows", "MB",
            "stored MB", "seconds", "rows/s", "MB/s", "ratio", "copy s", "overhead s", "overhead %", "verify s",
            "verify after load s", "host cpu busy %",
            "coordinator MiB", "dumper MiB", "loader MiB", "ok", "note", "cpu s by component"};

    static Measurement baseline(String size, String target, Baseline.Result r) {
        return new Measurement(size, target, "baseline", "psql|psql", "none", r.rows(), r.bytes(), r.bytes(),
                r.totalMillis(), r.copyMillis(), 0, r.verifyMillis(), r.verifyMillis(), 1.0, r.cpu().hostBusyPercent(),
                -1, -1, -1, r.equal(), r.equal() ? "" : "counts or checksums differ", r.cpu().secondsByComponent());
    }

    static Measurement relocate(String size, String target, RelocateRun.Setup setup, RelocateRun.Result r,
                                Measurement baseline) {
        Double ratio = baseline == null || r.totalMillis() == 0 ? null : (double) r.totalMillis() / baseline.totalMillis();
        return new Measurement(size, target, "relocate", setup.describe(), setup.compression(), r.rows(), r.bytes(),
                r.storedBytes(), r.totalMillis(), r.copyMillis(), r.overheadMillis(), r.verifyMillis(),
                r.verifyAfterLoadMillis(), ratio, r.cpu().hostBusyPercent(),
                peak(r.peakMiB(), "coordinator"), peak(r.peakMiB(), "dumper"), peak(r.peakMiB(), "loader"),
                r.state().equals("COMPLETED"), r.state().equals("COMPLETED") ? r.migrationId() : r.state(),
                r.cpu().secondsByComponent());
    }

    private static long peak(Map<String, Long> peaks, String role) {
        return peaks.entrySet().stream().filter(e -> e.getKey().startsWith(role)).mapToLong(Map.Entry::getValue)
                .max().orElse(-1);
    }

    double seconds() {
        return totalMillis / 1000.0;
    }

    List<String> cells() {
        double s = Math.max(seconds(), 0.001);
        return List.of(size, target, method, setup, compression, Long.toString(rows), mb(bytes), mb(storedBytes),
                fmt(seconds()), String.format(Locale.ROOT, "%.0f", rows / s), fmt(bytes / 1e6 / s),
                ratio == null ? "" : String.format(Locale.ROOT, "%.2f", ratio), fmt(copyMillis / 1000.0),
                fmt(overheadMillis / 1000.0), fmt(100.0 * overheadMillis / Math.max(totalMillis, 1)),
                fmt(verifyMillis / 1000.0), fmt(verifyAfterLoadMillis / 1000.0),
                hostBusyPercent == null ? "" : String.format(Locale.ROOT, "%.0f", hostBusyPercent),
                mib(coordinatorMiB), mib(dumperMiB), mib(loaderMiB), Boolean.toString(ok), note,
                cpuSeconds.isEmpty() ? "" : ProcessCpu.describe(cpuSeconds));
    }

    static List<String> csv(List<Measurement> all) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", HEADER));
        for (Measurement m : all) {
            lines.add(String.join(",", m.cells().stream().map(c -> c.contains(",") ? "\"" + c + "\"" : c).toList()));
        }
        return lines;
    }

    /** A fixed-width table for the terminal, without the CPU by component (a line of its own per run). */
    static List<String> table(List<Measurement> all) {
        int columns = HEADER.length - 1;
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(HEADER).subList(0, columns));
        all.forEach(m -> rows.add(m.cells().subList(0, columns)));
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(String.format("%-" + width[i] + "s", r.get(i))).append(i + 1 < r.size() ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String mb(long bytes) {
        return fmt(bytes / 1e6);
    }

    private static String mib(long mib) {
        return mib < 0 ? "" : Long.toString(mib);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * One line on the Relocate runs into a target, each against the baseline run just before it: the median of
     * their ratios, the range, and the medians of overhead share, verify time, the part of it after LOAD and how
     * busy the host's cores were.
     */
    static String summary(String target, List<Measurement> runs) {
        List<Measurement> done = runs.stream().filter(m -> m.ok() && m.ratio() != null).toList();
        if (done.isEmpty()) {
            return target + ": no Relocate run completed";
        }
        List<Double> ratios = done.stream().map(Measurement::ratio).sorted().toList();
        List<Double> busy = done.stream().map(Measurement::hostBusyPercent).filter(Objects::nonNull).toList();
        return String.format(Locale.ROOT, "%s: median ratio %.2f over %d pair(s) (%.2f to %.2f), overhead %.1f%%, "
                        + "verify %.1f s, %.1f s of it after LOAD%s (medians)", target, median(ratios), ratios.size(),
                ratios.get(0), ratios.get(ratios.size() - 1),
                median(done.stream().map(m -> 100.0 * m.overheadMillis() / m.totalMillis()).toList()),
                median(done.stream().map(m -> m.verifyMillis() / 1000.0).toList()),
                median(done.stream().map(m -> m.verifyAfterLoadMillis() / 1000.0).toList()),
                busy.isEmpty() ? "" : String.format(Locale.ROOT, ", host CPU busy %.0f%%", median(busy)));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
