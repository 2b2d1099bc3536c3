package relocate.dumper.preflight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import relocate.catalog.Column;
import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.Sql;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

/**
 * The global rows a domain references that the target lacks: a row of a table shared by every domain (a country list)
 * that a foreign key of one of the domain's models points at. Without it LOAD would fail on the foreign key after the
 * source is frozen; PREFLIGHT names them first, or copies them when asked.
 *
 * <p>The domain's distinct references are read from the source (streamed, one JSON array of the key's values per
 * reference) and looked up on the target a batch at a time, each value cast to the target column's type.
 */
final class GlobalRows {

    private static final int BATCH = 500;
    private static final int SHOWN = 5;

    private GlobalRows() {
    }

    /** What one foreign key to a global table references that the target lacks: how many, and the first few. */
    record Missing(ForeignKey key, long count, List<String> first) {
    }

    @FunctionalInterface
    private interface Absent {
        /** Called with each batch's references that the target lacks, as JSON arrays of the key's values. */
        void found(List<String> references) throws SQLException;
    }

    /**
     * The missing references of each foreign key from a model of {@code model} to a table that is not one and that
     * the target has ({@code targetTables}: the caller reports a missing table).
     *
     * @param source in a read-only transaction (the references stream)
     */
    static List<Missing> missing(Connection source, Connection target, DomainModel model, String domain,
                                 Map<TableName, Table> targetTables) throws SQLException {
        List<Missing> missing = new ArrayList<>();
        for (ForeignKey key : toGlobals(model, targetTables)) {
            List<String> first = new ArrayList<>();
            long[] count = {0};
            eachAbsent(source, target, model.model(key.child()).orElseThrow(), key, targetTables.get(key.parent()),
                    domain, references -> {
                        count[0] += references.size();
                        references.stream().limit(Math.max(0, SHOWN - first.size())).forEach(first::add);
                    });
            if (count[0] > 0) {
                missing.add(new Missing(key, count[0], first));
            }
        }
        return missing;
    }

    /**
     * Copies from the source each global row the domain references that the target lacks: the rows as the source
     * holds them, inserted {@code ON CONFLICT DO NOTHING}, so that a row the target has (by any unique key) is never
     * overwritten. Each batch commits on its own ({@code target} in auto-commit mode); global rows stay on the target
     * whatever becomes of the migration, since other domains may use them from then on.
     */
    static void copyMissing(Connection source, Connection target, DomainModel model, String domain,
                            Map<TableName, Table> targetTables) throws SQLException {
        for (ForeignKey key : toGlobals(model, targetTables)) {
            Table global = targetTables.get(key.parent());
            String rows = "SELECT CAST(coalesce(jsonb_agg(to_jsonb(p)), '[]') AS text) FROM " + key.parent().sql() + " p"
                    + " WHERE " + Sql.columns("p", key.parentColumns()) + " IN (SELECT " + elements(key, global, "e")
                    + " FROM jsonb_array_elements(CAST(? AS jsonb)) e)";
            String insert = "INSERT INTO " + key.parent().sql() + " SELECT * FROM jsonb_populate_recordset(NULL::"
                    + key.parent().sql() + ", CAST(? AS jsonb)) ON CONFLICT DO NOTHING";
            try (PreparedStatement read = source.prepareStatement(rows);
                 PreparedStatement write = target.prepareStatement(insert)) {
                eachAbsent(source, target, model.model(key.child()).orElseThrow(), key, global, domain, references -> {
                    read.setString(1, "[" + String.join(",", references) + "]");
                    try (ResultSet found = read.executeQuery()) {
                        found.next();
                        write.setString(1, found.getString(1));
                    }
                    write.executeUpdate();
                });
            }
        }
    }

    /** The foreign keys from a model to a table that is none, present on the target with the referenced columns. */
    private static List<ForeignKey> toGlobals(DomainModel model, Map<TableName, Table> targetTables) {
        return model.foreignKeys().stream()
                .filter(key -> model.model(key.child()).isPresent() && model.model(key.parent()).isEmpty())
                .filter(key -> targetTables.containsKey(key.parent())
                        && key.parentColumns().stream().allMatch(targetTables.get(key.parent())::hasColumn))
                .toList();
    }

    private static void eachAbsent(Connection source, Connection target, Model child, ForeignKey key, Table global,
                                   String domain, Absent absent) throws SQLException {
        String references = "SELECT DISTINCT " + key.columns().stream().map(c -> Sql.column("t", c))
                .collect(Collectors.joining(", ", "jsonb_build_array(", ")::text ")) + child.selection().fromWhere()
                + key.columns().stream().map(c -> " AND " + Sql.column("t", c) + " IS NOT NULL").collect(Collectors.joining());
        String lookup = "SELECT e::text FROM jsonb_array_elements(CAST(? AS jsonb)) e WHERE NOT EXISTS (SELECT 1 FROM "
                + key.parent().sql() + " p WHERE " + Sql.columns("p", key.parentColumns()) + " = ("
                + elements(key, global, "e") + ")) ORDER BY 1";
        try (PreparedStatement read = source.prepareStatement(references);
             PreparedStatement check = target.prepareStatement(lookup)) {
            read.setFetchSize(BATCH);
            child.selection().bindDomain(read, 1, domain);
            try (ResultSet rows = read.executeQuery()) {
                List<String> batch = new ArrayList<>(BATCH);
                boolean more = true;
                while (more) {
                    more = rows.next();
                    if (more) {
                        batch.add(rows.getString(1));
                    }
                    if (batch.size() == BATCH || (!more && !batch.isEmpty())) {
                        check.setString(1, "[" + String.join(",", batch) + "]");
                        List<String> missing = new ArrayList<>();
                        try (ResultSet found = check.executeQuery()) {
                            while (found.next()) {
                                missing.add(found.getString(1));
                            }
                        }
                        if (!missing.isEmpty()) {
                            absent.found(missing);
                        }
                        batch.clear();
                    }
                }
            }
        }
    }

    /** {@code CAST(e->>0 AS text), CAST(e->>1 AS integer)}: a reference's values, each in its column's type. */
    private static String elements(ForeignKey key, Table global, String element) {
        return IntStream.range(0, key.parentColumns().size())
                .mapToObj(i -> "CAST(" + element + "->>" + i + " AS "
                        + global.column(key.parentColumns().get(i)).map(Column::baseType).orElseThrow() + ")")
                .collect(Collectors.joining(", "));
    }
}
