package relocate.catalog.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import relocate.catalog.Column;
import relocate.catalog.Table;

/**
 * Whether a source table's rows fit the target's table of the same name. Types are compared as
 * PostgreSQL prints them ({@code format_type}), so {@code character varying(100)} and
 * {@code character varying(200)} differ. Columns only the target has are fine as long as a row can
 * be inserted without them (nullable, or with a default).
 */
public final class ColumnCompatibility {

    private ColumnCompatibility() {
    }

    /** Every difference, source columns first in their order, then the target's own; empty when compatible. */
    public static List<ColumnDifference> compare(Table source, Table target) {
        List<ColumnDifference> differences = new ArrayList<>();
        for (Column column : source.columns()) {
            Optional<Column> onTarget = target.column(column.name());
            if (onTarget.isEmpty()) {
                differences.add(new ColumnDifference.MissingOnTarget(column.name(), column.type()));
            } else if (!onTarget.get().type().equals(column.type())) {
                differences.add(new ColumnDifference.TypeDiffers(column.name(), column.type(), onTarget.get().type()));
            } else if (onTarget.get().generated() && !column.generated()) {
                differences.add(new ColumnDifference.GeneratedOnTarget(column.name()));
            }
        }
        for (Column column : target.columns()) {
            if (!source.hasColumn(column.name()) && !column.fillsItself()) {
                differences.add(new ColumnDifference.RequiredOnTargetOnly(column.name(), column.type()));
            }
        }
        return differences;
    }
}
