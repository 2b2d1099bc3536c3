package relocate.catalog.fk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import relocate.catalog.TableName;

/**
 * The order in which a domain's models can be loaded: every table after the tables its foreign keys
 * reference, ties broken by name so that the same catalog always gives the same order.
 *
 * <p>A self-reference ({@code locations.parent_id -> locations.id}) does not affect the order. A cycle
 * across tables is broken at its DEFERRABLE constraints, which the loader must then defer
 * ({@link #deferred()}); a cycle made only of NOT DEFERRABLE constraints cannot be loaded in any order
 * and is reported in {@link #cycles()} (its tables still get a place, by name, so that a report can list them).
 *
 * @param order    the models, parents before children
 * @param deferred the DEFERRABLE constraints ignored to break cycles; a load must run with them deferred
 * @param cycles   the cycles that no order can satisfy
 */
public record LoadOrder(List<TableName> order, List<ForeignKey> deferred, List<ForeignKeyCycle> cycles) {

    public LoadOrder {
        order = List.copyOf(order);
        deferred = List.copyOf(deferred);
        cycles = List.copyOf(cycles);
    }

    /** The load order of {@code models}, considering the foreign keys between them (others are ignored). */
    public static LoadOrder of(Collection<TableName> models, Collection<ForeignKey> foreignKeys) {
        Set<TableName> members = new TreeSet<>(models);
        List<ForeignKey> edges = foreignKeys.stream()
                .filter(key -> !key.selfReference())
                .filter(key -> members.contains(key.child()) && members.contains(key.parent()))
                .sorted()
                .toList();

        List<ForeignKey> deferred = new ArrayList<>();
        List<ForeignKey> remaining = new ArrayList<>();
        Map<TableName, Integer> component = components(members, edges);
        for (ForeignKey key : edges) {
            boolean onCycle = component.get(key.child()).equals(component.get(key.parent()));
            (onCycle && key.deferrable() ? deferred : remaining).add(key);
        }

        // What is still circular after the deferrable constraints are set aside cannot be satisfied.
        List<ForeignKeyCycle> cycles = new ArrayList<>();
        component = components(members, remaining);
        Map<Integer, List<ForeignKey>> closing = new TreeMap<>();
        for (ForeignKey key : remaining) {
            if (component.get(key.child()).equals(component.get(key.parent()))) {
                closing.computeIfAbsent(component.get(key.child()), c -> new ArrayList<>()).add(key);
            }
        }
        List<ForeignKey> acyclic = new ArrayList<>(remaining);
        for (List<ForeignKey> keys : closing.values()) {
            Set<TableName> tables = new TreeSet<>();
            keys.forEach(key -> {
                tables.add(key.child());
                tables.add(key.parent());
            });
            cycles.add(new ForeignKeyCycle(List.copyOf(tables), keys));
            acyclic.removeAll(keys);
        }
        cycles.sort(Comparator.comparing(cycle -> cycle.tables().get(0)));

        return new LoadOrder(topological(members, acyclic), deferred, cycles);
    }

    /** Kahn's algorithm over parent -> child, always taking the first ready table by name. */
    private static List<TableName> topological(Set<TableName> members, List<ForeignKey> edges) {
        Map<TableName, Set<TableName>> parentsOf = new HashMap<>();
        Map<TableName, Set<TableName>> childrenOf = new HashMap<>();
        for (ForeignKey key : edges) {
            parentsOf.computeIfAbsent(key.child(), t -> new HashSet<>()).add(key.parent());
            childrenOf.computeIfAbsent(key.parent(), t -> new HashSet<>()).add(key.child());
        }
        Map<TableName, Integer> waitingFor = new HashMap<>();
        PriorityQueue<TableName> ready = new PriorityQueue<>();
        for (TableName table : members) {
            int parents = parentsOf.getOrDefault(table, Set.of()).size();
            waitingFor.put(table, parents);
            if (parents == 0) {
                ready.add(table);
            }
        }
        List<TableName> order = new ArrayList<>(members.size());
        while (!ready.isEmpty()) {
            TableName next = ready.poll();
            order.add(next);
            for (TableName child : childrenOf.getOrDefault(next, Set.of())) {
                if (waitingFor.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        if (order.size() != members.size()) {
            throw new IllegalStateException("load order left tables out although every cycle was removed: " + edges);
        }
        return order;
    }

    /** Strongly connected components (Tarjan), as a component number per table. */
    private static Map<TableName, Integer> components(Set<TableName> members, List<ForeignKey> edges) {
        Map<TableName, List<TableName>> next = new HashMap<>();
        for (ForeignKey key : edges) {
            next.computeIfAbsent(key.child(), t -> new ArrayList<>()).add(key.parent());
        }
        return new Tarjan(next).run(members);
    }

    private static final class Tarjan {
        private final Map<TableName, List<TableName>> next;
        private final Map<TableName, Integer> index = new HashMap<>();
        private final Map<TableName, Integer> lowLink = new HashMap<>();
        private final Map<TableName, Integer> component = new HashMap<>();
        private final List<TableName> stack = new ArrayList<>();
        private final Set<TableName> onStack = new HashSet<>();
        private int counter;
        private int components;

        Tarjan(Map<TableName, List<TableName>> next) {
            this.next = next;
        }

        Map<TableName, Integer> run(Set<TableName> members) {
            for (TableName table : members) {
                if (!index.containsKey(table)) {
                    visit(table);
                }
            }
            return component;
        }

        // Recursion depth is bounded by the longest foreign-key chain, a few dozen tables in practice.
        private void visit(TableName table) {
            index.put(table, counter);
            lowLink.put(table, counter);
            counter++;
            stack.add(table);
            onStack.add(table);
            for (TableName parent : next.getOrDefault(table, List.of())) {
                if (!index.containsKey(parent)) {
                    visit(parent);
                    lowLink.put(table, Math.min(lowLink.get(table), lowLink.get(parent)));
                } else if (onStack.contains(parent)) {
                    lowLink.put(table, Math.min(lowLink.get(table), index.get(parent)));
                }
            }
            if (lowLink.get(table).equals(index.get(table))) {
                TableName member;
                do {
                    member = stack.remove(stack.size() - 1);
                    onStack.remove(member);
                    component.put(member, components);
                } while (!member.equals(table));
                components++;
            }
        }
    }
}
