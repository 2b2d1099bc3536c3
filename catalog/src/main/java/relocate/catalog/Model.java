package relocate.catalog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import relocate.catalog.chunk.ChunkRange;
import relocate.catalog.selection.ByTenantColumn;
import relocate.catalog.selection.Selection;

/** One table of a domain: what it holds and how the domain's rows in it are selected. */
public record Model(Table table, Selection selection) {

    private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

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

    /**
     * The integer column the model's chunks are key ranges over: a one-column integer primary key, or the second
     * column of a primary key whose first is the column the model selects the domain by ({@code (company_id, id)}):
     * within one domain that column alone tells the rows apart, so its ranges split the domain's rows without
     * overlap. Empty when there is none: the model is dumped and loaded as one chunk.
     */
    public Optional<String> rangeKey() {
        List<String> key = table.primaryKey();
        String candidate;
        if (key.size() == 1) {
            candidate = key.get(0);
        } else if (keyFollowsTenant()) {
            candidate = key.get(1);
        } else {
            return Optional.empty();
        }
        return table.column(candidate).map(Column::type).filter(INTEGER_TYPES::contains).map(type -> candidate);
    }

    /** The domain's rows of one chunk ({@link Selection#fromWhere(ChunkRange, boolean)}), read through the model's key. */
    public String fromWhere(ChunkRange chunk) {
        return selection.fromWhere(chunk, keyFollowsTenant());
    }

    /** Whether the primary key is {@code (<the column the model selects by>, <one more>)}. */
    private boolean keyFollowsTenant() {
        List<String> key = table.primaryKey();
        return key.size() == 2 && selection instanceof ByTenantColumn direct && key.get(0).equals(direct.tenantColumn());
    }
}
