package relocate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's peak resident set (VmHWM in /proc/<pid>/status), as Linux counts it. */
public final class PeakMemory {
    private PeakMemory() {
    }

    /** Peak RSS in MiB, or -1 when the process is gone or this is not Linux. */
    public static long peakMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return parseKiB(line) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code "VmHWM:   123456 kB"} to 123456. */
    static long parseKiB(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 3 || !parts[2].equals("kB")) {
            throw new IllegalArgumentException("not a /proc status size line: " + line);
        }
        return Long.parseLong(parts[1]);
    }
}
