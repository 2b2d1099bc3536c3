package relocate.catalog.selection;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import relocate.catalog.Sql;
import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

/**
 * The model has no tenant column; its rows belong to the domain through a chain of foreign keys that
 * ends at a table that has it. {@code case_indices.case_id -> cases.id} selects
 * <pre>
 * FROM "public"."case_indices" t
 * WHERE t."case_id" IN (SELECT p1."id" FROM "public"."cases" p1 WHERE p1."domain" = CAST(? AS text))
 * </pre>
 * and a longer chain nests one {@code IN} per step. PostgreSQL plans {@code IN (subquery)} as a
 * semi-join (hashed when the domain's keys fit in memory), which is what a dump of a large domain
 * needs; a row whose key is NULL belongs to no domain and is not selected.
 *
 * @param path the foreign keys from the model to the tenant table: the first one's child is the model,
 *             each next one's child is the previous one's parent, the last one's parent holds the domain's key
 * @param key       the column of the last parent that holds the domain's key, and its type
 * @param keyCopies the model's columns that hold a domain's key (see {@link Selection#keyCopies()})
 */
public record ThroughForeignKeys(TableName table, List<ForeignKey> path, TenantKey key, Set<String> keyCopies)
        implements Selection {

    public ThroughForeignKeys {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        keyCopies = Set.copyOf(keyCopies);
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a selection through foreign keys needs at least one foreign key");
        }
        TableName expectedChild = table;
        for (ForeignKey step : path) {
            if (!step.child().equals(expectedChild)) {
                throw new IllegalArgumentException("foreign key " + step.describe() + " does not continue the path from "
                        + expectedChild);
            }
            expectedChild = step.parent();
        }
    }

    /** A model none of whose columns holds a domain's key. */
    public ThroughForeignKeys(TableName table, List<ForeignKey> path, TenantKey key) {
        this(table, path, key, Set.of());
    }

    /** The column of the last parent that holds the domain's key. */
    public String tenantColumn() {
        return key.column();
    }

    @Override
    public TenantKey tenantKey() {
        return key;
    }

    /** The table at the end of the path, the one that has the tenant column. */
    public TableName tenantTable() {
        return path.get(path.size() - 1).parent();
    }

    @Override
    public String fromWhere() {
        return "FROM " + table.sql() + " t WHERE " + membership("t", 0);
    }

    /** {@code <alias's key> IN (SELECT <parent's key> FROM <parent> pN WHERE <next step or tenant test>)}. */
    private String membership(String alias, int step) {
        ForeignKey foreignKey = path.get(step);
        String parentAlias = "p" + (step + 1);
        String parentKey = foreignKey.parentColumns().stream()
                .map(c -> Sql.column(parentAlias, c))
                .collect(Collectors.joining(", "));
        String inner = step + 1 < path.size()
                ? membership(parentAlias, step + 1)
                : key.test(parentAlias);
        return Sql.columns(alias, foreignKey.columns()) + " IN (SELECT " + parentKey + " FROM "
                + foreignKey.parent().sql() + " " + parentAlias + " WHERE " + inner + ")";
    }

    @Override
    public int parameterCount() {
        return 1;
    }

    @Override
    public String describe() {
        return "via " + path.stream()
                .map(key -> key.columnsText() + " -> " + key.parent())
                .collect(Collectors.joining(", "));
    }

    @Override
    public Map<TableName, Set<String>> requiredColumns() {
        Map<TableName, Set<String>> required = new LinkedHashMap<>();
        for (ForeignKey step : path) {
            required.computeIfAbsent(step.child(), t -> new LinkedHashSet<>()).addAll(step.columns());
            required.computeIfAbsent(step.parent(), t -> new LinkedHashSet<>()).addAll(step.parentColumns());
        }
        required.get(tenantTable()).add(key.column());
        return required;
    }
}
