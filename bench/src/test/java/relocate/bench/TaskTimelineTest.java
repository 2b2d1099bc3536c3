package relocate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import relocate.bench.TaskTimeline.Span;

class TaskTimelineTest {

    @Test
    void overlappingSpansCountOnceAndGapsNotAtAll() {
        TaskTimeline t = new TaskTimeline(List.of(
                new Span("DUMP", "a", 100, 200),
                new Span("DUMP", "b", 150, 250), // overlaps a
                new Span("LOAD", "a", 300, 400), // after a gap of 50
                new Span("LOAD", "b", 320, 330))); // inside the one before

        assertEquals(250, t.busyMillis());
        assertEquals(150, t.busyMillis("DUMP"));
        assertEquals(100, t.busyMillis("LOAD"));
        assertEquals(0, t.busyMillis("VERIFY"));
    }

    @Test
    void whatVerifyAddsAfterLoadIsTheTimeItsLastCheckEndsAfterLoadsLastTask() {
        TaskTimeline t = new TaskTimeline(List.of(
                new Span("LOAD", "a", 100, 900),
                new Span("VERIFY", "x", 500, 700), // alongside
                new Span("VERIFY", "y", 700, 1200)));

        assertEquals(300, t.endsAfter("VERIFY", "LOAD"));
        assertEquals(0, t.endsAfter("LOAD", "VERIFY"));
        assertEquals(0, new TaskTimeline(List.of(new Span("LOAD", "a", 1, 2))).endsAfter("VERIFY", "LOAD"));
    }

    @Test
    void aSpanEndingBeforeItStartsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Span("DUMP", "a", 10, 5));
    }

    @Test
    void procStatusLinesAreReadInKiB() {
        assertEquals(123456, PeakMemory.parseKiB("VmHWM:\t  123456 kB"));
        assertThrows(IllegalArgumentException.class, () -> PeakMemory.parseKiB("VmHWM: lots"));
    }

    @Test
    void stepsSayWhenEachStepRanInTheOrderTheyStarted() {
        TaskTimeline t = new TaskTimeline(List.of(
                new Span("LOAD", "b", 3000, 4500),
                new Span("DUMP", "a", 1000, 2000),
                new Span("LOAD", "a", 2500, 4000)));
        assertEquals(List.of(
                "DUMP          1.0 s to    2.0 s,   1 command(s), busy   1.0 s",
                "LOAD          2.5 s to    4.5 s,   2 command(s), busy   2.0 s"), t.steps(0));
        assertEquals(List.of(
                "DUMP     a                               1.0 s to    2.0 s",
                "LOAD     a                               2.5 s to    4.0 s",
                "LOAD     b                               3.0 s to    4.5 s"), t.spanLines(0));
    }
}
