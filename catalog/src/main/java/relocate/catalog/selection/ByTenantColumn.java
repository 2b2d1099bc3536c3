package relocate.catalog.selection;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import relocate.catalog.TableName;
import relocate.catalog.fk.ForeignKey;

/**
 * The model holds the domain's key itself: {@code WHERE t."domain" = CAST(? AS text)}. That is a tenant table
 * (it has the tenant column), a tenant root (its primary key is the domain's key: {@code companies.id}), or a
 * table whose column references a tenant root's key under another name.
 *
 * @param keyCopies other columns of the model that hold a domain's key (see {@link Selection#keyCopies()})
 */
public record ByTenantColumn(TableName table, TenantKey key, Set<String> keyCopies) implements Selection {

    public ByTenantColumn {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        keyCopies = Set.copyOf(keyCopies);
    }

    /** A model whose only column holding the domain's key is the one it selects by. */
    public ByTenantColumn(TableName table, TenantKey key) {
        this(table, key, Set.of());
    }

    /** The column of this table that holds the domain's key. */
    public String tenantColumn() {
        return key.column();
    }

    @Override
    public TenantKey tenantKey() {
        return key;
    }

    @Override
    public String fromWhere() {
        return "FROM " + table.sql() + " t WHERE " + key.test("t");
    }

    /** {@code x IS TRUE} is the same test in a WHERE clause (a NULL passes neither), but no index answers it. */
    @Override
    public String fromWhereInKeyRange() {
        return "FROM " + table.sql() + " t WHERE (" + key.test("t") + ") IS TRUE";
    }

    @Override
    public int parameterCount() {
        return 1;
    }

    @Override
    public String describe() {
        return key.column() + " = ?";
    }

    @Override
    public Map<TableName, Set<String>> requiredColumns() {
        return Map.of(table, Set.of(key.column()));
    }

    @Override
    public List<ForeignKey> path() {
        return List.of();
    }
}
