package relocate.catalog.selection;

import java.util.Objects;

import relocate.catalog.Sql;

/**
 * The column of one table that holds a domain's key, and that column's type: {@code domain text},
 * {@code company_id bigint}, or a tenant root's own key ({@code companies.id}).
 *
 * <p>A domain travels as text (it is typed by people, carried in commands and trigger arguments) and is
 * compared in the column's own type, always through {@link #value(String)}: {@code company_id = CAST(? AS
 * bigint)}. Compared as text instead, a {@code bigint} key fails ({@code bigint = character varying}) or, in a
 * trigger, refuses every tenant's writes.
 *
 * @param column the column's name, as the catalog spells it
 * @param type   the column's type without modifiers, as {@code format_type(oid, NULL)} prints it (a cast to
 *               {@code varchar(3)} would cut the value short and select another domain)
 */
public record TenantKey(String column, String type) {

    public TenantKey {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(type, "type");
        if (type.isBlank() || type.indexOf(';') >= 0) {
            throw new IllegalArgumentException("'" + type + "' is not a type from PostgreSQL's catalog");
        }
    }

    /** The domain as a value of the key's type: {@code CAST(? AS bigint)}, or {@code CAST($2 AS bigint)}. */
    public String value(String placeholder) {
        return "CAST(" + placeholder + " AS " + type + ")";
    }

    /** {@code alias."company_id" = CAST(? AS bigint)}: one placeholder, the domain. */
    public String test(String alias) {
        return Sql.column(alias, column) + " = " + value("?");
    }

    /** {@code company_id bigint}, for people. */
    public String describe() {
        return column + " " + type;
    }
}
