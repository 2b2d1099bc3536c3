package relocate.coordinator.migration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import relocate.catalog.selection.DumperGroups;
import relocate.catalog.selection.ModelFilter;
import relocate.coordinator.workflow.Settings;

/**
 * The options of a migration, as the API takes them (a map of strings, the CLI's flags): checked when
 * the migration is created, so that a bad one is refused before anything is written.
 *
 * @param include       model patterns to dump (globs over schema.table or table); empty: every model
 * @param exclude       model patterns not to dump
 * @param objectFilter  regex over schema.table: only the models it finds are loaded
 * @param chunkRows     about this many rows per chunk
 * @param newName       load the domain under this tenant value; null: its own name
 * @param freezeWebhook the application's maintenance URL (webhook freeze mode), as given; null: triggers
 * @param rehearsal     dump, load and verify without freezing, then clear the target
 * @param run           run every step after creation (up to COMMIT) instead of stopping after PREFLIGHT
 * @param copyMissingGlobals PREFLIGHT copies the global rows the domain references that the target lacks (never
 *                      overwriting one) instead of stopping at them
 */
public record MigrationOptions(List<String> include, List<String> exclude, String objectFilter, long chunkRows,
                               String newName, String freezeWebhook, boolean rehearsal, boolean run,
                               boolean copyMissingGlobals) {

    public static final long DEFAULT_CHUNK_ROWS = 50_000;
    public static final List<String> KEYS = List.of("include", "exclude", "groups", "object-filter", "chunk-rows",
            "new-name", "freeze-webhook", "rehearsal", "run", "copy-missing-globals");

    /**
     * @param groups the dumper groups the deployment defines, which option {@code groups} names
     * @throws IllegalArgumentException naming the bad option and what to give instead
     */
    public static MigrationOptions parse(Map<String, String> options, DumperGroups groups) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; known options: " + String.join(", ", KEYS));
            }
        }
        ModelFilter filter = ModelFilter.parse(list(options.get("include")), list(options.get("exclude")),
                blankToNull(options.get("object-filter")));
        List<String> groupNames = list(options.get("groups"));
        if (!groupNames.isEmpty()) {
            filter = filter.withGroups(groupNames, groups);
        }
        long chunkRows = DEFAULT_CHUNK_ROWS;
        if (options.get("chunk-rows") != null) {
            try {
                chunkRows = Long.parseLong(options.get("chunk-rows").trim());
            } catch (NumberFormatException e) {
                chunkRows = -1;
            }
            if (chunkRows < 1) {
                throw new IllegalArgumentException("chunk-rows '" + options.get("chunk-rows")
                        + "' is not a positive number of rows (for example 50000)");
            }
        }
        String newName = blankToNull(options.get("new-name"));
        String webhook = blankToNull(options.get("freeze-webhook"));
        boolean rehearsal = flag(options, "rehearsal");
        if (rehearsal && webhook != null) {
            throw new IllegalArgumentException("a rehearsal does not freeze the source: leave out freeze-webhook");
        }
        return new MigrationOptions(filter.include(), filter.exclude(), filter.objectFilter(), chunkRows, newName,
                webhook, rehearsal, flag(options, "run"), flag(options, "copy-missing-globals"));
    }

    public Settings settings() {
        return new Settings(rehearsal, objectFilter, false, false);
    }

    /** The options as stored and shown: {@code sealedWebhook} in place of the webhook URL, which may hold a token. */
    public Map<String, String> toMap(String sealedWebhook) {
        Map<String, String> m = new LinkedHashMap<>();
        if (!include.isEmpty()) {
            m.put("include", String.join(",", include));
        }
        if (!exclude.isEmpty()) {
            m.put("exclude", String.join(",", exclude));
        }
        if (objectFilter != null) {
            m.put("object-filter", objectFilter);
        }
        m.put("chunk-rows", Long.toString(chunkRows));
        if (newName != null) {
            m.put("new-name", newName);
        }
        if (freezeWebhook != null) {
            m.put("freeze-webhook", sealedWebhook);
        }
        if (rehearsal) {
            m.put("rehearsal", "true");
        }
        if (run) {
            m.put("run", "true");
        }
        if (copyMissingGlobals) {
            m.put("copy-missing-globals", "true");
        }
        return m;
    }

    /** Options as stored ({@link #toMap}); the webhook stays sealed. */
    public static MigrationOptions stored(Map<String, String> stored) {
        return new MigrationOptions(list(stored.get("include")), list(stored.get("exclude")), stored.get("object-filter"),
                Long.parseLong(stored.getOrDefault("chunk-rows", Long.toString(DEFAULT_CHUNK_ROWS))),
                stored.get("new-name"), stored.get("freeze-webhook"), flag(stored, "rehearsal"), flag(stored, "run"),
                flag(stored, "copy-missing-globals"));
    }

    private static boolean flag(Map<String, String> options, String key) {
        String v = options.get(key);
        if (v == null || v.isBlank() || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException("option " + key + " is true or false, not '" + v + "'");
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return new ArrayList<>(Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
