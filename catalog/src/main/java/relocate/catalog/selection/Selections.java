package relocate.catalog.selection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import relocate.catalog.Column;
import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.TenantDeclarations;
import relocate.catalog.fk.ForeignKey;

/**
 * Decides which tables belong to a domain and how each one's rows are selected.
 *
 * <ul>
 *   <li>A table with the tenant column selects by it, even when it also references other domain tables.</li>
 *   <li>A <em>tenant root</em> is a table without the tenant column whose one-column primary key is the domain's
 *       key ({@code companies.id} when tenant tables hold {@code company_id REFERENCES companies (id)}): it is
 *       found from such a foreign key, and it selects by its key, so the domain's own row in it moves with the
 *       domain. A table that references a root's key under another column name ({@code billing_company_id})
 *       selects by that column.</li>
 *   <li>A table without it belongs to the domain when a chain of foreign keys leads from it to a table
 *       with it; the shortest chain wins, and among chains of the same length the one whose first
 *       step reaches the first parent by name (then the first constraint by name), so that the same
 *       catalog always gives the same selections.</li>
 *   <li>A table that is only referenced by domain tables (a global lookup such as a country list) does
 *       not belong to the domain: it is shared by every domain.</li>
 * </ul>
 * A self-reference ({@code locations.parent_id -> locations.id}) never makes a table a member. Every key is
 * compared in its column's own type (see {@link TenantKey}).
 */
public final class Selections {

    private Selections() {
    }

    /** Each member table's selection, keyed and sorted by table name. */
    public static Map<TableName, Selection> derive(Collection<Table> tables, Collection<ForeignKey> foreignKeys,
                                                   String tenantColumn) {
        return derive(tables, foreignKeys, tenantColumn, TenantDeclarations.NONE);
    }

    /**
     * Each member table's selection, with the environment's declarations: declared roots and selecting columns
     * join the tables that hold the key, and global and ignored tables are never members nor walked through.
     * Declarations that name what the database lacks are left out (see {@link TenantDeclarations#problems}).
     */
    public static Map<TableName, Selection> derive(Collection<Table> tables, Collection<ForeignKey> foreignKeys,
                                                   String tenantColumn, TenantDeclarations declarations) {
        Map<TableName, Table> byName = new TreeMap<>();
        tables.forEach(table -> byName.put(table.name(), table));
        Set<TableName> excluded = new HashSet<>(declarations.globals());
        excluded.addAll(declarations.ignored());
        List<ForeignKey> keys = foreignKeys.stream()
                .filter(key -> !key.selfReference() && !excluded.contains(key.child()) && !excluded.contains(key.parent()))
                .sorted().toList();
        Map<TableName, Selection> members = new TreeMap<>();
        Map<TableName, List<ForeignKey>> pathToTenant = new HashMap<>();
        for (Table table : byName.values()) {
            if (table.hasColumn(tenantColumn) && !excluded.contains(table.name())) {
                members.put(table.name(), new ByTenantColumn(table.name(), key(table, tenantColumn)));
            }
        }
        Map<TableName, String> roots = new TreeMap<>(roots(byName, keys, tenantColumn));
        declared(declarations.roots(), byName).forEach(roots::put);
        roots.forEach((root, column) -> members.put(root, new ByTenantColumn(root, key(byName.get(root), column))));
        declared(declarations.selectedBy(), byName).forEach((table, column) ->
                members.put(table, new ByTenantColumn(table, key(byName.get(table), column))));
        for (ForeignKey key : keys) {
            String rootColumn = roots.get(key.parent());
            if (rootColumn != null && !members.containsKey(key.child()) && key.parentColumns().equals(List.of(rootColumn))) {
                members.put(key.child(), new ByTenantColumn(key.child(), key(byName.get(key.child()),
                        key.columns().get(0))));
            }
        }
        members.keySet().forEach(member -> pathToTenant.put(member, List.of()));
        // Breadth first from the tables that hold the key: the tables found in round n are n foreign keys away,
        // so the first chain found for a table is a shortest one.
        Set<TableName> frontier = Set.copyOf(members.keySet());
        while (!frontier.isEmpty()) {
            Map<TableName, ForeignKey> found = new TreeMap<>();
            for (ForeignKey key : keys) {
                if (frontier.contains(key.parent()) && !members.containsKey(key.child())) {
                    found.putIfAbsent(key.child(), key); // keys are sorted: the first one is the deterministic choice
                }
            }
            found.forEach((child, key) -> {
                List<ForeignKey> path = new ArrayList<>();
                path.add(key);
                path.addAll(pathToTenant.get(key.parent()));
                pathToTenant.put(child, List.copyOf(path));
                TableName end = path.get(path.size() - 1).parent();
                members.put(child, new ThroughForeignKeys(child, path, members.get(end).tenantKey()));
            });
            frontier = found.keySet();
        }
        return withKeyCopies(members, keys);
    }

