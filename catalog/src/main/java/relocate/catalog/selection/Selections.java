package relocate.catalog.selection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import relocate.catalog.Table;
import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

/**
 * Decides which tables belong to a domain and how each one's rows are selected.
 *
 * <ul>
 *   <li>A table with the tenant column selects by it, even when it also references other domain tables.</li>
 *   <li>A table without it belongs to the domain when a chain of foreign keys leads from it to a table
 *       with it; the shortest chain wins, and among chains of the same length the one whose first
 *       step reaches the first parent by name (then the first constraint by name), so that the same
 *       catalog always gives the same selections.</li>
 *   <li>A table that is only referenced by domain tables (a global lookup such as a country list) does
 *       not belong to the domain: it is shared by every domain.</li>
 * </ul>
 * A self-reference ({@code locations.parent_id -> locations.id}) never makes a table a member.
 */
public final class Selections {

    private Selections() {
    }

    /** Each member table's selection, keyed and sorted by table name. */
    public static Map<TableName, Selection> derive(Collection<Table> tables, Collection<ForeignKey> foreignKeys,
                                                   String tenantColumn) {
        Map<TableName, Selection> members = new TreeMap<>();
        Map<TableName, List<ForeignKey>> pathToTenant = new HashMap<>();
        for (Table table : tables) {
            if (table.hasColumn(tenantColumn)) {
                members.put(table.name(), new ByTenantColumn(table.name(), tenantColumn));
                pathToTenant.put(table.name(), List.of());
            }
        }
        List<ForeignKey> keys = foreignKeys.stream().filter(key -> !key.selfReference()).sorted().toList();
        // Breadth first from the tenant tables: the tables found in round n are n foreign keys away,
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
                members.put(child, new ThroughForeignKeys(child, path, tenantColumn));
            });
            frontier = found.keySet();
        }
        return members;
    }
}
