package relocate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the host's cores were over a run, from Linux's counters in /proc/stat: whether a run was limited by the
 * CPU (every core busy) or by waiting (round trips, locks, the disk), which decides what can make it faster.
 */
final class HostCpu {

    /** Clock ticks of all cores since boot: spent working, and in all. */
    record Sample(long busy, long total) {
    }

    private HostCpu() {
    }

    /** Now, or null when /proc/stat cannot be read (not Linux). */
    static Sample now() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            return lines.filter(l -> l.startsWith("cpu ")).findFirst().map(HostCpu::parse).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code cpu  user nice system idle iowait irq softirq steal guest guest_nice}: busy is all but idle and iowait
     * (a core waiting for the disk could have run something); guest time is already counted in user.
     */
    static Sample parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) {
            throw new IllegalArgumentException("not the first line of /proc/stat: " + line);
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        return new Sample(total - idle, total);
    }

    /** The share of all cores' time spent busy between two samples, in percent; null when either is missing. */
    static Double busyPercent(Sample from, Sample to) {
        if (from == null || to == null || to.total() <= from.total()) {
            return null;
        }
        return 100.0 * (to.busy() - from.busy()) / (to.total() - from.total());
    }
}
