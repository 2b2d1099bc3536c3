package relocate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class HostCpuTest {

    @Test
    void busyIsEverythingButIdleAndWaitingForTheDisk() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        HostCpu.Sample s = HostCpu.parse("cpu  100 5 40 800 50 2 3 0 7 0");
        assertEquals(150, s.busy());
        assertEquals(1000, s.total());
    }

    @Test
    void theShareOfTheCoresBusyBetweenTwoSamples() {
        HostCpu.Sample before = HostCpu.parse("cpu  100 0 0 900 0 0 0 0 0 0");
        HostCpu.Sample after = HostCpu.parse("cpu  250 0 30 920 0 0 0 0 0 0");
        assertEquals(90.0, HostCpu.busyPercent(before, after), 1e-9);
        assertNull(HostCpu.busyPercent(null, after), "not measured");
        assertNull(HostCpu.busyPercent(after, after), "no time between them");
    }

    @Test
    void refusesALineThatIsNotTheHostsTotal() {
        assertThrows(IllegalArgumentException.class, () -> HostCpu.parse("cpu0 1 2 3 4 5 6 7 8"));
    }

    @Test
    void readsThisHostsCountersWhereLinuxKeepsThem() {
        HostCpu.Sample before = HostCpu.now();
        assertEquals(Files.isReadable(Path.of("/proc/stat")), before != null, "a sample wherever /proc/stat is");
        if (before == null) {
            return;
        }
        assertTrue(before.total() >= before.busy() && before.busy() >= 0, before.toString());
        long spin = System.nanoTime() + 300_000_000L;
        long sum = 0;
        while (System.nanoTime() < spin) {
            sum += sum ^ System.nanoTime(); // a core busy for 0.3 s: at least one clock tick passes
        }
        Double busy = HostCpu.busyPercent(before, HostCpu.now());
        assertNotNull(busy, "time passed between the samples (" + sum + ")");
        assertTrue(busy > 0 && busy <= 100, busy.toString());
    }
}
