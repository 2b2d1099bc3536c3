package relocate.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as the catalog describes it: its columns in their declared order and its primary key.
 *
 * @param primaryKey column names of the primary key, in key order; empty when the table has none
 */
public record Table(TableName name, List<Column> columns, List<String> primaryKey) {

    public Table {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public boolean hasColumn(String columnName) {
        return column(columnName).isPresent();
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }
}