    /**
     * Each member's {@link Selection#keyCopies()}: the columns its foreign keys pair with a parent's column that
     * holds a domain's key (the one the parent selects by, or a copy of its own), to a fixed point so that copies of
     * copies are found.
     */
    private static Map<TableName, Selection> withKeyCopies(Map<TableName, Selection> members, List<ForeignKey> keys) {
        Map<TableName, Set<String>> keyColumns = new HashMap<>();
        members.forEach((name, selection) -> keyColumns.put(name, new TreeSet<>(
                selection instanceof ByTenantColumn direct ? Set.of(direct.tenantColumn()) : Set.of())));
        boolean changed = true;
        while (changed) {
            changed = false;
            for (ForeignKey key : keys) {
                if (!members.containsKey(key.child()) || !members.containsKey(key.parent())) {
                    continue;
                }
                for (int i = 0; i < key.columns().size(); i++) {
                    if (keyColumns.get(key.parent()).contains(key.parentColumns().get(i))) {
                        changed |= keyColumns.get(key.child()).add(key.columns().get(i));
                    }
                }
            }
        }
        Map<TableName, Selection> withCopies = new TreeMap<>();
        members.forEach((name, selection) -> {
            Set<String> copies = new TreeSet<>(keyColumns.get(name));
            if (selection instanceof ByTenantColumn direct) {
                copies.remove(direct.tenantColumn());
                withCopies.put(name, new ByTenantColumn(name, direct.key(), copies));
            } else if (selection instanceof ThroughForeignKeys through) {
                withCopies.put(name, new ThroughForeignKeys(name, through.path(), through.key(), copies));
            }
        });
        return withCopies;
    }

    /**
     * The tenant roots and their key column: the tables without the tenant column whose one-column primary key a
     * tenant table references with its tenant column.
     */
    private static Map<TableName, String> roots(Map<TableName, Table> tables, Collection<ForeignKey> foreignKeys,
                                               String tenantColumn) {
        Map<TableName, String> roots = new TreeMap<>();
        for (ForeignKey key : foreignKeys) {
            Table parent = tables.get(key.parent());
            Table child = tables.get(key.child());
            if (parent != null && child != null && !key.selfReference() && !parent.hasColumn(tenantColumn)
                    && child.hasColumn(tenantColumn) && key.columns().equals(List.of(tenantColumn))
                    && parent.primaryKey().size() == 1 && key.parentColumns().equals(parent.primaryKey())) {
                roots.put(parent.name(), parent.primaryKey().get(0));
            }
        }
        return roots;
    }

    /** The declarations whose table and column the database has. */
    private static Map<TableName, String> declared(Map<TableName, String> declared, Map<TableName, Table> tables) {
        Map<TableName, String> found = new TreeMap<>();
        declared.forEach((table, column) -> {
            if (tables.containsKey(table) && tables.get(table).hasColumn(column)) {
                found.put(table, column);
            }
        });
        return found;
    }

    private static TenantKey key(Table table, String column) {
        Column found = table.column(column).orElseThrow(() -> new IllegalArgumentException(
                "table " + table.name() + " has no column " + column));
        return new TenantKey(column, found.baseType());
    }
}
