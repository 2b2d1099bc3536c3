package relocate.dumper.freeze;

import java.util.Locale;
import java.util.regex.Pattern;

import relocate.catalog.Sql;

/**
 * The names of what one migration's freeze installs, derived from its id alone, so that the freeze can
 * be completed or removed from the catalog whatever the domain model looks like by then.
 * Migration {@code 3f2a9c41-07de-4b1e-...} gives
 * <ul>
 *   <li>the guard function {@code relocate.freeze_3f2a9c4107de}, commented with the full migration id;</li>
 *   <li>on each model, the row trigger {@code relocate_freeze_3f2a9c4107de} and the statement trigger
 *       {@code relocate_freeze_3f2a9c4107de_truncate}.</li>
 * </ul>
 * 12 hex digits of a random UUID keep names short and recognizable; the comment tells two migrations
 * apart should they ever share them.
 */
record GuardNames(String migrationId, String function, String rowTrigger, String truncateTrigger) {

    /** The schema that holds the guard functions; created by the first freeze if missing. */
    static final String SCHEMA = "relocate";

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    static GuardNames of(String migrationId) {
        String id = migrationId == null ? "" : migrationId.toLowerCase(Locale.ROOT);
        if (!UUID.matcher(id).matches()) {
            throw new IllegalArgumentException("a migration id is a UUID such as 3f2a9c41-07de-4b1e-9a4c-5d8e2b7f1a60, not '"
                    + migrationId + "'");
        }
        String tag = id.replace("-", "").substring(0, 12);
        return new GuardNames(id, "freeze_" + tag, "relocate_freeze_" + tag, "relocate_freeze_" + tag + "_truncate");
    }

    /** {@code "relocate"."freeze_3f2a9c4107de"}. */
    String functionSql() {
        return Sql.qualified(SCHEMA, function);
    }

    /** What the guard function's comment says: how a freeze recognizes its own function. */
    String functionComment() {
        return "Relocate freeze guard of migration " + migrationId;
    }
}
