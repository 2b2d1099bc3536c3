package relocate.catalog.selection;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.ArrayList;

import relocate.catalog.Column;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.TenantDeclarations;
import relocate.catalog.fk.ForeignKey;

/**
 * Every table of the database classified for a domain ({@link TableRole}), and the completeness guard: the tables
 * that are not moved although a column of theirs looks like a reference to the domain, which PREFLIGHT refuses until
 * they are declared (global, ignored, or selected by that column) or the schema says how they relate.
 *
 * <p>A column "looks like" such a reference when, split at underscores, it holds the tenant column's stem
 * ({@code company} of {@code company_id}: {@code owner_company_id}, {@code company_ref}), or it is {@code <x>_id} for a
 * table {@code x}/{@code xs} that moves with the domain and no foreign key of the table covers it ({@code case_id}
 * beside a {@code cases} model). A heuristic: it names a table for a person to decide, it decides nothing itself.
 *
 * @param roles           every table's role, by name
 * @param unreached       the tables not moved whose columns look like references to the domain
 * @param badDeclarations the environment's declarations that name what the database lacks (left out)
 */
public record Classification(Map<TableName, TableRole> roles, List<Unreached> unreached,
                             List<String> badDeclarations) {

    public static final Classification NONE = new Classification(Map.of(), List.of(), List.of());

    /** A table the guard stops at: the column that looks like a reference to the domain, and why. */
    public record Unreached(TableName table, String column, String why) {
    }

    public Classification {
        roles = Map.copyOf(roles);
        unreached = List.copyOf(unreached);
        badDeclarations = List.copyOf(badDeclarations);
    }

    public static Classification of(Collection<Table> tables, Collection<ForeignKey> foreignKeys, String tenantColumn,
                                    TenantDeclarations declarations, Map<TableName, Selection> members) {
        Map<TableName, TableRole> roles = new TreeMap<>();
        Set<TableName> referenced = new HashSet<>();
        for (ForeignKey key : foreignKeys) {
            if (members.containsKey(key.child()) && !members.containsKey(key.parent())) {
                referenced.add(key.parent());
            }
        }
        for (Table table : tables) {
            roles.put(table.name(), role(table, tenantColumn, declarations, members, referenced));
        }
        Set<String> memberStems = new HashSet<>();
        members.keySet().forEach(member -> memberStems.add(singular(member.name().toLowerCase(Locale.ROOT))));
        String stem = stem(tenantColumn);
        List<Unreached> unreached = new ArrayList<>();
        for (Table table : tables) {
            TableRole role = roles.get(table.name());
            if (role.moves() || role == TableRole.IGNORED || declarations.globals().contains(table.name())) {
                continue;
            }
            Set<String> covered = new HashSet<>();
            foreignKeys.stream().filter(key -> key.child().equals(table.name())).forEach(key -> covered.addAll(key.columns()));
            for (Column column : table.columns()) {
                Optional<String> why = looksLikeReference(column.name(), stem, tenantColumn, memberStems, covered);
                if (why.isPresent()) {
                    unreached.add(new Unreached(table.name(), column.name(), why.get()));
                    break;
                }
            }
        }
        Map<TableName, Table> byName = new TreeMap<>();
        tables.forEach(table -> byName.put(table.name(), table));
        return new Classification(roles, unreached, declarations.problems(byName));
    }

    private static TableRole role(Table table, String tenantColumn, TenantDeclarations declarations,
                                  Map<TableName, Selection> members, Set<TableName> referenced) {
        TableName name = table.name();
        if (declarations.ignored().contains(name)) {
            return TableRole.IGNORED;
        }
        if (declarations.globals().contains(name)) {
            return TableRole.GLOBAL;
        }
        Selection selection = members.get(name);
        if (selection instanceof ByTenantColumn direct) {
            if (direct.tenantColumn().equals(tenantColumn)) {
                return TableRole.TENANT;
            }
            return table.primaryKey().equals(List.of(direct.tenantColumn())) ? TableRole.TENANT_ROOT
                    : TableRole.SELECTED_BY_COLUMN;
        }
        if (selection != null) {
            return TableRole.REACHED;
        }
        return referenced.contains(name) ? TableRole.GLOBAL : TableRole.UNRELATED;
    }

    private static Optional<String> looksLikeReference(String column, String stem, String tenantColumn,
                                                      Set<String> memberStems, Set<String> covered) {
        String lower = column.toLowerCase(Locale.ROOT);
        List<String> words = List.of(lower.split("_"));
        if (!stem.isEmpty() && (words.contains(stem) || lower.equals(stem + "id"))) {
            return Optional.of("its name looks like the tenant column " + tenantColumn);
        }
        if (lower.endsWith("_id") && !covered.contains(column)) {
            String referencedStem = lower.substring(0, lower.length() - 3);
            if (memberStems.contains(referencedStem)) {
                return Optional.of("it looks like a reference to the domain's table " + referencedStem
                        + "(s), but no foreign key declares it");
            }
        }
        return Optional.empty();
    }

    /** {@code company_id} -> {@code company}, {@code domain} -> {@code domain}, {@code tenantId} -> {@code tenant}. */
    static String stem(String tenantColumn) {
        String lower = tenantColumn.toLowerCase(Locale.ROOT);
        if (lower.endsWith("_id")) {
            return lower.substring(0, lower.length() - 3);
        }
        if (lower.endsWith("id") && lower.length() > 2) {
            return lower.substring(0, lower.length() - 2);
        }
        return lower;
    }

    /** {@code companies} -> {@code company}, {@code cases} -> {@code case}, {@code users} -> {@code user}. */
    static String singular(String table) {
        if (table.endsWith("ies")) {
            return table.substring(0, table.length() - 3) + "y";
        }
        if (table.endsWith("sses") || table.endsWith("xes")) {
            return table.substring(0, table.length() - 2);
        }
        if (table.endsWith("s")) {
            return table.substring(0, table.length() - 1);
        }
        return table;
    }
}
