package relocate.catalog.fk;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import relocate.catalog.TableName;

/**
 * A foreign-key constraint: {@code child(columns) -> parent(parentColumns)}.
 *
 * @param name       the constraint's name (unique within the child table)
 * @param deferrable whether the constraint is DEFERRABLE, so that its check can wait until commit;
 *                   only such a constraint can break a cycle between tables during a load
 */
public record ForeignKey(String name, TableName child, List<String> columns, TableName parent,
                         List<String> parentColumns, boolean deferrable) implements Comparable<ForeignKey> {

    private static final Comparator<ForeignKey> ORDER = Comparator.comparing(ForeignKey::child)
            .thenComparing(ForeignKey::parent)
            .thenComparing(ForeignKey::name);

    public ForeignKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(parent, "parent");
        columns = List.copyOf(columns);
        parentColumns = List.copyOf(parentColumns);
        if (columns.isEmpty() || columns.size() != parentColumns.size()) {
            throw new IllegalArgumentException("foreign key " + name + " on " + child
                    + " must pair each of its columns with one column of " + parent);
        }
    }

    public boolean selfReference() {
        return child.equals(parent);
    }

    /** {@code case_id} or {@code (a, b)}: the child's side, for people. */
    public String columnsText() {
        return columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
    }

    /** {@code public.case_indices(case_id) -> public.cases [case_indices_case_id_fkey]}, for people. */
    public String describe() {
        return child + "(" + String.join(", ", columns) + ") -> " + parent + " [" + name
                + (deferrable ? ", DEFERRABLE" : "") + "]";
    }

    @Override
    public int compareTo(ForeignKey other) {
        return ORDER.compare(this, other);
    }
}
