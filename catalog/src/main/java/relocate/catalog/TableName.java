package relocate.catalog;

import java.util.Comparator;
import java.util.Objects;

/**
 * A table's schema and name as the catalog spells them. {@link #toString()} is the form shown to
 * people and used as a model's name in reports ({@code public.cases}); {@link #sql()} is the quoted
 * form that goes into statements.
 */
public record TableName(String schema, String name) implements Comparable<TableName> {

    private static final Comparator<TableName> ORDER =
            Comparator.comparing(TableName::schema).thenComparing(TableName::name);

    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The name {@link #toString()} printed: {@code public.cases}. The schema ends at the first dot (a schema
     * whose name holds a dot cannot be given this way).
     */
    public static TableName parse(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot <= 0 || dot == qualified.length() - 1) {
            throw new IllegalArgumentException("'" + qualified + "' is not a schema-qualified table name such as public.cases");
        }
        return new TableName(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /** {@code "public"."cases"}. */
    public String sql() {
        return Sql.qualified(schema, name);
    }

    @Override
    public int compareTo(TableName other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return schema + '.' + name;
    }
}
