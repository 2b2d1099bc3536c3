package relocate.catalog;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one place where SQL identifiers are quoted. Every table, schema and column name that goes into
 * a statement passes through {@link #ident(String)}, so that names with capitals, spaces or quotes
 * are read back exactly as the catalog spells them. Values are never put into SQL text: they are
 * bound as parameters.
 */
public final class Sql {

    private Sql() {
    }

    /** {@code cases} becomes {@code "cases"}, {@code we"ird} becomes {@code "we""ird"}. */
    public static String ident(String name) {
        Objects.requireNonNull(name, "identifier");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier cannot be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier cannot contain a NUL character");
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code "public"."cases"}. */
    public static String qualified(String schema, String table) {
        return ident(schema) + '.' + ident(table);
    }

    /** {@code alias."column"}; the alias is ours (a short lower-case word), never a name from a catalog. */
    public static String column(String alias, String column) {
        return alias + '.' + ident(column);
    }

    /**
     * Several columns of one alias, in the form a row comparison needs: {@code t."a"} for one column,
     * {@code (t."a", t."b")} for several.
     */
    public static String columns(String alias, List<String> columns) {
        if (columns.size() == 1) {
            return column(alias, columns.get(0));
        }
        return columns.stream().map(c -> column(alias, c)).collect(Collectors.joining(", ", "(", ")"));
    }
}
