package relocate.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * When the services were working during a migration, from their events: each command's span, from its
 * StepStarted to its outcome. The time in no span at all is what orchestration costs (commands waiting to
 * be decided, sent, picked up); overlapping spans count once.
 */
public final class TaskTimeline {
    /** One command's work: its step and task, from start to outcome (epoch millis). */
    public record Span(String step, String task, long startMillis, long endMillis) {
        public Span {
            if (endMillis < startMillis) {
                throw new IllegalArgumentException("span of " + step + " " + task + " ends before it starts");
            }
        }
    }

    private final List<Span> spans;

    public TaskTimeline(List<Span> spans) {
        this.spans = List.copyOf(spans);
    }

    public List<Span> spans() {
        return spans;
    }

    /** Milliseconds in which at least one span that {@code which} accepts was open. */
    public long busyMillis(Predicate<Span> which) {
        List<Span> sorted = new ArrayList<>(spans.stream().filter(which).toList());
        sorted.sort(Comparator.comparingLong(Span::startMillis));
        long busy = 0;
        long openFrom = Long.MIN_VALUE;
        long openTo = Long.MIN_VALUE;
        for (Span s : sorted) {
            if (s.startMillis() > openTo) {
                busy += openTo - openFrom;
                openFrom = s.startMillis();
                openTo = s.endMillis();
            } else {
                openTo = Math.max(openTo, s.endMillis());
            }
        }
        return busy + (openTo - openFrom);
    }

    /** Milliseconds in which any command of {@code step} was in work. */
    public long busyMillis(String step) {
        return busyMillis(s -> s.step().equals(step));
    }

    /**
     * Where the time went, one line per step in the order the steps started: from its first command's start
     * to its last one's end, in seconds after {@code fromMillis}, its commands and its busy time.
     */
    public List<String> steps(long fromMillis) {
        Map<String, List<Span>> byStep = new LinkedHashMap<>();
        spans.stream().sorted(Comparator.comparingLong(Span::startMillis))
                .forEach(s -> byStep.computeIfAbsent(s.step(), k -> new ArrayList<>()).add(s));
        List<String> lines = new ArrayList<>();
        byStep.forEach((step, of) -> lines.add(String.format(Locale.ROOT,
                "%-10s %6.1f s to %6.1f s, %3d command(s), busy %5.1f s", step,
                (of.stream().mapToLong(Span::startMillis).min().orElseThrow() - fromMillis) / 1000.0,
                (of.stream().mapToLong(Span::endMillis).max().orElseThrow() - fromMillis) / 1000.0, of.size(),
                busyMillis(s -> s.step().equals(step)) / 1000.0)));
        return lines;
    }

    /** Every command's span, in the order they started, in seconds after {@code fromMillis}. */
    public List<String> spanLines(long fromMillis) {
        return spans.stream().sorted(Comparator.comparingLong(Span::startMillis))
                .map(s -> String.format(Locale.ROOT, "%-8s %-28s %6.1f s to %6.1f s", s.step(), s.task(),
                        (s.startMillis() - fromMillis) / 1000.0, (s.endMillis() - fromMillis) / 1000.0))
                .toList();
    }

    /**
     * How long {@code step}'s last command ended after {@code before}'s last one, 0 when it did not: for VERIFY
     * after LOAD, what the checks add to a migration when they run alongside LOAD's end.
     */
    public long endsAfter(String step, String before) {
        long end = spans.stream().filter(s -> s.step().equals(step)).mapToLong(Span::endMillis).max().orElse(0);
        long beforeEnd = spans.stream().filter(s -> s.step().equals(before)).mapToLong(Span::endMillis).max()
                .orElse(end);
        return Math.max(0, end - beforeEnd);
    }

    /** Milliseconds in which any command was in work. */
    public long busyMillis() {
        return busyMillis(s -> true);
    }
}
