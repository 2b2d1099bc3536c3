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
