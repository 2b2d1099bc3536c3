package relocate.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.output.ProgressView;

/**
 * Follows a migration until a condition holds, drawing its domain's status each second: redrawn in place
 * on a terminal; elsewhere (a pipe, CI) as a new block at most every 5 s. Whether the migration is done
 * is the coordinator's word ({@code GET /migrations/{id}}); the status, folded from the events, may lag
 * it a little, so the last block waits briefly for the status to catch up.
 */
public final class MigrationWatch {
    private static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Duration PLAIN_REFRESH = Duration.ofSeconds(5);
    /** Rates over several refreshes: chunks finish in jumps of thousands of rows. */
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    private static final Duration CATCH_UP = Duration.ofSeconds(5);

    private final CoordinatorClient client;
    private final PrintStream out;
    private final boolean terminal;
    private final Deque<Snapshot> recent = new ArrayDeque<>();
    private int drawnLines;
    private long drawnAt;
    private boolean drawn;

    private record Snapshot(long nanos, JsonNode status) {
    }

    MigrationWatch(CoordinatorClient client, PrintStream out, boolean terminal) {
        this.client = client;
        this.out = out;
        this.terminal = terminal;
    }

    /** On standard output, redrawing in place when it is a terminal. */
    public static MigrationWatch onStdout(CoordinatorClient client) {
        return new MigrationWatch(client, System.out, System.console() != null);
    }

    /** Draws the migration's progress until {@code done} holds for it (or the thread is interrupted); returns its last view. */
    public JsonNode follow(String id, Predicate<JsonNode> done) {
        JsonNode m = client.get(Migrations.path(id));
        String domain = m.path("domain").asText();
        if (!done.test(m)) {
            out.println("(Ctrl-C stops watching; the migration goes on)");
        }
        while (true) {
            boolean finished = done.test(m);
            JsonNode status = statusOf(domain, id);
            if (finished) {
                status = caughtUp(domain, m, status);
            }
            long now = System.nanoTime();
            List<String> lines = status == null ? ProgressView.pending(m) : view(now, status);
            if (finished || terminal || !drawn || now - drawnAt >= PLAIN_REFRESH.toNanos()) {
                draw(lines, now);
            }
            if (finished || !pause(REFRESH)) {
                return m;
            }
            m = client.get(Migrations.path(id));
        }
    }

    /** The status, rates measured against the oldest snapshot of the last few seconds. */
    private List<String> view(long now, JsonNode status) {
        while (!recent.isEmpty() && now - recent.peekFirst().nanos() > RATE_WINDOW.toNanos()) {
            recent.removeFirst();
        }
        Snapshot oldest = recent.peekFirst();
        recent.addLast(new Snapshot(now, status));
        return oldest == null ? ProgressView.render(null, status, Duration.ZERO)
                : ProgressView.render(oldest.status(), status, Duration.ofNanos(now - oldest.nanos()));
    }

    private void draw(List<String> lines, long now) {
        if (terminal && drawnLines > 0) {
            out.print("\033[" + drawnLines + "A\r\033[J"); // back to the previous block's first line, and clear below
        } else if (drawn) {
            out.println();
        }
        lines.forEach(out::println);
        out.flush();
        drawnLines = lines.size();
        drawnAt = now;
        drawn = true;
    }

    /** The domain's status if it shows this migration yet; null while it does not (or is not served yet). */
    private JsonNode statusOf(String domain, String id) {
        JsonNode s = Migrations.statusIfServed(client, domain);
        return s != null && s.path("migrationId").asText().equals(id) ? s : null;
    }

    /** Waits a few seconds at most for the status to reach the migration's state and step. */
    private JsonNode caughtUp(String domain, JsonNode m, JsonNode status) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        JsonNode s = status;
        while (!shows(s, m) && System.nanoTime() < deadline && pause(Duration.ofMillis(250))) {
            s = statusOf(domain, m.path("id").asText());
        }
        return s;
    }

    private static boolean shows(JsonNode status, JsonNode m) {
        if (status == null || !status.path("state").asText().equals(m.path("state").asText())
                || !status.path("currentStep").asText().equals(m.path("step").asText())) {
            return false;
        }
        for (JsonNode step : status.path("steps")) {
            if (step.path("step").asText().equals(m.path("step").asText())) {
                return step.path("state").asText().equals(m.path("stepState").asText());
            }
        }
        return true; // a step done by the coordinator alone (COMMIT) has no entry
    }

    /** False when the thread was interrupted: stop watching. */
    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
