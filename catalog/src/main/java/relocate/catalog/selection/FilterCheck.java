package relocate.catalog.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import relocate.catalog.DomainModel;
import relocate.catalog.Model;
import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

/**
 * What is wrong with a choice of models before a migration runs on it: a chosen model whose rows
 * point at a model left out could not be loaded on a target that does not already hold the parent's
 * rows, and a choice of nothing moves nothing.
 */
public final class FilterCheck {

    private FilterCheck() {
    }

    /**
     * Messages for people, one per (chosen model, left-out parent) pair in load order, then one if
     * nothing is chosen; empty when the choice is sound. Foreign keys to tables outside the domain
     * (global tables, present on every target) are not problems.
     *
     * @param selected the models chosen, e.g. {@code filter::dumps} or {@code filter::loads}
     */
    public static List<String> problems(DomainModel domain, Predicate<TableName> selected) {
        List<String> problems = new ArrayList<>();
        for (TableName child : domain.loadOrder()) {
            if (!selected.test(child)) {
                continue;
            }
            Set<TableName> leftOutParents = new TreeSet<>(); // one message per parent, however many keys
            for (ForeignKey key : domain.foreignKeys()) {
                if (key.child().equals(child) && domain.model(key.parent()).isPresent() && !selected.test(key.parent())) {
                    leftOutParents.add(key.parent());
                }
            }
            for (TableName parent : leftOutParents) {
                problems.add(child + " references " + parent + ", which the filter leaves out: its rows could not load"
                        + " on the target; include " + parent + " or exclude " + child);
            }
        }
        if (domain.models().isEmpty()) {
            problems.add("the filter selects no model: the domain has none (no table has the tenant column "
                    + domain.tenantColumn() + ")");
        } else if (domain.models().stream().map(Model::name).noneMatch(selected)) {
            problems.add("the filter selects none of the domain's " + domain.models().size() + " models: check its"
                    + " include and exclude patterns and object filter against the models' names (schema.table, e.g. "
                    + domain.models().get(0).name() + ")");
        }
        return List.copyOf(problems);
    }
}
