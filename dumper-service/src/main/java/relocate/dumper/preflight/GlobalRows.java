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
 * source is frozen; PREFLIGHT names them first.
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

    /**
     * The missing references of each foreign key from a model of {@code model} to a table that is not one; the
     * foreign keys whose table the target lacks entirely are left to the caller ({@code targetTables}).
     *
     * @param source in a read-only transaction (the references stream)
     */
    static List<Missing> missing(Connection source, Connection target, DomainModel model, String domain,
                                 Map<TableName, Table> targetTables) throws SQLException {
        List<Missing> missing = new ArrayList<>();
        for (ForeignKey key : model.foreignKeys()) {
            Model child = model.model(key.child()).orElse(null);
            Table global = targetTables.get(key.parent());
            if (child == null || model.model(key.parent()).isPresent() || global == null
                    || !key.parentColumns().stream().allMatch(global::hasColumn)) {
                continue;
            }
            Missing found = missing(source, target, child, key, global, domain);
            if (found.count() > 0) {
                missing.add(found);
            }
        }
        return missing;
    }

    private static Missing missing(Connection source, Connection target, Model child, ForeignKey key, Table global,
                                   String domain) throws SQLException {
        String references = "SELECT DISTINCT " + key.columns().stream().map(c -> Sql.column("t", c))
                .collect(Collectors.joining(", ", "jsonb_build_array(", ")::text ")) + child.selection().fromWhere()
                + key.columns().stream().map(c -> " AND " + Sql.column("t", c) + " IS NOT NULL").collect(Collectors.joining());
        String lookup = "SELECT e::text FROM jsonb_array_elements(CAST(? AS jsonb)) e WHERE NOT EXISTS (SELECT 1 FROM "
                + key.parent().sql() + " p WHERE " + IntStream.range(0, key.parentColumns().size())
                .mapToObj(i -> Sql.column("p", key.parentColumns().get(i)) + " = CAST(e->>" + i + " AS "
                        + global.column(key.parentColumns().get(i)).map(Column::baseType).orElseThrow() + ")")
                .collect(Collectors.joining(" AND ")) + ") ORDER BY 1";
        long count = 0;
        List<String> first = new ArrayList<>();
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
                        try (ResultSet absent = check.executeQuery()) {
                            while (absent.next()) {
                                count++;
                                if (first.size() < SHOWN) {
                                    first.add(absent.getString(1));
                                }
                            }
                        }
                        batch.clear();
                    }
                }
            }
        }
        return new Missing(key, count, first);
    }
}
