package relocate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    // pid (comm) state ppid ... utime=14 stime=15 cutime=16 cstime=17 (a comm with a space and a parenthesis)
    private static final String POSTMASTER = "4242 (postgres) S 1 4242 4242 0 -1 4194560 900 0 0 0 120 30 700 55 20 0 1 0";
    private static final String ODD_NAME = "77 (a (b) c) R 1 77 77 0 -1 0 0 0 0 0 5 6 7 8 20 0 1 0";

    @Test
    void aProcessesTimeIsItsUserAndSystemTicksAndPostgresAddsTheBackendsItReaped() {
        assertEquals(150, ProcessCpu.ticks(POSTMASTER, false));
        assertEquals(905, ProcessCpu.ticks(POSTMASTER, true));
        assertEquals(11, ProcessCpu.ticks(ODD_NAME, false), "fields counted from the last parenthesis");
    }

    @Test
    void componentsAreNamedByProcessNameOrMainClass() {
        assertEquals("postgres", ProcessCpu.component(POSTMASTER, "postgres\0-D\0/data\0"));
        assertEquals("loader", ProcessCpu.component("9 (java) S", "java\0-cp\0x\0relocate.loader.LoaderApplication\0"));
        assertEquals("coordinator", ProcessCpu.component("9 (java) S",
                "java\0relocate.coordinator.CoordinatorApplication\0"));
        assertEquals("broker", ProcessCpu.component("9 (java) S", "java\0-cp\0k.jar\0kafka.Kafka\0server.properties"));
        assertEquals("registry", ProcessCpu.component("9 (java) S", "java\0-jar\0stack-registry/target/r.jar"));
        assertEquals("other", ProcessCpu.component(ODD_NAME, "bash\0"));
    }

    @Test
    void secondsBetweenSamplesLargestFirstLeavingOutComponentsThatSpentNone() {
        ProcessCpu.Sample before = new ProcessCpu.Sample(Map.of("postgres", 1000L, "loader", 100L, "broker", 50L));
        ProcessCpu.Sample after = new ProcessCpu.Sample(Map.of("postgres", 2500L, "loader", 400L, "broker", 50L,
                "dumper", 20L));
        Map<String, Double> seconds = ProcessCpu.secondsBetween(before, after);
        assertEquals(List.of("postgres", "loader", "dumper"), List.copyOf(seconds.keySet()));
        assertEquals(15.0, seconds.get("postgres"), 1e-9);
        assertEquals("18.2 CPU-s: postgres 15.0, loader 3.0, dumper 0.2", ProcessCpu.describe(seconds));
    }

    @Test
    void thisProcessesBusyCoreCountsAsTheBenchmarks() {
        ProcessCpu.Sample before = ProcessCpu.now();
        assertEquals(Files.isDirectory(Path.of("/proc/self")), !before.ticks().isEmpty(), "a sample wherever /proc is");
        if (before.ticks().isEmpty()) {
            return;
        }
        // 0.3 s of this thread's CPU, however busy the host (a wall-clock spin could be descheduled)
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long deadline = System.nanoTime() + 30_000_000_000L;
        long sum = 0;
        while (threads.getCurrentThreadCpuTime() < until && System.nanoTime() < deadline) {
            sum += sum ^ System.nanoTime();
        }
        double bench = ProcessCpu.secondsBetween(before, ProcessCpu.now()).getOrDefault("bench", 0.0);
        assertTrue(bench >= 0.25, "0.3 CPU-s of spinning counted as " + bench + " s (" + sum + ")");
    }
}
