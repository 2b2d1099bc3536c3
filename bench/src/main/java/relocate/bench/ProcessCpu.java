package relocate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time by component over a run (PostgreSQL, each service, the broker, this benchmark), from Linux's
 * per-process counters in /proc/&lt;pid&gt;/stat: on a host whose cores are all busy, what each part costs is what
 * can be taken away.
 */
final class ProcessCpu {
    /** Linux reports process times in USER_HZ, 100 a second on every architecture the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** Clock ticks spent so far, by component. */
    record Sample(Map<String, Long> ticks) {
    }

    private ProcessCpu() {
    }

    /** Now, over every process this user can read; empty when /proc cannot be read (not Linux). */
    static Sample now() {
        Map<String, Long> ticks = new TreeMap<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : pids) {
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String cmdline = Files.readString(dir.resolve("cmdline"), StandardCharsets.ISO_8859_1);
                    boolean isSelf = dir.getFileName().toString().equals(Long.toString(self));
                    String component = isSelf ? "bench" : component(stat, cmdline);
                    ticks.merge(component, ticks(stat, component.equals("postgres")), Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the process ended between the listing and the read: its time is its parent's now
                }
            }
        } catch (IOException e) {
            return new Sample(Map.of());
        }
        return new Sample(ticks);
    }

    /**
     * Which part of the stack a process is, by its name and command line. The services run from the bench's
     * classpath, so their main class names them.
     */
    static String component(String stat, String cmdline) {
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (comm.equals("postgres") || cmdline.startsWith("postgres")) {
            return "postgres";
        }
        for (String service : List.of("coordinator", "dumper", "loader", "blob", "dns")) {
            String main = "relocate." + service + "." + Character.toUpperCase(service.charAt(0)) + service.substring(1);
            if (cmdline.contains(main)) {
                return service;
            }
        }
        if (cmdline.contains("kafka.Kafka")) {
            return "broker";
        }
        if (cmdline.contains("stack-registry")) {
            return "registry";
        }
        return "other";
    }

    /**
     * utime + stime (fields 14 and 15). For PostgreSQL also cutime + cstime: the postmaster reaps the backends
     * that close during a run, and their time moves into those fields, so the sum stays whole across them.
     */
    static long ticks(String stat, boolean withReapedChildren) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withReapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
    }

    /** CPU seconds by component between two samples, the largest first; components that spent none left out. */
    static Map<String, Double> secondsBetween(Sample from, Sample to) {
        return to.ticks().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (e.getValue() - from.ticks().getOrDefault(e.getKey(), 0L)) / TICKS_PER_SECOND))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** {@code "17.2 CPU-s: postgres 12.1, loader 2.0, ..."}. */
    static String describe(Map<String, Double> seconds) {
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        return String.format(Locale.ROOT, "%.1f CPU-s: ", total) + seconds.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
