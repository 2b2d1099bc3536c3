package relocate.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.text.NumberFormat;
import java.util.Locale;

/** Prints a migration, its steps and preflight's report for people. */
public final class MigrationPrinter {
    private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.ROOT);

    private MigrationPrinter() {
    }

    public static String count(long n) {
        return COUNT.format(n);
    }

    public static void summary(JsonNode m, PrintStream out) {
        out.printf("migration %s: domain %s, %s -> %s%n", m.get("id").asText(), m.get("domain").asText(),
                m.get("source").asText(), m.get("target").asText());
        out.printf("state %s at %s (%s, attempt %d)%n", m.get("state").asText(), m.get("step").asText(),
                m.get("stepState").asText(), m.get("attempt").asInt());
        if (m.hasNonNull("reason")) {
            out.println("reason: " + m.get("reason").asText());
        }
    }

    /** The preflight report: per-model counts in load order, then problems. */
    public static void preflight(JsonNode report, PrintStream out) {
        if (report == null || report.isNull()) {
            return;
        }
        JsonNode models = report.get("models");
        if (models != null && !models.isEmpty()) {
            Table t = new Table("#", "MODEL", "ROWS", "SELECTED BY");
            long total = 0;
            int i = 0;
            for (JsonNode name : report.get("loadOrder")) {
                for (JsonNode model : models) {
                    if (model.get("name").asText().equals(name.asText())) {
                        t.row(++i, model.get("name").asText(), count(model.get("rows").asLong()),
                                model.get("selection").asText());
                        total += model.get("rows").asLong();
                    }
                }
            }
            t.print(out);
            out.printf("%d models, %s rows (load order as listed)%n", i, count(total));
        }
        JsonNode problems = report.get("problems");
        if (problems != null && !problems.isEmpty()) {
            out.println("problems:");
            for (JsonNode p : problems) {
                out.println("  - [" + p.get("code").asText() + "] " + p.get("message").asText());
            }
        }
    }
}
