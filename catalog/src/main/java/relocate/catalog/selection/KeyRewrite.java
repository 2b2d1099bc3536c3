package relocate.catalog.selection;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import relocate.catalog.Column;
import relocate.catalog.Model;
import relocate.catalog.Sql;

/**
 * A column that holds a domain's key, read with that key replaced by another: {@code --new-name} writes the new
 * key on load (old key to new), and a checksum reads the canonical tenant in its place (the domain's key on this
 * database to the source's), so that a domain loaded under a new name checksums like the source.
 * <ul>
 *   <li>the column the model selects by holds the domain's key in every selected row:
 *       {@code CAST(? AS bigint)}, the replacement;</li>
 *   <li>a {@linkplain Selection#keyCopies() copy} may hold another tenant's key (a reference across tenants), so
 *       only the domain's own is replaced: {@code CASE WHEN t."c" = CAST(? AS bigint) THEN CAST(? AS bigint) ELSE
 *       t."c" END}.</li>
 * </ul>
 *
 * @param sql          the expression, with placeholders
 * @param bindsFrom    whether the expression's first placeholder takes the key being replaced
 */
public record KeyRewrite(String sql, boolean bindsFrom) {

    /** How {@code column} of {@code model} reads with its key replaced, or empty when it holds no key. */
    public static Optional<KeyRewrite> of(Model model, String column, String alias) {
        Selection selection = model.selection();
        if (selection instanceof ByTenantColumn direct && direct.tenantColumn().equals(column)) {
            return Optional.of(new KeyRewrite(direct.key().value("?"), false));
        }
        if (!selection.keyCopies().contains(column)) {
            return Optional.empty();
        }
        String type = model.table().column(column).map(Column::baseType).orElseThrow(() ->
                new IllegalArgumentException("table " + model.name() + " has no column " + column));
        TenantKey key = new TenantKey(column, type);
        String read = alias == null ? Sql.ident(column) : Sql.column(alias, column);
        return Optional.of(new KeyRewrite("CASE WHEN " + read + " = " + key.value("?") + " THEN " + key.value("?")
                + " ELSE " + read + " END", true));
    }

    /** Whether any column of {@code columns} holds a key of the domain, so that a rename must rewrite it. */
    public static boolean any(Model model, List<String> columns) {
        return columns.stream().anyMatch(column -> of(model, column, null).isPresent());
    }

    /**
     * Binds the placeholders of every key column among {@code columns}, in their order, from {@code index}: the
     * statement reads them in that order through {@link #of}. Returns the next free index.
     */
    public static int bindAll(PreparedStatement statement, int index, Model model, List<String> columns, String from,
                              String to) throws SQLException {
        int next = index;
        for (String column : columns) {
            Optional<KeyRewrite> rewrite = of(model, column, null);
            if (rewrite.isPresent()) {
                next = rewrite.get().bind(statement, next, from, to);
            }
        }
        return next;
    }

    /** Binds the expression's placeholders from {@code index}; returns the next free index. */
    public int bind(PreparedStatement statement, int index, String from, String to) throws SQLException {
        int next = index;
        if (bindsFrom) {
            statement.setString(next++, from);
        }
        statement.setString(next++, to);
        return next;
    }
}
