package relocate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void readsThisHostsCountersWhereThereAreAny() {
        HostCpu.Sample now = HostCpu.now();
        if (now != null) {
            assertEquals(true, now.total() >= now.busy() && now.busy() >= 0, now.toString());
        }
    }
}
