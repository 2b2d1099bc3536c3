package relocate.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import relocate.catalog.TableName;
import relocate.catalog.selection.ModelFilter;

/** What a cleanup will delete, for the operator to confirm: the domain, the source, and the rows STATS counted. */
public final class CleanupView {
    private CleanupView() {
    }

    /**
     * @param migration the JSON of {@code GET /migrations/{id}}
     * @param status    the domain's status, or null when it does not show this migration (then no counts)
     */
    public static List<String> lines(JsonNode migration, JsonNode status) {
        List<String> lines = new ArrayList<>();
        String domain = migration.path("domain").asText();
        lines.add(String.format("cleanup of migration %s deletes domain '%s' from source environment '%s' "
                + "(it now lives on '%s'), then lifts its freeze.", migration.path("id").asText(), domain,
                migration.path("source").asText(), migration.path("target").asText()));
        JsonNode stats = status == null
                || !status.path("migrationId").asText().equals(migration.path("id").asText())
                ? null : status.path("sourceStats");
        if (stats == null || stats.isEmpty()) {
            lines.add("(the row counts are not known: the domain's status does not show this migration's stats)");
            return lines;
        }
        // cleanup deletes what LOAD loaded: the models the object filter selected
        ModelFilter loaded = ModelFilter.parse(List.of(), List.of(),
                migration.path("options").path("object-filter").asText(null));
        Table t = new Table("MODEL", "ROWS");
        long total = 0;
        int models = 0;
        for (JsonNode s : stats) {
            if (loaded.loads(TableName.parse(s.path("model").asText()))) {
                t.row(s.path("model").asText(), MigrationPrinter.count(s.path("rows").asLong()));
                total += s.path("rows").asLong();
                models++;
            }
        }
        lines.addAll(ProgressView.lines(t));
        lines.add(String.format("%d models, %s rows (as STATS counted them on the frozen source)", models,
                MigrationPrinter.count(total)));
        return lines;
    }

    /** The operator confirmed by typing the domain's name (surrounding blanks aside). */
    public static boolean confirmed(String typed, String domain) {
        return typed != null && typed.strip().equals(domain);
    }
}
