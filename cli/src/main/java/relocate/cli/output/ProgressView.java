package relocate.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A domain's status (the JSON of {@code GET /domains/{domain}/status}) as lines for the terminal: the
 * migration, its steps, and per model how far DUMP and LOAD have come, with the rows per second since an
 * earlier snapshot and the time left at that rate. Pure: the caller fetches, times and draws.
 */
public final class ProgressView {
    static final int BAR_WIDTH = 20;
    private static final String DUMPED = "dumped";
    private static final String LOADED = "loaded";

    private ProgressView() {
    }

    /**
     * @param previous an earlier snapshot of the same migration to measure rates against; null (or another
     *                 migration's) when there is none yet
     * @param current  the snapshot to show
     * @param elapsed  the time between the two snapshots
     */
    public static List<String> render(JsonNode previous, JsonNode current, Duration elapsed) {
        JsonNode before = previous != null && sameMigration(previous, current) && elapsed.toMillis() > 0 ? previous
                : null;
        List<String> lines = new ArrayList<>();
        lines.add(String.format("domain %s: migration %s, %s -> %s, %s at %s (as of %s)", text(current, "domain"),
                text(current, "migrationId"), text(current, "sourceEnvironment"), text(current, "targetEnvironment"),
                text(current, "state"), text(current, "currentStep"), text(current, "updatedAt")));
        if (current.hasNonNull("reason")) {
            lines.add("reason: " + current.get("reason").asText());
        }
        lines.addAll(steps(current.path("steps")));
        if (current.path("models").size() > 0) {
            lines.addAll(models(before == null ? null : before.path("models"), current.path("models"),
                    before == null ? Duration.ZERO : elapsed));
        }
        lines.addAll(mismatches(current.path("verify").path("mismatches")));
        lines.addAll(blobs(current.path("blobs")));
        lines.addAll(dns(current.path("dns")));
        return lines;
    }

    /** The domain's blobs: listed, copied (and skipped as already there), and what VERIFY found. */
    public static List<String> blobs(JsonNode b) {
        if (b.isMissingNode() || b.isNull()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("blobs: %s objects, %s; pages %d/%d; copied %s (%s), skipped %s",
                MigrationPrinter.count(b.path("count").asLong()), bytes(b.path("bytes").asLong()),
                b.path("donePages").size(), b.path("pages").asInt(), MigrationPrinter.count(b.path("copied").asLong()),
                bytes(b.path("copiedBytes").asLong()), MigrationPrinter.count(b.path("skipped").asLong())));
        JsonNode v = b.path("verify");
        if (!v.isMissingNode() && !v.isNull()) {
            lines.add(v.path("mismatched").asLong() == 0 ? "blobs verified: every object on the target, same size and SHA-256"
                    : "blobs differing: " + v.path("mismatched").asLong() + " (missing " + v.path("missing") + ", different "
                    + v.path("different") + ")");
        }
        return lines;
    }

    public static List<String> dns(JsonNode d) {
        if (d.isMissingNode() || d.isNull()) {
            return List.of();
        }
        String line = "dns: " + text(d, "record") + " -> " + text(d, "value") + " (TTL " + d.path("ttl").asLong() + " s"
                + (d.hasNonNull("previousTtl") ? ", was " + d.path("previousTtl").asLong() + " s" : "") + ")";
        if (d.hasNonNull("settledAt")) {
            line += "; resolvers hold no older answer after " + d.get("settledAt").asText();
        }
        return List.of(line);
    }

    private static String bytes(long n) {
        return n >= 1 << 20 ? String.format("%.1f MiB", n / (double) (1 << 20)) : String.format("%.1f KiB", n / 1024.0);
    }

