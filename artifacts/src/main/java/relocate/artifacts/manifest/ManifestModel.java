package relocate.artifacts.manifest;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import relocate.catalog.Column;
import relocate.catalog.Model;
import relocate.catalog.Table;
import relocate.catalog.TableName;

/**
 * One model as the source had it when it was dumped: its columns in order (binary COPY data has no
 * names, so these say what each field of a chunk is), its primary key, and how the domain's rows were
 * selected.
 */
@JsonPropertyOrder({"table", "columns", "primaryKey", "selection"})
public record ManifestModel(TableName table, List<Column> columns, List<String> primaryKey,
                            ManifestSelection selection) {

    public ManifestModel {
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        primaryKey = List.copyOf(Objects.requireNonNull(primaryKey, "primaryKey"));
        Objects.requireNonNull(selection, "selection");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("model " + table + " has no columns in the manifest");
        }
    }

    public static ManifestModel of(Model model) {
        return new ManifestModel(model.name(), model.columns(), model.primaryKey(), ManifestSelection.of(model.selection()));
    }

    /** The table as the catalog describes it. */
    public Table asTable() {
        return new Table(table, columns, primaryKey);
    }
}
