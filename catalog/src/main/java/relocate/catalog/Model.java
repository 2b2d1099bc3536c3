package relocate.catalog;

import java.util.List;
import java.util.Objects;

import relocate.catalog.selection.Selection;

/** One table of a domain: what it holds and how the domain's rows in it are selected. */
public record Model(Table table, Selection selection) {

    public Model {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(selection, "selection");
        if (!table.name().equals(selection.table())) {
            throw new IllegalArgumentException("selection of " + selection.table() + " given to model " + table.name());
        }
    }

    public TableName name() {
        return table.name();
    }

    public List<Column> columns() {
        return table.columns();
    }

    public List<String> primaryKey() {
        return table.primaryKey();
    }
}
