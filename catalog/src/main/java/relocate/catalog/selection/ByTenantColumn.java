package relocate.catalog.selection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import relocate.catalog.Sql;
import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

/** The model has the tenant column itself: {@code WHERE t."domain" = ?}. */
public record ByTenantColumn(TableName table, String tenantColumn) implements Selection {

    public ByTenantColumn {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(tenantColumn, "tenantColumn");
    }

    @Override
    public String fromWhere() {
        return "FROM " + table.sql() + " t WHERE " + Sql.column("t", tenantColumn) + " = ?";
    }

    /** {@code x IS TRUE} is the same test in a WHERE clause (a NULL passes neither), but no index answers it. */
    @Override
    public String fromWhereInKeyRange() {
        return "FROM " + table.sql() + " t WHERE (" + Sql.column("t", tenantColumn) + " = ?) IS TRUE";
    }

    @Override
    public int parameterCount() {
        return 1;
    }

    @Override
    public String describe() {
        return tenantColumn + " = ?";
    }

    @Override
    public Map<TableName, Set<String>> requiredColumns() {
        return Map.of(table, Set.of(tenantColumn));
    }

    @Override
    public List<ForeignKey> path() {
        return List.of();
    }
}