    /** A migration (the JSON of {@code GET /migrations/{id}}) whose events the status has not shown yet. */
    public static List<String> pending(JsonNode migration) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("migration %s: domain %s, %s -> %s, %s at %s (%s, attempt %d)", text(migration, "id"),
                text(migration, "domain"), text(migration, "source"), text(migration, "target"),
                text(migration, "state"), text(migration, "step"), text(migration, "stepState"),
                migration.path("attempt").asInt()));
        if (migration.hasNonNull("reason")) {
            lines.add("reason: " + migration.get("reason").asText());
        }
        lines.add("(waiting for the status to show this migration's progress)");
        return lines;
    }

    private static List<String> steps(JsonNode steps) {
        Table t = new Table("STEP", "STATE", "ATTEMPT", "PROGRESS", "STARTED", "ENDED", "MESSAGE");
        for (JsonNode step : steps) {
            long total = step.path("total").asLong();
            String progress = total > 0 ? step.path("done").asLong() + "/" + total + " " + step.path("unit").asText("")
                    : "";
            t.row(text(step, "step"), text(step, "state"), step.path("attempt").asInt(), progress,
                    step.path("startedAt").asText(""), step.path("endedAt").asText(""), step.path("message").asText(""));
        }
        return lines(t);
    }

    private static List<String> models(JsonNode previous, JsonNode models, Duration elapsed) {
        Map<String, JsonNode> before = new HashMap<>();
        if (previous != null) {
            for (JsonNode m : previous) {
                before.put(text(m, "model"), m);
            }
        }
        Table t = new Table("MODEL", "ROWS", "DUMP", "ROWS/S", "ETA", "LOAD", "ROWS/S", "ETA");
        long rows = 0;
        long[] total = new long[2];
        long[] now = new long[2];
        long[] then = new long[2];
        for (JsonNode m : models) {
            JsonNode b = before.get(text(m, "model"));
            Phase dump = new Phase(rowsDone(m, DUMPED), plannedRows(m), b == null ? -1 : rowsDone(b, DUMPED));
            Phase load = new Phase(rowsDone(m, LOADED), plannedRows(m), b == null ? -1 : rowsDone(b, LOADED));
            t.row(cells(text(m, "model"), m.path("rows").asLong(), dump, load, elapsed));
            rows += m.path("rows").asLong();
            total[0] += dump.total;
            total[1] += load.total;
            now[0] += dump.done;
            now[1] += load.done;
            then[0] += b == null ? 0 : dump.before;
            then[1] += b == null ? 0 : load.before;
        }
        if (models.size() > 1) {
            boolean measured = previous != null;
            t.row(cells("(all " + models.size() + " models)", rows,
                    new Phase(now[0], total[0], measured ? then[0] : -1),
                    new Phase(now[1], total[1], measured ? then[1] : -1), elapsed));
        }
        return lines(t);
    }

    /** How far one phase (DUMP or LOAD) of a model has come; {@code before} is -1 when not measured. */
    private record Phase(long done, long total, long before) {
    }

    private static Object[] cells(String model, long rows, Phase dump, Phase load, Duration elapsed) {
        return new Object[] {model, MigrationPrinter.count(rows),
                barCell(dump), rateCell(dump, elapsed), etaCell(dump, elapsed),
                barCell(load), rateCell(load, elapsed), etaCell(load, elapsed)};
    }

    private static String barCell(Phase p) {
        return p.total == 0 ? "(no rows)" : bar(p.done, p.total, BAR_WIDTH) + String.format(" %3d%%", percent(p));
    }

    private static String rateCell(Phase p, Duration elapsed) {
        double rate = rate(p, elapsed);
        if (rate < 0 || rate == 0 && (p.done == 0 || p.done >= p.total)) {
            return "";
        }
        return rate > 0 && rate < 1 ? "<1" : MigrationPrinter.count(Math.round(rate));
    }

    private static String etaCell(Phase p, Duration elapsed) {
        if (p.total > 0 && p.done >= p.total) {
            return "done";
        }
        double rate = rate(p, elapsed);
        return rate > 0 ? eta(Duration.ofSeconds((long) Math.ceil((p.total - p.done) / rate))) : "";
    }

    /** Rows per second since the earlier snapshot; -1 when not measured. */
    private static double rate(Phase p, Duration elapsed) {
        if (p.before < 0 || elapsed.toMillis() <= 0) {
            return -1;
        }
        // a chunk dumped again takes its place back: never a negative rate
        return Math.max(0, p.done - p.before) * 1000.0 / elapsed.toMillis();
    }

    private static int percent(Phase p) {
        return (int) Math.min(100, p.done * 100 / p.total);
    }

    /** {@code [########------------]}: full when done reaches total. */
    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, Math.max(0, done) * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    /** {@code 4:05}, {@code 1:02:03}; past 99 hours {@code >99h}. */
    static String eta(Duration left) {
        long s = Math.max(0, left.getSeconds());
        if (s >= 100L * 3600) {
            return ">99h";
        }
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }

    /**
     * The rows of the chunks at a model's indexes under {@code field} ("dumped" or "loaded"), each
     * counted once.
     */
    static long rowsDone(JsonNode model, String field) {
        long[] rows = chunkRows(model);
        Set<Integer> indexes = new LinkedHashSet<>();
        for (JsonNode i : model.path(field)) {
            indexes.add(i.asInt());
        }
        long done = 0;
        for (int i : indexes) {
            if (i >= 0 && i < rows.length) {
                done += rows[i];
            }
        }
        return done;
    }

    private static long plannedRows(JsonNode model) {
        long sum = 0;
        for (long r : chunkRows(model)) {
            sum += r;
        }
        return sum;
    }

    /**
     * Each chunk's planned rows; a chunk whose count is not known (-1) gets an even share of what the
     * known chunks leave of the model's rows.
     */
    private static long[] chunkRows(JsonNode model) {
        JsonNode planned = model.path("chunkRows");
        long[] rows = new long[planned.size()];
        long known = 0;
        int unknown = 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = planned.get(i).asLong();
            if (rows[i] < 0) {
                unknown++;
            } else {
                known += rows[i];
            }
        }
        if (unknown > 0) {
            long share = Math.max(0, model.path("rows").asLong() - known) / unknown;
            for (int i = 0; i < rows.length; i++) {
                rows[i] = rows[i] < 0 ? share : rows[i];
            }
        }
        return rows;
    }

    private static List<String> mismatches(JsonNode mismatches) {
        List<String> lines = new ArrayList<>();
        if (mismatches.isEmpty()) {
            return lines;
        }
        lines.add("verify found differences:");
        for (JsonNode m : mismatches) {
            List<String> chunks = new ArrayList<>();
            for (JsonNode c : m.path("chunks")) {
                chunks.add("#" + c.path("index").asInt());
            }
            lines.add("  - " + text(m, "model") + ": " + text(m, "message")
                    + (chunks.isEmpty() ? "" : " (chunks " + String.join(", ", chunks) + ")"));
        }
        return lines;
    }

    private static boolean sameMigration(JsonNode a, JsonNode b) {
        return text(a, "migrationId").equals(text(b, "migrationId"));
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }

    /** A table as lines, to draw with the rest. */
    static List<String> lines(Table t) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        t.print(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
