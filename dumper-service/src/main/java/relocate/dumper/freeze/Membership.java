package relocate.dumper.freeze;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import relocate.catalog.Sql;
import relocate.catalog.fk.ForeignKey;
import relocate.catalog.selection.ByTenantColumn;
import relocate.catalog.selection.Selection;
import relocate.catalog.selection.TenantKey;
import relocate.catalog.selection.ThroughForeignKeys;

/**
 * Whether ONE row belongs to the domain: the row-at-a-time counterpart of a model's {@link Selection},
 * for the guard trigger. It is a query run by the guard function with {@code EXECUTE ... USING row,
 * domain}: {@code $1} is the row (OLD or NEW, of the model's row type), {@code $2} the domain.
 * <ul>
 *   <li>{@code SELECT ($1)."domain" = CAST($2 AS text)} for a model with the tenant column;</li>
 *   <li>{@code SELECT EXISTS (SELECT 1 FROM "public"."cases" p1 WHERE p1."id" = ($1)."case_id" AND p1."domain" =
 *       CAST($2 AS text))}
 *       for a model selected through foreign keys, one nested {@code EXISTS} per further step.</li>
 * </ul>
 * As in the selection, a row whose key is NULL belongs to no domain, and the domain (a trigger argument, text)
 * is compared in the key's own type: compared as text, a {@code bigint} key would fail every tenant's writes.
 * The text holds identifiers and catalog type names only (identifiers quoted by {@link Sql#ident}); the domain
 * is a parameter.
 */
final class Membership {

    private Membership() {
    }

    static String query(Selection selection) {
        if (selection instanceof ByTenantColumn direct) {
            return "SELECT ($1)." + Sql.ident(direct.tenantColumn()) + " = " + direct.tenantKey().value("$2");
        }
        if (selection instanceof ThroughForeignKeys through) {
            return "SELECT " + exists(through.path(), 0, "($1)", through.tenantKey());
        }
        throw new IllegalArgumentException("no freeze guard for a selection of kind " + selection.getClass().getName());
    }

    /** {@code EXISTS (SELECT 1 FROM <parent> pN WHERE pN.<key> = <child>.<column> AND <next step or tenant test>)}. */
    private static String exists(List<ForeignKey> path, int step, String child, TenantKey tenantKey) {
        ForeignKey key = path.get(step);
        String parent = "p" + (step + 1);
        String join = IntStream.range(0, key.columns().size())
                .mapToObj(i -> Sql.column(parent, key.parentColumns().get(i)) + " = " + child + "."
                        + Sql.ident(key.columns().get(i)))
                .collect(Collectors.joining(" AND "));
        String next = step + 1 < path.size()
                ? exists(path, step + 1, parent, tenantKey)
                : Sql.column(parent, tenantKey.column()) + " = " + tenantKey.value("$2");
        return "EXISTS (SELECT 1 FROM " + key.parent().sql() + " " + parent + " WHERE " + join + " AND " + next + ")";
    }
}
