package relocate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    private static Measurement relocate(long totalMillis, double ratio, long overheadMillis, boolean ok) {
        return new Measurement("1m", "fresh", "relocate", "1x2", "none", 1000, 1000, 1000, totalMillis, 0,
                overheadMillis, 2000, 500, ratio, 90.0 + ratio, 1, 1, 1, ok, ok ? "id" : "DUMP FAILED",
                java.util.Map.of());
    }

    @Test
    void theSummaryIsTheMedianOfThePairsRatiosLeavingOutFailedRuns() {
        String line = Measurement.summary("fresh", List.of(relocate(10_000, 1.30, 1000, true),
                relocate(10_000, 0.90, 500, true), relocate(10_000, 1.10, 2000, true), relocate(0, 0.10, 0, false)));
        assertEquals("fresh: median ratio 1.10 over 3 pair(s) (0.90 to 1.30), overhead 10.0%, verify 2.0 s, 0.5 s of "
                + "it after LOAD, host CPU busy 91% (medians)", line);
        assertEquals("shared: no Relocate run completed", Measurement.summary("shared",
                List.of(relocate(0, 1, 0, false))));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(1.5, Measurement.median(List.of(2.0, 1.0, 9.0, 0.5)), 1e-9);
        assertEquals(2.0, Measurement.median(List.of(3.0, 2.0, 1.0)), 1e-9);
    }
}
